"""Content that cannot be read is an error naming it, never "0 entries", a hang or an
internal error; hostile but readable input gets `path:line: error:` and a hint."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support import EPOCH, entry

from generator import cli as asklog

Make = Callable[..., Path]
ENTRIES = {f"content/entries/2026/2026-03-0{i}-ask-{i}.md": entry(ask=f"Ask {i}?") for i in (1, 2)}


def build(root: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The real CLI, with a short timeout: a hang is a failure, not a slow test."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(root), "build", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )


def test_an_unreadable_folder_is_an_error_and_removes_no_page(
    make_site: Make, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(ENTRIES)
    assert build(root).returncode == 0
    pages = sorted(p for p in (root / "site").rglob("*") if p.is_file())
    # Root reads every folder whatever its mode, so the refusal is made here instead.
    folder = str(root / "content" / "entries" / "2026")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if os.fspath(path) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", folder)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    status = asklog.main(["-C", str(root), "build", "--strict", "--no-cache"])
    err = capsys.readouterr().err
    assert status == 1
    assert "content/entries/2026: error: cannot read folder: Permission denied" in err
    assert "hint: give yourself read access" in err
    assert sorted(p for p in (root / "site").rglob("*") if p.is_file()) == pages


@pytest.mark.parametrize("kind", ["fifo", "link to a fifo", "link to a device"])
def test_special_files_are_errors_not_hangs(make_site: Make, kind: str) -> None:
    root = make_site(ENTRIES)
    target = root / "content/entries/2026-04-01-odd.md"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "link to a fifo":
        os.mkfifo(root / "pipe")
        target.symlink_to(root / "pipe")
    else:
        target.symlink_to("/dev/zero")
    done = build(root)
    assert done.returncode == 1
    assert (
        "content/entries/2026-04-01-odd.md: error: this is a pipe, socket or device, "
        "not a regular file" in done.stderr
    )


def test_site_yaml_that_is_a_folder_or_a_fifo(make_site: Make) -> None:
    root = make_site(ENTRIES, site_yaml=None)
    (root / "site.yaml").mkdir()
    done = build(root)
    assert done.returncode == 1, done.stderr
    assert "site.yaml: error: this is a folder, not a regular file" in done.stderr
    (root / "site.yaml").rmdir()
    os.mkfifo(root / "site.yaml")
    done = build(root)
    assert "site.yaml: error: this is a pipe, socket or device" in done.stderr


@pytest.mark.parametrize(
    ("files", "args", "expected"),
    [
        (
            {"content/entries/a.md": entry(date="0001-01-01 00:00+14:00")},
            (),
            "content/entries/a.md:2: error: invalid date: the year 1 is outside 1900 to 2999",
        ),
        (
            {"content/entries/a.md": entry(date="9999-12-31 23:59-12:00")},
            ("--future",),
            "content/entries/a.md:2: error: invalid date: the year 9999 is outside",
        ),
        (
            {"content/entries/a.md": entry(extra="answered: 9999-12-31")},
            (),
            "content/entries/a.md:7: error: invalid answered: the year 9999",
        ),
        (
            {"content/entries/a.md": entry(extra="x: " + "[" * 500 + "]" * 500)},
            (),
            "content/entries/a.md:7: error: values are nested more than 20 levels deep",
        ),
        (
            {"content/entries/a.md": entry(extra="x: " + "{a: " * 300 + "1" + "}" * 300)},
            (),
            "content/entries/a.md:7: error: values are nested more than 20 levels deep",
        ),
        (
            {"content/entries/a.md": entry(body="".join("  " * i + "- x\n" for i in range(600)))},
            (),
            "error: the text is nested more than 40 levels deep",
        ),
    ],
    ids=["year-1", "year-9999", "answered-9999", "yaml-lists", "yaml-maps", "markdown-lists"],
)
def test_hostile_values_get_a_located_error(
    make_site: Make, files: dict[str, str], args: tuple[str, ...], expected: str
) -> None:
    done = build(make_site(files), *args)
    assert done.returncode == 1
    assert "internal error" not in done.stderr
    assert expected in done.stderr, done.stderr
    assert "  hint: " in done.stderr


def test_a_file_name_that_is_not_utf8(make_site: Make) -> None:
    root = make_site(ENTRIES)
    name = os.fsdecode(b"2026-03-05-caf\xe9.md")
    (root / "content/entries" / name).write_text(entry())
    done = build(root)
    assert done.returncode == 1 and "internal error" not in done.stderr
    assert "content/entries/2026-03-05-caf\\xe9.md: error: this file name is not UTF-8" in (
        done.stderr
    )
