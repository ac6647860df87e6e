"""SPEC 8.1 when the disk says no: a full disk or a read-only folder part-way through a
build leaves the output exactly as it was, and the error names the folder and the cause.

Real file systems, not mocks: a small tmpfs fills up, a read-only bind mount refuses
writes. Both need root (CI runs as root); as another user, the read-only case uses
chmod instead, and the tmpfs case cannot run (there is no unprivileged way to make a
small file system), which the unit tests in tests/unit/test_staging.py cover by
failing writes on purpose.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import entry, run_cli, write_site

ROOT = os.geteuid() == 0


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file's bytes and every folder, so any change shows."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = "<folder>" if path.is_dir() else path.read_bytes()
    return found


def site(root: Path, entries: int, title: str, story: int = 1) -> Path:
    files: dict[str, str | bytes] = {
        f"content/entries/2026-03-{1 + i % 28:02d}-ask-{i}.md": entry(
            ask=f"Ask {i}?", body=("A long story. " * 70 + "\n\n") * story
        )
        for i in range(entries)
    }
    return write_site(
        root, files, f"title: {title}\nbase_url: https://example.org/\ntimezone: UTC\n"
    )


def mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    # Root that cannot mount is a broken test machine, not a reason to skip quietly.
    assert done.returncode == 0, f"mount {' '.join(args)} failed: {done.stderr}"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if not ROOT:
        pytest.skip("a tmpfs needs root (CI runs as root); see tests/unit/test_staging.py")
    disk = tmp_path / "disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_full_disk_leaves_the_output_as_it_was(tmp_path: Path, small_disk: Path) -> None:
    out = small_disk / "site"
    first = run_cli("-C", site(tmp_path / "a", 5, "Small"), "build", "--out", out)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    # Another title changes every page, and 12 long stories do not fit in what is left.
    big = run_cli("-C", site(tmp_path / "b", 12, "Bigger", story=60), "build", "--out", out)
    assert big.returncode == 1
    assert "internal error" not in big.stderr
    assert "no space left on device while writing site/" in big.stderr, big.stderr
    assert "hint: free some disk space" in big.stderr
    assert snapshot(out) == before


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A built site whose asks/ folder then refuses writes."""
    root = site(tmp_path / "s", 3, "Before")
    out = root / "site"
    assert run_cli("-C", root, "build").returncode == 0
    folder = out / "asks"
    if ROOT:  # root ignores permissions: a read-only bind mount refuses even root
        mount("--bind", str(folder), str(folder))
        mount("-o", "remount,ro,bind", str(folder))
    else:
        folder.chmod(0o555)
    try:
        yield root, out
    finally:
        if ROOT:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def test_read_only_folder_leaves_the_output_as_it_was(read_only: tuple[Path, Path]) -> None:
    root, out = read_only
    before = snapshot(out)
    (root / "site.yaml").write_text("title: After\nbase_url: https://example.org/\n")
    (root / "content/entries/2026-03-20-new.md").write_text(entry(ask="A new ask?"))
    done = run_cli("-C", root, "build")
    assert done.returncode == 1
    assert "internal error" not in done.stderr
    assert "while writing site/asks/" in done.stderr, done.stderr
    assert snapshot(out) == before  # the home page is not "After" while asks/ is "Before"
    assert b"After" not in (out / "index.html").read_bytes()


def test_output_files_follow_the_umask(tmp_path: Path) -> None:
    root = site(tmp_path / "s", 2, "Modes")
    for umask, mode in ((0o022, 0o644), (0o027, 0o640)):
        out = tmp_path / f"out-{umask:o}"
        done = subprocess.run(
            ["sh", "-c", f'umask {umask:o} && exec "$@"', "sh", *run_args(root, out)],
            capture_output=True,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1796083200"},
        )
        assert done.returncode == 0, done.stderr
        files = [p for p in out.rglob("*") if p.is_file()]
        assert files
        modes = {stat.S_IMODE(p.stat().st_mode) for p in files}
        assert modes == {mode}, f"umask {umask:o}: {sorted(oct(m) for m in modes)}"


def run_args(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "-C", str(root), "build", "--out", str(out)]
