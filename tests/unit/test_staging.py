"""Two-phase writing (output/staging.py): a write that fails part-way changes nothing."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from generator.core.errors import SiteErrors
from generator.output import staging
from generator.output.writer import write_site


def snapshot(folder: Path) -> dict[str, bytes | str]:
    return {
        p.relative_to(folder).as_posix(): "<folder>" if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def failing_after(count: int, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The `count`-th new file and every later one fails with `code`, as a full disk does."""
    real = staging.temp_file
    calls = []

    def temp_file(folder: Path, data: bytes) -> str:
        calls.append(folder)
        if len(calls) >= count:
            raise OSError(code, os.strerror(code))
        return real(folder, data)

    monkeypatch.setattr(staging, "temp_file", temp_file)


@pytest.mark.parametrize("pages", [5, 80])  # one at a time, and on writer threads
@pytest.mark.parametrize(
    ("code", "cause"),
    [(errno.ENOSPC, "no space left on device"), (errno.EROFS, "read-only file system")],
)
def test_a_failed_write_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pages: int, code: int, cause: str
) -> None:
    out = tmp_path / "site"
    old = {f"p{i}/index.html": b"old %d" % i for i in range(pages)}
    write_site(out, {**old, "gone.html": b"only in the old build"})
    before = snapshot(out)
    failing_after(pages // 2, code, monkeypatch)
    new = {f"p{i}/index.html": b"new %d" % i for i in range(pages)}
    new.update({f"fresh/{i}/index.html": b"fresh" for i in range(pages)})
    with pytest.raises(SiteErrors) as info:
        write_site(out, new)
    [error] = info.value.errors
    assert error.message.startswith(f"{cause} while writing site/")
    assert error.hint
    assert snapshot(out) == before  # no new page, no new folder, no temporary file


def test_a_failed_write_keeps_no_marker_and_the_next_build_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_site(out, {"a.html": b"A"})
    failing_after(1, errno.ENOSPC, monkeypatch)
    with pytest.raises(SiteErrors):
        write_site(out, {"a.html": b"B"})
    monkeypatch.undo()
    write_site(out, {"a.html": b"B"})
    assert (out / "a.html").read_bytes() == b"B"


def test_new_files_have_the_umasks_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        staging.file_mode.cache_clear()
        write_site(tmp_path / "site", {"a/index.html": b"A", "b.css": b"B"})
    finally:
        os.umask(mask)
        staging.file_mode.cache_clear()
    for name in ("a/index.html", "b.css", ".asklog-manifest.json"):
        assert stat.S_IMODE((tmp_path / "site" / name).stat().st_mode) == 0o640


def test_writes_never_go_through_a_symlinked_folder(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    write_site(out, {"asks/a/index.html": b"A", "index.html": b"home"})
    elsewhere.mkdir()
    (out / "asks/a/index.html").unlink()
    (out / "asks/a").rmdir()
    (out / "asks").rmdir()
    (out / "asks").symlink_to(elsewhere)
    before = snapshot(out)
    with pytest.raises(SiteErrors) as info:
        write_site(out, {"asks/a/index.html": b"A2", "index.html": b"home 2"})
    assert "site/asks" in str(info.value) and "symbolic link" in str(info.value)
    assert list(elsewhere.iterdir()) == []
    assert snapshot(out) == before
