#!/usr/bin/env python3
"""Two versions of asklog on copies of one corpus, taking turns: the change, not the machine.

On a shared machine (or a disk whose speed drifts), separate benchmark runs differ by
more than most changes do. This builds the same corpus with an older checkout and this
one, alternating inside every run, and prints medians and their ratio.

    git worktree add /tmp/asklog-old 953c87b
    .venv/bin/python tests/benchmarks/ab.py /tmp/asklog-old CORPUS [--runs 5] [--work DIR]

CORPUS is an asklog site (for example `/tmp/asklog-bench/asklog-1000` after bench.py).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1798761600"
SCENARIOS = ("cold", "warm", "edit", "same")
Sample = tuple[float, float, float]  # wall seconds, CPU seconds, peak MiB


def build(code: Path, site: Path) -> Sample:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "-q"],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"build failed in {site}: {proc.stderr.read() if proc.stderr else ''}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def prepare(site: Path, scenario: str, run: int) -> None:
    if scenario in ("cold", "warm"):
        shutil.rmtree(site / "site", ignore_errors=True)
    if scenario == "cold":
        shutil.rmtree(site / ".asklog", ignore_errors=True)
    if scenario == "edit":  # the middle entry's body, a different text every run
        files = sorted((site / "content/entries").rglob("*.md"))
        path = files[len(files) // 2]
        text = re.sub(r"\n\nA/B edit \d+\.\n$", "\n", path.read_text("utf-8"))
        path.write_text(text + f"\nA/B edit {run}.\n", "utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", type=Path, help="checkout of the older version")
    ap.add_argument("corpus", type=Path, help="an asklog site to build")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path("/tmp/asklog-ab"))
    args = ap.parse_args()
    versions = {"old": args.old.resolve(), "new": REPO}
    sites = {}
    for name in versions:
        site = sites[name] = args.work / name
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(args.corpus, site, ignore=shutil.ignore_patterns("site", ".asklog"))
    results: dict[tuple[str, str], list[Sample]] = {}
    for run in range(args.runs):
        order = list(versions) if run % 2 == 0 else list(versions)[::-1]
        for scenario in SCENARIOS:
            for name in order:
                prepare(sites[name], scenario, run)
                results.setdefault((name, scenario), []).append(build(versions[name], sites[name]))
        print(f"run {run + 1}/{args.runs} done", flush=True)
    print(f"| measure | old ({args.old}) | new | new/old |\n|---|---|---|---|")
    for scenario in SCENARIOS:
        old, new = results[("old", scenario)], results[("new", scenario)]
        wall = [statistics.median(s[0] for s in x) for x in (old, new)]
        cpu = [statistics.median(s[1] for s in x) for x in (old, new)]
        print(
            f"| {scenario} | {wall[0]:.2f} s ({cpu[0]:.2f} s CPU) | "
            f"{wall[1]:.2f} s ({cpu[1]:.2f} s CPU) | {wall[1] / wall[0]:.2f}× |"
        )
    peaks = [
        max(s[2] for (n, _), ss in results.items() if n == name for s in ss) for name in versions
    ]
    print(f"| peak memory | {peaks[0]:.0f} MiB | {peaks[1]:.0f} MiB | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
