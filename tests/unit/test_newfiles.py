"""newfiles.py: new content files appear whole, never overwrite, and imports are all or none."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.content import newfiles
from generator.core.errors import SiteErrors


def test_create_never_overwrites_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "e" / "a.md"
    newfiles.create(path, "one\n")
    with pytest.raises(SiteErrors, match="never overwrites"):
        newfiles.create(path, "two\n")
    assert path.read_text() == "one\n" and sorted(p.name for p in path.parent.iterdir()) == ["a.md"]


def test_without_hard_links_files_are_still_created_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "a.md"
    newfiles.create(path, "text\n")
    assert path.read_text() == "text\n"
    with pytest.raises(SiteErrors, match="never overwrites"):
        newfiles.create(path, "other\n")


def test_a_failure_part_way_removes_the_files_of_this_run(tmp_path: Path) -> None:
    (tmp_path / "c.md").write_text("the writer's\n")
    files = [(tmp_path / "a.md", "a\n"), (tmp_path / "b.md", "b\n"), (tmp_path / "c.md", "c\n")]
    with pytest.raises(SiteErrors):
        newfiles.create_all(tmp_path, files)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".asklog") == ["c.md"]
    assert (tmp_path / "c.md").read_text() == "the writer's\n"


def test_recover_undoes_a_dead_import_but_never_an_edited_file(tmp_path: Path) -> None:
    files = [(tmp_path / "a.md", "a\n"), (tmp_path / "b.md", "b\n")]
    newfiles.create_all(tmp_path, files)
    journal = tmp_path / newfiles.JOURNAL
    # a journal left by a process that is gone (pid 0 is never a user process here)
    import json

    items = [
        {"path": "a.md", "temp": ".a.md.1.tmp", "digest": _sha("a\n")},
        {"path": "b.md", "temp": ".b.md.1.tmp", "digest": _sha("b\n")},
    ]
    journal.write_text(json.dumps({"pid": 2**22 + 7, "files": items}))
    (tmp_path / "b.md").write_text("edited since\n")
    assert newfiles.recover(tmp_path) == [tmp_path / "a.md"]
    assert not (tmp_path / "a.md").exists() and (tmp_path / "b.md").exists()
    assert not journal.exists()


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()
