#!/usr/bin/env python3
"""Page weights and share-card cost of the default theme on a generated corpus.

    python tests/benchmarks/theme_weights.py              # 1,000 entries
    python tests/benchmarks/theme_weights.py --entries 200

Writes the corpus with make_corpus.py (default ../shared/bench/, or --corpus-script),
renders it once in this process on one core with
SOURCE_DATE_EPOCH=1798761600, and prints the largest HTML page of each kind, the pages
over 150 KB (there should be none), and the CPU time resvg spent per card and in all.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
EPOCH = "1798761600"  # 2027-01-01: every corpus entry is in the past
LIMIT = 150 * 1024


def kind_of(path: str) -> str:
    """'asks/x/index.html' -> 'asks/*'; 'outcomes/rejected/page/2/index.html' -> 'outcomes/*'."""
    parts = path.split("/")
    if len(parts) <= 1:
        return path
    return parts[0] + ("/*" if len(parts) > 2 else "/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--corpus-script", type=Path, default=CORPUS)
    args = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    sys.path.insert(0, str(REPO))
    from generator.incremental.rendercache import RenderCache
    from generator.pipeline.build import BuildOptions, load_site, render_site
    from generator.render import cards

    spent: list[float] = []
    rasterize = cards.rasterize

    def timed(svg: bytes, fonts: object) -> bytes:
        start = time.process_time()
        try:
            return rasterize(svg, fonts)  # type: ignore[arg-type]
        finally:
            spent.append(time.process_time() - start)

    cards.rasterize = timed  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="asklog-weights-") as tmp:
        root = Path(tmp) / "site"
        subprocess.run(
            [sys.executable, str(args.corpus_script), str(root), "--entries", str(args.entries)],
            check=True,
            capture_output=True,
        )
        stages: dict[str, float] = {}
        loaded = load_site(root, BuildOptions(cache=False))
        files = render_site(root, loaded, stages, RenderCache(), jobs=1)
    heaviest: dict[str, tuple[int, str]] = {}
    for path, data in files.items():
        if path.endswith(".html"):
            kind = kind_of(path)
            heaviest[kind] = max(heaviest.get(kind, (0, "")), (len(data), path))
    print(f"{args.entries} entries, {sum(p.endswith('.html') for p in files)} HTML pages")
    print("largest HTML page of each kind:")
    for size, path in sorted(heaviest.values(), reverse=True):
        print(f"  {size / 1024:7.1f} KB  {path}")
    over = [p for p, d in files.items() if p.endswith(".html") and len(d) > LIMIT]
    print(f"pages over 150 KB: {len(over)} {over[:5]}")
    pngs = [d for p, d in files.items() if p.endswith("card.png")]
    print(
        f"share cards: {len(spent)} drawn, {sum(spent) / len(spent) * 1000:.1f} ms CPU each, "
        f"{sum(spent):.1f} s CPU in all; {sum(map(len, pngs)) / len(pngs) / 1024:.1f} KB each"
    )
    print(f"render stage: {stages.get('render', 0):.1f} s on one core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
