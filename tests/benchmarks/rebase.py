#!/usr/bin/env python3
"""Cost of putting root-relative body links under a base path (core/rebase.py).

Every build of a site with a base path (a GitHub project site: https://USER.github.io/REPO/)
runs it over every body; this prints the time per 10,000 bodies without and with such links.

    .venv/bin/python tests/benchmarks/rebase.py [--bodies 10000]
"""

from __future__ import annotations

import argparse
import statistics
import time

from generator.content.markup import to_html
from generator.core.rebase import rebase_html

PLAIN = "Some *story* with [a link](https://x.org/) and a list:\n\n- one\n- two\n\n" * 3
LINKED = PLAIN + "[my first ask](/asks/x/) and ![a chart](/images/a.png)\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=10_000)
    args = parser.parse_args()
    for name, text in (("without root-relative links", PLAIN), ("with two of them", LINKED)):
        body = to_html(text)
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(args.bodies):
                rebase_html(body, "/journey/")
            runs.append(time.perf_counter() - start)
        median = statistics.median(runs) * 1000
        print(f"{args.bodies:,} bodies {name}: median {median:.1f} ms ({len(body)} bytes each)")


if __name__ == "__main__":
    main()
