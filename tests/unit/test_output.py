from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.core.errors import SiteErrors
from generator.output.writer import MANIFEST, check_out_dir, write_site


def test_writes_only_changed_files_and_removes_only_its_own(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = write_site(out, {"a.html": b"A", "d/b.html": b"B"})
    assert first.written == ["a.html", "d/b.html"]
    (out / "CNAME").write_text("mine")  # the user's own file
    mtime = (out / "a.html").stat().st_mtime_ns
    second = write_site(out, {"a.html": b"A", "c.html": b"C"})
    assert second.written == ["c.html"] and second.unchanged == 1
    assert second.removed == ["d/b.html"]
    assert (out / "a.html").stat().st_mtime_ns == mtime
    assert not (out / "d").exists()  # its empty folder went too
    assert (out / "CNAME").read_text() == "mine"
    assert json.loads((out / MANIFEST).read_text())["files"] == ["a.html", "c.html"]
    assert not list(out.rglob("*.tmp"))


def test_manifest_entries_outside_the_folder_are_ignored(tmp_path: Path) -> None:
    out = tmp_path / "site"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    out.mkdir()
    (out / MANIFEST).write_text(json.dumps({"files": ["../victim.txt", "/etc/hosts"]}))
    write_site(out, {"a.html": b"A"})
    assert victim.read_text() == "keep"


@pytest.mark.parametrize(
    ("make_out", "reason"),
    [
        (lambda root: root, "it holds the site itself"),
        (lambda root: root.parent, "it holds the site itself"),
        (lambda root: root / "content" / "out", "it lies inside content/"),
        (lambda root: Path("/"), "file system root"),
        (lambda root: Path.home(), "home folder"),
        (lambda root: root / "busy", "not empty and asklog did not create it"),
    ],
)
def test_dangerous_output_folders_are_refused(tmp_path: Path, make_out, reason: str) -> None:
    root = tmp_path / "site-root"
    (root / "content").mkdir(parents=True)
    (root / "busy").mkdir()
    (root / "busy" / "notes.txt").write_text("precious")
    with pytest.raises(SiteErrors, match=reason):
        check_out_dir(make_out(root), root)
    assert (root / "busy" / "notes.txt").read_text() == "precious"


def test_an_asklog_folder_and_a_new_folder_are_accepted(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    check_out_dir(root / "site", root)
    write_site(root / "site", {"a.html": b"A"})
    check_out_dir(root / "site", root)
