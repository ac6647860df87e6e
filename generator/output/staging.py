"""Two-phase writing: every new file is staged beside its place, then all are swapped in.

A disk that fills or a folder that refuses writes part-way leaves the output as it was.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..core.errors import SiteErrors

TEMP_PREFIX, TEMP_SUFFIX = ".asklog-", ".tmp"
MIN_THREADED, WRITE_THREADS = 32, 4


@functools.cache
def file_mode() -> int:
    """What `open()` would give a new file under the current umask (0644 under 022)."""
    # Reading the umask means setting it; done once, before any writer thread starts.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def temp_file(folder: Path, data: bytes | Callable[[BinaryIO], object]) -> str:
    """A temporary file in `folder` holding `data`, with ordinary permissions."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, file_mode())  # mkstemp makes files 0600: unreadable to a web server
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def outside_link(out: Path, rels: Iterable[str]) -> str | None:
    """The first folder on the way to one of `rels` that is a symlink (or not a folder)."""
    checked: set[str] = set()
    base = str(out)
    for rel in rels:
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder in checked:
                continue
            try:
                mode = os.lstat(os.path.join(base, folder)).st_mode
            except FileNotFoundError:
                break  # nothing further down exists either
            except NotADirectoryError:
                return folder
            if not stat.S_ISDIR(mode):  # a symlink (lstat does not follow it) or a file
                return folder
            checked.add(folder)
    return None


def refuse_links(out: Path, rels: Iterable[str]) -> None:
    """Writes never follow a folder the user replaced by a symlink out of the output (8.3)."""
    if out.is_symlink() and not out.exists():
        raise SiteErrors.of(
            f"the output folder {out} is a symbolic link to a missing folder",
            "",
            None,
            "remove the link or create the folder it points to",
        )
    bad = outside_link(out, rels)
    if bad is not None:
        raise SiteErrors.of(
            f"refusing to write into {out.name}/{bad}: it is a symbolic link or a file, "
            "not a folder asklog made",
            "",
            None,
            f"remove {out / bad} and build again; asklog never writes through links",
        )


@dataclass
class Staged:
    """Temporary files waiting to be renamed into place, and folders made for them."""

    out: Path
    temps: list[tuple[str, str]]  # (relative path, temporary file)
    folders: list[Path]

    def commit(self) -> list[os.stat_result]:
        """Rename every temporary file into place; the stats of the placed files."""
        placed = []
        for rel, tmp in self.temps:
            os.replace(tmp, self.out / rel)
            placed.append(os.stat(self.out / rel))
        return placed

    def discard(self) -> None:
        for _, tmp in self.temps:
            Path(tmp).unlink(missing_ok=True)
        for folder in reversed(self.folders):
            try:
                folder.rmdir()
            except OSError:
                pass


def stage(out: Path, todo: list[tuple[str, bytes]]) -> Staged:
    """Write every file to a temporary name; on any failure nothing is left behind."""
    file_mode()
    staged = Staged(out, [], [])
    try:
        for rel, _ in todo:  # folders first, in order, so a failure can remove them again
            _make_folders(out, (out / rel).parent, staged.folders)

        def one(item: tuple[str, bytes]) -> tuple[str, str]:
            rel, data = item
            try:
                return rel, temp_file((out / rel).parent, data)
            except OSError as exc:
                exc.filename = str(out / rel)
                raise

        if len(todo) < MIN_THREADED:
            for item in todo:
                staged.temps.append(one(item))
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(WRITE_THREADS) as pool:
                futures = [pool.submit(one, item) for item in todo]
            failure = None
            for future in futures:
                try:
                    staged.temps.append(future.result())
                except OSError as exc:
                    failure = failure or exc
            if failure is not None:
                raise failure
    except OSError as exc:
        staged.discard()
        raise write_error(exc, out) from None
    return staged


def _make_folders(out: Path, folder: Path, made: list[Path]) -> None:
    missing = []
    while folder != out and not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for item in reversed(missing):
        item.mkdir()
        made.append(item)


def write_error(exc: OSError, out: Path) -> SiteErrors:
    """`no space left on device while writing site/asks/x/index.html`, with a hint."""
    where = str(exc.filename) if exc.filename else str(out)
    try:
        where = Path(where).relative_to(out.parent).as_posix()
    except ValueError:
        pass
    reason = (exc.strerror or str(exc)).lower()
    hints = {
        errno.ENOSPC: "free some disk space and build again; the output folder is unchanged",
        errno.EDQUOT: "free some disk space and build again; the output folder is unchanged",
        errno.EROFS: "the file system is read-only; build into another folder with --out",
        errno.EACCES: f"make {out} writable for you, or build into another folder with --out",
        errno.EPERM: f"make {out} writable for you, or build into another folder with --out",
    }
    hint = hints.get(exc.errno or 0, "fix the cause and build again; the output is unchanged")
    return SiteErrors.of(f"{reason} while writing {where}", "", None, hint)
