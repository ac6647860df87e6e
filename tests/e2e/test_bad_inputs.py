"""The bad-input catalogue: every case in tests/fixtures/invalid/ through the real CLI.

Each case is a tiny site; its `expected.txt` holds the exact `path:line: severity: message`
lines asklog must print (an empty file: the input is accepted silently). A case with an
error exits 1 and leaves an earlier build's output folder byte for byte as it was; a case
with only warnings exits 0. Inputs that git cannot hold well (bytes that are not UTF-8,
a binary file, 5 MB, symbolic links) are added by GENERATED when the case is copied.
`files.txt`, when present, lists output files the build must produce.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sitecheck import tree
from support import FIXTURES, entry, run_cli, write_site

CATALOGUE = FIXTURES / "invalid"
CASES = sorted(p.name for p in CATALOGUE.iterdir() if (p / "expected.txt").is_file())
A = "content/entries/a.md"


def _write(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _symlink_loop(root: Path) -> None:
    (root / "content/entries/loop.md").symlink_to("loop.md")


def _folder_loop(root: Path) -> None:
    # A folder linking to its own parent: a naive walk would never end.
    (root / "content/entries/again").symlink_to("..", target_is_directory=True)


PARAGRAPH = "A long paragraph of what happened, told slowly. " * 20 + "\n\n"  # ~1 kB

GENERATED: dict[str, Callable[[Path], None]] = {
    "not-utf8": lambda r: _write(r, A, entry(ask="Un café gratuit?").encode("latin-1")),
    "binary-named-md": lambda r: _write(r, A, bytes(range(256)) * 64),
    "site-yaml-not-utf8": lambda r: _write(
        r, "site.yaml", "title: T\nauthor: Zoë\n".encode("cp1252")
    ),
    "symlink-loop": _symlink_loop,
    "warning-symlinked-folder-loop": _folder_loop,
    "ok-bom": lambda r: _write(r, A, b"\xef\xbb\xbf" + entry().encode()),
    "ok-crlf": lambda r: _write(r, A, entry().replace("\n", "\r\n").encode()),
    "ok-huge-entry": lambda r: _write(r, A, entry(body=PARAGRAPH * 5000).encode()),
    "ok-long-ask": lambda r: _write(r, A, entry(ask="Could I " + "please " * 1428).encode()),
}


def test_catalogue_is_large_enough() -> None:
    errors = [c for c in CASES if ": error: " in (CATALOGUE / c / "expected.txt").read_text()]
    assert len(CASES) >= 40 and len(errors) >= 40, (len(CASES), len(errors))
    assert set(GENERATED) <= set(CASES)


def materialise(case: str, dest: Path) -> Path:
    shutil.copytree(CATALOGUE / case, dest, symlinks=True)
    (dest / "expected.txt").unlink()
    (dest / "files.txt").unlink(missing_ok=True)
    if case in GENERATED:
        GENERATED[case](dest)
    return dest


@pytest.fixture(scope="session")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding a good build, made once and copied for each case."""
    base = tmp_path_factory.mktemp("good")
    good = write_site(base / "site", {A: entry(), "content/entries/b.md": entry(outcome="yes")})
    done = run_cli("-C", good, "build", "--out", base / "out")
    assert done.returncode == 0, done.stderr
    return base / "out"


@pytest.fixture
def built_out(good_build: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(good_build, tmp_path / "out"))


def problem_lines(stderr: str) -> list[str]:
    """The `path:line: severity: message` lines, each checked to carry a hint."""
    lines = stderr.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.startswith("  hint: ") or line.startswith("asklog: ") and "error" in line:
            continue
        found.append(line)
        hint = lines[i + 1] if i + 1 < len(lines) else ""
        assert hint.startswith("  hint: ") and hint[8:].strip(), f"no hint after {line!r}"
    return found


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str, tmp_path: Path, built_out: Path) -> None:
    expected = (CATALOGUE / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    root = materialise(case, tmp_path / "case")
    before = tree(built_out)

    done = run_cli("-C", root, "build", "--out", built_out)

    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert problem_lines(done.stderr) == expected, done.stderr
    if any(": error: " in line for line in expected):
        assert done.returncode == 1, done.stderr
        n, last = len(expected), done.stderr.splitlines()[-1]
        if last.startswith("asklog: "):
            assert last == f"asklog: {n} error{'s' if n != 1 else ''}"
        assert tree(built_out) == before, "a failed build changed the output folder"
    else:
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Built "), done.stdout
        assert tree(built_out) != before
        wanted = CATALOGUE / case / "files.txt"
        if wanted.exists():
            for rel in wanted.read_text(encoding="utf-8").split():
                assert (built_out / rel).is_file(), rel


def test_check_reports_the_same_errors(tmp_path: Path) -> None:
    """`asklog check` finds content errors without any output folder."""
    root = materialise("errors-in-several-files", tmp_path / "case")
    done = run_cli("-C", root, "check")
    assert done.returncode == 1
    assert (
        problem_lines(done.stderr)
        == (CATALOGUE / "errors-in-several-files" / "expected.txt").read_text().splitlines()
    )
    assert not (root / "site").exists()


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    root = materialise("warning-symlinked-folder-loop", tmp_path / "case")
    done = run_cli("-C", root, "build")
    assert done.returncode == 0, done.stderr
    assert (root / "site/asks/a/index.html").is_file()
    assert not os.path.exists(root / "site/asks/again")
