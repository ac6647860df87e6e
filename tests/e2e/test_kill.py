"""SPEC 8.2: a build killed with SIGKILL at any moment leaves no truncated file.

Two versions of a 300-entry site differ in every page (another title), in 20 deleted and
20 added entries. Builds alternate between them into one output folder and are killed at
random moments spread over a build's duration, weighted toward the write stage. After each
kill every file must equal its old or its new version; leftover temporary files are
allowed only until the next complete build, which must equal a clean build exactly.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from support import EPOCH, entry, run_cli, write_site

RUNS = int(os.environ.get("ASKLOG_KILL_RUNS", "50"))
SEED = int(os.environ.get("ASKLOG_KILL_SEED", "20261201"))
ENTRIES = 300
MANIFEST = ".asklog-manifest.json"
OUTCOMES = ["no", "yes", "ghosted", "maybe", "pending"]


def journey(first: int, title: str) -> dict[str, str]:
    # Share cards off: every card shows the title, and 600 redrawn cards a run add minutes
    # without adding a kind of file (cards are written like any page).
    files = {"site.yaml": f"title: {title}\nbase_url: https://example.org/\nshare_cards: false\n"}
    for i in range(first, first + ENTRIES):
        files[f"content/entries/e{i:03d}.md"] = entry(
            date=f"2026-{1 + i % 11:02d}-{1 + i % 28:02d} {i % 24:02d}:00",
            ask=f"Ask number {i}?",
            outcome=OUTCOMES[i % 5],
            tags=f"[t{i % 7}, u{i % 13}]",
        )
    return files


def make(root: Path, files: dict[str, str]) -> Path:
    site_yaml = files.pop("site.yaml")
    return write_site(root, files, site_yaml)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".asklog-*.tmp"))


def start_build(root: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "-C", str(root), "build", "-q", "--out", str(out)],
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def wait_for_change(path: Path, build: subprocess.Popen[bytes]) -> None:
    """Return once `path` is created or touched, or the build has ended."""
    before = _mtime(path)
    while build.poll() is None and _mtime(path) in (before, None):
        time.sleep(0.002)


def timed_build(root: Path, out: Path) -> tuple[float, float]:
    """(seconds to the write stage, total seconds) of one complete build into `out`."""
    begin = time.perf_counter()
    done = run_cli("-C", root, "build", "-v", "--out", out)
    total = time.perf_counter() - begin
    assert done.returncode == 0, done.stderr
    write = float(next(ln for ln in done.stdout.splitlines() if "write" in ln).split()[1]) / 1000
    return max(total - write, 0.0), total


def test_sigkill_never_leaves_a_truncated_file(tmp_path: Path) -> None:
    roots = [
        make(tmp_path / "v0", journey(0, "Version zero")),
        make(tmp_path / "v1", journey(20, "Version one")),
    ]
    refs = []
    for i, root in enumerate(roots):
        timed_build(root, tmp_path / f"ref{i}")
        refs.append(tree(tmp_path / f"ref{i}"))
    out = tmp_path / "out"
    shutil.copytree(tmp_path / "ref0", out)
    # Timed as the loop's builds run: each version's pages known from its last build
    # into the folder (so rendering is quick), every file then rewritten.
    probe = tmp_path / "probe"
    timed_build(roots[1], probe)
    timed_build(roots[0], probe)
    pre_write, total = timed_build(roots[1], probe)

    rng = random.Random(SEED)
    current = 0  # the version whose complete build `out` last received
    killed = mixed = leftovers = completed = 0
    for run in range(RUNS):
        target = 1 - current
        finish = run % 10 == 9 or run == RUNS - 1
        build = start_build(roots[target], out)
        if finish and not temporaries(out):
            # As a build killed mid-write would leave it: the complete build must remove it.
            (out / "asks" / ".asklog-killed.tmp").write_bytes(b"half a page")
            (out / ".asklog-writing").touch()
        if not finish:
            if rng.random() < 0.4:  # anywhere in the build
                time.sleep(rng.uniform(0, total))
            else:  # within the write stage, which begins by touching the marker
                wait_for_change(out / ".asklog-writing", build)
                time.sleep(rng.uniform(0, (total - pre_write) * 1.1))
            if build.poll() is None:
                build.send_signal(signal.SIGKILL)
                killed += 1
        _, err = build.communicate(timeout=120)
        if build.returncode == 0:
            completed += 1
            current = target
            assert tree(out) == refs[target], f"run {run}: complete build differs from a clean one"
            assert not temporaries(out), f"run {run}: a complete build left temporary files"
            listed = set(json.loads((out / MANIFEST).read_text())["files"])
            assert listed == set(refs[target]), f"run {run}: manifest does not match the files"
            continue
        assert build.returncode == -signal.SIGKILL, err.decode()
        found = tree(out)
        for rel, data in found.items():
            if rel.startswith(".asklog-") or "/.asklog-" in rel:
                continue
            assert data in (refs[0].get(rel), refs[1].get(rel)), (
                f"run {run}: {rel} is neither the old nor the new version"
            )
        json.loads((out / MANIFEST).read_text())  # the manifest itself is always whole
        mixed += found != refs[0] and found != refs[1]
        leftovers += bool(temporaries(out))

    print(
        f"\nkill test: {RUNS} runs, {killed} killed ({mixed} mid-write, {leftovers} with "
        f"temporary files left), {completed} completed; build {total:.2f} s, "
        f"write stage from {pre_write:.2f} s"
    )
    assert killed >= RUNS // 2, "most runs must actually be killed"
    assert mixed >= 5, "too few kills landed while files were being written"
