"""SPEC 8.1-8.3: asklog refuses dangerous output folders and deletes only what it wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import entry, run_cli, write_site

MANIFEST = ".asklog-manifest.json"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path / "journey",
        {"content/entries/a.md": entry(), "content/entries/b.md": entry(outcome="yes")},
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_refused(done: object, folder: Path, why: str) -> None:
    lines = done.stderr.splitlines()  # type: ignore[attr-defined]
    assert done.returncode == 1, done.stderr  # type: ignore[attr-defined]
    assert lines[0] == (
        f"asklog: error: refusing to use {folder.resolve()} as the output folder: {why}"
    ), lines
    assert lines[1].startswith("  hint: ")
    assert "Traceback" not in done.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("out", "why"),
    [
        (".", "it holds the site itself"),
        ("..", "it holds the site itself"),
        ("content", "it lies inside content/"),
        ("content/entries", "it lies inside content/"),
    ],
)
def test_refuses_site_folders(site: Path, out: str, why: str) -> None:
    before = tree(site.parent)
    done = run_cli("build", "--out", out, cwd=site)
    assert_refused(done, site / out, why)
    assert tree(site.parent) == before


def test_refuses_home_folder(site: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.txt").write_text("years of work")
    done = run_cli("-C", site, "build", "--out", home, env={"HOME": str(home)})
    assert_refused(done, home, "it is the file system root or your home folder")
    assert tree(home) == {"thesis.txt": b"years of work"}


def test_refuses_file_system_root(site: Path) -> None:
    done = run_cli("-C", site, "build", "--out", "/")
    assert_refused(done, Path("/"), "it is the file system root or your home folder")


def test_refuses_a_folder_it_did_not_create(site: Path, tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    (photos / "2026").mkdir(parents=True)
    (photos / "2026/cat.jpg").write_bytes(b"\xff\xd8cat")
    done = run_cli("-C", site, "build", "--out", photos)
    assert_refused(done, photos, "it is not empty and asklog did not create it")
    assert tree(photos) == {"2026/cat.jpg": b"\xff\xd8cat"}


def test_refuses_a_folder_that_looks_like_a_site(site: Path, tmp_path: Path) -> None:
    other = write_site(tmp_path / "other", {"content/entries/x.md": entry()})
    (other / MANIFEST).write_text('{"files": []}')  # even a manifest does not make it safe
    before = tree(other)
    done = run_cli("-C", site, "build", "--out", other)
    assert_refused(done, other, "it contains content/, themes/ or site.yaml (it looks like a site)")
    assert tree(other) == before


def test_refuses_a_file(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    done = run_cli("-C", site, "build", "--out", target)
    assert_refused(done, target, "it is a file")
    assert target.read_text() == "mine"


def test_accepts_an_empty_or_new_folder(site: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "new" / "deeper"):
        done = run_cli("-C", site, "build", "--out", out)
        assert done.returncode == 0, done.stderr
        assert (out / "asks/a/index.html").is_file() and (out / MANIFEST).is_file()


def test_deletes_only_files_it_wrote(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("-C", site, "build", "--out", out).returncode == 0
    # The user adds files of their own to the output folder.
    (out / "CNAME").write_text("asks.example.org")
    (out / "asks/a/notes.txt").write_text("mine")
    (out / "asks/b/extra").mkdir()
    (out / "asks/b/extra/keep.txt").write_text("mine too")
    (site / "content/entries/b.md").unlink()

    done = run_cli("-C", site, "build", "--out", out)

    assert done.returncode == 0, done.stderr
    assert not (out / "asks/b/index.html").exists(), "a deleted entry's page must go away"
    assert (out / "CNAME").read_text() == "asks.example.org"
    assert (out / "asks/a/notes.txt").read_text() == "mine"
    assert (out / "asks/b/extra/keep.txt").read_text() == "mine too"
    listed = set(json.loads((out / MANIFEST).read_text())["files"])
    assert "asks/b/index.html" not in listed and "CNAME" not in listed


def test_tampered_manifest_cannot_delete_outside(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("-C", site, "build", "--out", out).returncode == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/old.html").write_text("keep me too")
    (out / "linked").symlink_to(tmp_path / "docs", target_is_directory=True)
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"] += ["../victim.txt", str(victim), "linked/old.html", "site.yaml"]
    (out / MANIFEST).write_text(json.dumps(manifest))

    done = run_cli("-C", site, "build", "--out", out)

    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "keep me"
    assert (tmp_path / "docs/old.html").read_text() == "keep me too"
    assert (site / "site.yaml").exists()


def test_failed_build_leaves_the_folder_unchanged(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("-C", site, "build", "--out", out).returncode == 0
    before = tree(out)
    (site / "content/entries/c.md").write_text(entry(outcome="perhaps"))
    (site / "content/entries/b.md").unlink()  # would remove a page, if the build went ahead
    done = run_cli("-C", site, "build", "--out", out)
    assert done.returncode == 1
    assert tree(out) == before
