#!/usr/bin/env python3
"""Build-speed benchmark: asklog (and with --peers, Pelican and Hugo) on the same corpus.

    python tests/benchmarks/bench.py            # N = 1,000 and 10,000, 5 runs each
    python tests/benchmarks/bench.py --quick    # N = 1,000, 3 runs
    python tests/benchmarks/bench.py --peers    # also Pelican (own venv) and Hugo (Debian)

Every figure is a whole process (`python -m generator build`, `pelican`, `hugo`)
with SOURCE_DATE_EPOCH=1798761600, output written to disk; times are medians,
peak memory is the largest resident set of the process (and of its workers)
from os.wait4. Tools take turns inside each run, so machine drift hits all.
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
from dataclasses import dataclass, field
from pathlib import Path

from free_names import give_free_names

REPO = Path(__file__).resolve().parents[2]
PEERS = Path(__file__).resolve().parent / "peers"
EPOCH = "1798761600"  # 2027-01-01: every corpus entry is in the past
SCENARIOS = {
    "cold": "cold build (no cache, empty output)",
    "warm": "warm cache, empty output",
    "edit": "one entry edited",
    "same": "no change",
}
TOOLS = ("asklog", "pelican", "hugo")


@dataclass
class Sample:
    seconds: float
    rss_mib: float
    cpu: float = 0.0  # user + system seconds: on a busy machine, wall time alone misleads


@dataclass
class Results:
    samples: dict[tuple[str, int, str], list[Sample]] = field(default_factory=dict)

    def add(self, tool: str, n: int, scenario: str, sample: Sample) -> None:
        self.samples.setdefault((tool, n, scenario), []).append(sample)

    def median(self, tool: str, n: int, scenario: str) -> float | None:
        got = self.samples.get((tool, n, scenario))
        return statistics.median(s.seconds for s in got) if got else None

    def cpu(self, tool: str, n: int, scenario: str) -> float | None:
        got = self.samples.get((tool, n, scenario))
        return statistics.median(s.cpu for s in got) if got else None

    def peak(self, tool: str, n: int) -> float | None:
        got = [
            s.rss_mib for (t, m, _), ss in self.samples.items() if (t, m) == (tool, n) for s in ss
        ]
        return max(got) if got else None


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """One whole process: wall time and peak RSS (ru_maxrss of it and its waited children)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)} in {cwd}\n{err[-3000:]}")
    if proc.stderr:
        proc.stderr.close()
    return Sample(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


# ---------------------------------------------------------------- corpora


def make_corpus(script: Path, folder: Path, n: int, fmt: str, cards: bool = True) -> None:
    marker = folder / ".bench-corpus"
    if marker.exists() and marker.read_text() == f"{n} {fmt} cards={cards}":
        return
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [sys.executable, str(script), str(folder), "--entries", str(n), "--format", fmt],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    if fmt == "asklog":
        give_free_names(folder)
        if not cards:  # the peers draw no share cards: this measures the same work as theirs
            with (folder / "site.yaml").open("a", encoding="utf-8") as config:
                config.write("share_cards: false\n")
    marker.write_text(f"{n} {fmt} cards={cards}")


def edit_one(folder: Path, run_number: int) -> None:
    """Change the body of one entry in the middle of the corpus (a different text each run)."""
    files = sorted(
        p for p in folder.rglob("*.md") if "faq" not in p.parts and "pages" not in p.parts
    )
    path = files[len(files) // 2]
    text = re.sub(r"\n\nEdited in run \d+\.\n$", "\n", path.read_text("utf-8"))
    path.write_text(text + f"\nEdited in run {run_number}.\n", "utf-8")


# ---------------------------------------------------------------- tools


class Tool:
    name = ""

    def __init__(self, work: Path, n: int) -> None:
        self.site = work / f"{self.name}-{n}"

    def build(self) -> Sample:
        raise NotImplementedError

    def clean(self, cache: bool) -> None:
        raise NotImplementedError

    def scenario(self, scenario: str, run_number: int) -> Sample:
        if scenario == "cold":
            self.clean(cache=True)
        elif scenario == "warm":
            self.clean(cache=False)
        elif scenario == "edit":
            edit_one(self.site, run_number)
        return self.build()


class Asklog(Tool):
    name = "asklog"

    def __init__(self, work: Path, n: int, python: str) -> None:
        super().__init__(work, n)
        self.python = python

    def build(self) -> Sample:
        return run(
            [self.python, "-m", "generator", "build", "-q"], self.site, {"PYTHONPATH": str(REPO)}
        )

    def clean(self, cache: bool) -> None:
        shutil.rmtree(self.site / "site", ignore_errors=True)
        if cache:
            shutil.rmtree(self.site / ".asklog", ignore_errors=True)


class Pelican(Tool):
    name = "pelican"

    def __init__(self, work: Path, n: int, pelican: Path) -> None:
        super().__init__(work, n)
        self.pelican = pelican
        for name in ("pelicanconf.py", "templates"):
            copy(PEERS / "pelican" / name, self.site / name)

    def build(self) -> Sample:
        return run(
            [str(self.pelican), "content", "-s", "pelicanconf.py", "-o", "output", "-q"], self.site
        )

    def clean(self, cache: bool) -> None:
        shutil.rmtree(self.site / "output", ignore_errors=True)
        if cache:
            shutil.rmtree(self.site / "cache", ignore_errors=True)


class Hugo(Tool):
    name = "hugo"

    def __init__(self, work: Path, n: int) -> None:
        super().__init__(work, n)
        for name in ("hugo.toml", "layouts"):
            copy(PEERS / "hugo" / name, self.site / name)

    def build(self) -> Sample:
        return run(["hugo", "--quiet", "--destination", "public"], self.site)

    def clean(self, cache: bool) -> None:
        shutil.rmtree(self.site / "public", ignore_errors=True)
        if cache:
            shutil.rmtree(self.site / "resources", ignore_errors=True)


def copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        shutil.copy2(src, dst)


def pelican_venv(work: Path) -> Path:
    """Pelican in a venv of its own: a benchmark peer, never a dependency of asklog."""
    venv = work / "pelican-venv"
    exe = venv / "bin" / "pelican"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "pelican", "markdown"], check=True
        )
    return exe


def tool_versions(tools: list[str], work: Path) -> str:
    parts = [f"Python {sys.version.split()[0]}"]
    if "pelican" in tools:
        out = subprocess.run([str(pelican_venv(work)), "--version"], capture_output=True, text=True)
        parts.append(f"Pelican {out.stdout.strip()}")
    if "hugo" in tools:
        out = subprocess.run(["hugo", "version"], capture_output=True, text=True)
        match = re.search(r"v(\d+\.\d+\.\d+)", out.stdout)
        parts.append(f"Hugo {match.group(1) if match else '?'}")
    return ", ".join(parts)


# ---------------------------------------------------------------- report


def fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "–"
    return f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def table(results: Results, sizes: list[int], tools: list[str], runs: int) -> str:
    peers = [t for t in tools if t != "asklog"]
    head = ["N", "measure", *tools, *(f"asklog/{p}" for p in peers)]
    rows = []
    for n in sizes:
        for key, label in SCENARIOS.items():
            values = [results.median(t, n, key) for t in tools]
            ratios = [ratio(values[0], results.median(p, n, key)) for p in peers]
            cpus = [results.cpu(t, n, key) for t in tools]
            cells = [f"{fmt(v)} ({fmt(c)} CPU)" for v, c in zip(values, cpus, strict=True)]
            rows.append([f"{n:,}", label, *cells, *ratios])
        peaks = [results.peak(t, n) for t in tools]
        rows.append(
            [
                f"{n:,}",
                "peak memory (any run)",
                *(fmt(p, "MiB") for p in peaks),
                *(ratio(peaks[0], results.peak(p, n)) for p in peers),
            ]
        )
    lines = [
        f"Medians of {runs} whole-process runs (SOURCE_DATE_EPOCH={EPOCH}): wall time "
        "(user + system CPU time of the process and its workers); ratios are of wall times.",
        "",
    ]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join("---" for _ in head) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "–"


def targets(results: Results, sizes: list[int], tools: list[str]) -> str:
    """The targets of issue 15 (one incremental engine), checked against this run."""
    med = results.median
    limits = {
        1000: [("cold", 2.0), ("warm", 0.6), ("edit", 0.4), ("same", 0.15)],
        10000: [("cold", 18.0), ("warm", 4.0), ("edit", 1.5)],
    }
    checks: list[tuple[str, float | None, float]] = []
    for n in sizes:
        for key, limit in limits.get(n, []):
            checks.append((f"{SCENARIOS[key]}, {n:,} ≤ {limit} s", med("asklog", n, key), limit))
    if 10000 in sizes:
        checks.append(("peak memory, 10,000 ≤ 250 MiB", results.peak("asklog", 10000), 250.0))
    if "hugo" in tools and 1000 in sizes:
        a, h = med("asklog", 1000, "cold"), med("hugo", 1000, "cold")
        if a and h:
            checks.append(("cold build, 1,000 ≤ 1.5× Hugo's in this run (ratio)", a / h, 1.5))
    lines = ["", "Targets (issue 15):"]
    for label, value, limit in checks:
        verdict = "–" if value is None else ("met" if value <= limit else "NOT met")
        lines.append(f"- {label}: {value if value is None else round(value, 2)} → {verdict}")
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=None, help="corpus sizes")
    ap.add_argument("--runs", type=int, default=None, help="runs per measure (default 5)")
    ap.add_argument("--quick", action="store_true", help="N = 1,000 and 3 runs")
    ap.add_argument("--peers", action="store_true", help="also build with Pelican and Hugo")
    ap.add_argument("--work", type=Path, default=Path("/tmp/asklog-bench"), help="work folder")
    ap.add_argument(
        "--corpus-script",
        type=Path,
        default=REPO.parent / "shared" / "bench" / "make_corpus.py",
        help="make_corpus.py (default ../shared/bench/)",
    )
    ap.add_argument("--python", default=sys.executable, help="Python that runs asklog")
    ap.add_argument("--no-cards", action="store_true", help="build asklog with share_cards: false")
    args = ap.parse_args(argv)
    sizes = args.sizes or ([1000] if args.quick else [1000, 10000])
    runs = args.runs or (3 if args.quick else 5)
    tools = list(TOOLS) if args.peers else ["asklog"]
    if "hugo" in tools and shutil.which("hugo") is None:
        raise SystemExit("hugo is not installed: apt-get install -y hugo (or drop --peers)")
    args.work.mkdir(parents=True, exist_ok=True)
    print(
        f"{tool_versions(tools, args.work)}; {os.cpu_count()} CPUs; work folder {args.work}",
        flush=True,
    )

    results = Results()
    for n in sizes:
        runners: list[Tool] = []
        for tool in tools:
            make_corpus(args.corpus_script, args.work / f"{tool}-{n}", n, tool, not args.no_cards)
            if tool == "asklog":
                runners.append(Asklog(args.work, n, args.python))
            elif tool == "pelican":
                runners.append(Pelican(args.work, n, pelican_venv(args.work)))
            else:
                runners.append(Hugo(args.work, n))
        for number in range(1, runs + 1):
            for key in SCENARIOS:
                for runner in runners:  # tools take turns: drift hits every tool alike
                    sample = runner.scenario(key, number)
                    results.add(runner.name, n, key, sample)
            line = ", ".join(
                f"{r.name} {results.samples[(r.name, n, 'cold')][-1].seconds:.2f} s"
                for r in runners
            )
            print(f"N={n:,} run {number}/{runs}: cold {line}", flush=True)
        if n != sizes[-1]:  # a long run shows what it has so far
            print(table(results, [n], tools, runs), flush=True)
    print()
    print(table(results, sizes, tools, runs))
    print(targets(results, sizes, tools))
    return 0


if __name__ == "__main__":
    sys.exit(main())
