#!/usr/bin/env python3
"""Edit-to-reload latency of `asklog serve` on a synthetic corpus.

Makes an N-entry site with make_corpus.py, starts `asklog serve` on a free port, listens
to its reload events like a browser tab does, saves one entry EDITS times and measures
save -> entry page rewritten on disk -> reload event received. Prints median and max.

    .venv/bin/python tests/benchmarks/serve_latency.py [--entries 1000] [--edits 20]
        [--corpus-script ../shared/bench/make_corpus.py] [--poll]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from free_names import give_free_names

from generator.core.slugs import file_slug

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1798761600"  # 2027-01-01: every corpus entry (dated 2026) is in the past


def make_corpus(script: Path, folder: Path, entries: int) -> None:
    subprocess.run(
        [sys.executable, str(script), str(folder), "--entries", str(entries)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    give_free_names(folder)


def start_server(root: Path, poll: bool) -> tuple[subprocess.Popen[str], str]:
    args = [sys.executable, "-m", "generator", "-C", str(root), "serve", "--port", "0"]
    proc = subprocess.Popen(
        args + (["--poll"] if poll else []),
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        cwd=REPO,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        print("  serve:", line.rstrip())
        found = re.search(r"at (http://\S+) ", line)
        if found:
            threading.Thread(target=_drain, args=(proc.stdout,), daemon=True).start()
            return proc, found.group(1)
    raise SystemExit("asklog serve did not start")


REBUILDS: list[float] = []  # what the server reports: "Rebuilt in N ms"
FAILED: list[str] = []  # "Build failed ..." lines: a save seen half-written


def _drain(stream: object) -> None:
    for line in stream:  # type: ignore[attr-defined]
        found = re.match(r"Rebuilt in (\d+) ms", line)
        if found:
            REBUILDS.append(int(found.group(1)) / 1000)
        elif line.startswith("Build failed"):
            FAILED.append(line)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) the server has used: immune to machine load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Listener:
    """Reads the server's event stream as the page script does; notes when each arrives."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.conn.request("GET", "/__asklog/events")
        self.response = self.conn.getresponse()
        self.events: list[tuple[float, int]] = []
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.response:
            line = raw.decode().strip()
            if line.startswith("data: "):
                site = json.loads(line[6:])["site"]
                with self.arrived:
                    self.events.append((time.perf_counter(), site))
                    self.arrived.notify_all()

    def wait_newer(self, site: int, timeout: float = 30) -> tuple[float, int]:
        with self.arrived:
            self.arrived.wait_for(lambda: self.events and self.events[-1][1] > site, timeout)
            return self.events[-1]


def wait_for_text(path: Path, marker: bytes, timeout: float = 30) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if marker in path.read_bytes():
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.001)
    raise SystemExit(f"{path} never showed the edit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--poll", action="store_true", help="serve with --poll")
    parser.add_argument(
        "--corpus-script",
        type=Path,
        default=REPO.parent / "shared" / "bench" / "make_corpus.py",
        help="make_corpus.py (default: ../shared/bench/make_corpus.py from the repo root)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="asklog-serve-bench-") as tmp:
        root = Path(tmp) / "corpus"
        make_corpus(args.corpus_script, root, args.entries)
        victim = sorted((root / "content/entries").glob("*.md"))[args.entries // 2]
        slug = file_slug(victim.stem)[0]  # the URL rule: the file name without its date
        page = root / ".asklog/preview/asks" / slug / "index.html"  # serve's own folder
        original = victim.read_text("utf-8")

        started = time.perf_counter()
        proc, url = start_server(root, args.poll)
        print(f"first build and start: {time.perf_counter() - started:.2f} s")
        try:
            listener = Listener(url)
            _, site = listener.wait_newer(-1)
            written: list[float] = []
            reloaded: list[float] = []
            cpu: list[float] = []
            for i in range(args.edits):
                marker = f"Benchmark edit number {i}."
                time.sleep(0.4)  # a writer pauses between saves
                cpu_before = cpu_seconds(proc.pid)
                saved = time.perf_counter()
                victim.write_text(original + f"\n{marker}\n", "utf-8")
                written.append(wait_for_text(page, marker.encode()) - saved)
                at, site = listener.wait_newer(site)
                reloaded.append(at - saved)
                cpu.append(cpu_seconds(proc.pid) - cpu_before)
        finally:
            proc.terminate()
            proc.wait(timeout=20)

    ms = [round(x * 1000) for x in reloaded]
    print(
        f"entries: {args.entries}, edits: {args.edits}, "
        f"observer: {'polling' if args.poll else 'native'}"
    )
    print(
        f"save -> page rewritten: median {statistics.median(written) * 1000:.0f} ms, "
        f"max {max(written) * 1000:.0f} ms"
    )
    print(
        f"save -> reload event:   median {statistics.median(reloaded) * 1000:.0f} ms, "
        f"max {max(reloaded) * 1000:.0f} ms"
    )
    print(
        f"server CPU per edit:   median {statistics.median(cpu) * 1000:.0f} ms, "
        f"max {max(cpu) * 1000:.0f} ms (10 ms ticks)"
    )
    if REBUILDS:
        print(
            f"rebuild as the server reports it: median {statistics.median(REBUILDS) * 1000:.0f}"
            f" ms, max {max(REBUILDS) * 1000:.0f} ms; {len(REBUILDS)} rebuilds, "
            f"{len(FAILED)} failed, for {args.edits} saves"
        )
    print("each save -> reload (ms):", ms)
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
