"""Reading content: unchanged files are known by their stamp, neither read nor hashed."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from support import entry, write_site

from generator.content import sources
from generator.content.sources import read_sources
from generator.core.errors import SiteErrors

HOUR_NS = 3600 * 10**9


def _site(tmp_path: Path) -> Path:
    root = write_site(
        tmp_path / "s",
        {f"content/entries/2026-03-0{i}-a{i}.md": entry(body=f"Story {i}.\n") for i in (1, 2, 3)},
    )
    for path in (root / "content").rglob("*.md"):
        _age(path)
    return root


def _age(path: Path) -> None:
    """An mtime an hour ago: older than the racy window, as files are between real builds."""
    old = time.time_ns() - HOUR_NS
    os.utime(path, ns=(old, old))


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []

    def counting(path: str, mode: str = "r", *args: Any) -> Any:
        opened.append(os.path.basename(path))
        return open(path, mode, *args)

    monkeypatch.setattr(sources, "open", counting, raising=False)
    return opened


def test_unchanged_files_are_not_read_and_keep_their_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    known: sources.Known = {}
    first, _ = read_sources(root)
    assert read_sources(root, known)[0] == first  # a cold memo reads everything
    assert len(known) == 3
    opened = _count_reads(monkeypatch)
    second, problems = read_sources(root, known)
    assert opened == [] and problems == []
    assert [(f.path, f.digest) for f in second] == [(f.path, f.digest) for f in first]
    assert [f.text for f in second] == [f.text for f in first]  # read on demand
    assert [f.loaded() for f in second] == first


def test_an_edit_keeping_size_and_mtime_is_still_read(tmp_path: Path) -> None:
    root = _site(tmp_path)
    path = root / "content/entries/2026-03-02-a2.md"
    known: sources.Known = {}
    read_sources(root, known)
    before = path.stat()
    time.sleep(0.05)  # past the file system's clock tick, so the ctime moves
    path.write_text(path.read_text().replace("Story 2.", "Story X."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    if after.st_ctime_ns == before.st_ctime_ns:
        pytest.skip("this file system's ctime is too coarse to show the edit")
    files, _ = read_sources(root, known)
    edited = next(f for f in files if f.path.endswith("a2.md"))
    assert "Story X." in edited.text
    assert edited.digest == sources.digest(path.read_bytes())


def test_new_and_deleted_files_update_the_memo(tmp_path: Path) -> None:
    root = _site(tmp_path)
    known: sources.Known = {}
    read_sources(root, known)
    (root / "content/entries/2026-03-01-a1.md").unlink()
    new = root / "content/entries/2026-03-04-a4.md"
    new.write_text(entry(body="Story 4.\n"))
    _age(new)
    files, _ = read_sources(root, known)
    assert [f.path.rsplit("/", 1)[1] for f in files] == [
        "2026-03-02-a2.md",
        "2026-03-03-a3.md",
        "2026-03-04-a4.md",
    ]
    assert sorted(known) == sorted(f.path for f in files)
    assert "Story 4." in files[-1].text


def test_a_file_written_just_now_is_not_remembered(tmp_path: Path) -> None:
    root = _site(tmp_path)
    fresh = root / "content/entries/2026-03-02-a2.md"
    fresh.write_text(entry(body="Just saved.\n"))
    known: sources.Known = {}
    read_sources(root, known)
    assert "content/entries/2026-03-02-a2.md" not in known
    assert len(known) == 2


def test_a_file_changed_after_its_stat_is_an_error_not_stale_text(tmp_path: Path) -> None:
    root = _site(tmp_path)
    known: sources.Known = {}
    read_sources(root, known)
    files, _ = read_sources(root, known)
    path = root / files[0].path
    stat = path.stat()
    path.write_text(path.read_text().replace("Story 1.", "Story Z."))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(SiteErrors, match="changed while it was being built"):
        files[0].loaded()


def test_walk_skips_ignored_names_and_warns_about_linked_folders(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "s",
        {
            "content/entries/b/2026-03-02-b.md": entry(),
            "content/entries/2026-03-01-a.md": entry(),
            "content/entries/.hidden.md": entry(),
            "content/entries/a.md~": entry(),
            "content/entries/_drafts/x.md": entry(),
            "content/pages/about.md": "---\ntitle: About\n---\n",
            "elsewhere/2026-03-03-c.md": entry(),
        },
    )
    (root / "content/entries/linked").symlink_to(root / "elsewhere")
    found, warnings = sources.walk(root)
    assert [(kind, rel) for kind, rel, _ in found] == [
        ("entries", "content/entries/2026-03-01-a.md"),
        ("entries", "content/entries/b/2026-03-02-b.md"),
        ("pages", "content/pages/about.md"),
    ]
    assert [w.path for w in warnings] == ["content/entries/linked"]
    assert warnings[0].severity == "warning"
