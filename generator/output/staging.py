"""Two-phase writing: every new file is staged beside its place, then all are swapped in.

A disk that fills or a folder that refuses writes part-way leaves the output as it was.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..core.errors import SiteErrors

TEMP_PREFIX, TEMP_SUFFIX = ".asklog-", ".tmp"


_NAMES = itertools.count()
_PROCESS = os.urandom(4).hex()
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def temp_file(folder: Path, data: bytes | Callable[[BinaryIO], object]) -> str:
    """A temporary file in `folder` holding `data`, with ordinary permissions."""
    while True:
        tmp = str(folder / f"{TEMP_PREFIX}{_PROCESS}-{next(_NAMES)}{TEMP_SUFFIX}")
        try:
            # Mode 0666 less the umask, as open() gives (mkstemp's 0600 would be
            # unreadable to a web server); O_EXCL never reuses a file someone else made.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with open(fd, "wb") as handle:
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
    temps: list[tuple[str, str, os.stat_result]]  # (relative path, temporary file, its stat)
    folders: list[Path]

    def commit(self) -> list[os.stat_result]:
        """Rename every temporary file into place; the stats of the placed files
        (a rename keeps size and mtime, so the temporary file's stat is theirs)."""
        for rel, tmp, _ in self.temps:
            os.replace(tmp, self.out / rel)
        return [st for _, _, st in self.temps]

    def discard(self) -> None:
        for _, tmp, _ in self.temps:
            Path(tmp).unlink(missing_ok=True)
        for folder in reversed(self.folders):
            try:
                folder.rmdir()
            except OSError:
                pass


def stage(out: Path, todo: list[tuple[str, bytes]]) -> Staged:
    """Write every file to a temporary name; on any failure nothing is left behind.

    One thread: writes land in the page cache, and threads only fought over the GIL
    (three times slower for 1,400 pages, on tmpfs and on ext4 alike).
    """
    staged = Staged(out, [], [])
    try:
        _make_folders(out, {(out / rel).parent for rel, _ in todo}, staged.folders)
        for rel, data in todo:
            try:
                tmp = temp_file((out / rel).parent, data)
                staged.temps.append((rel, tmp, os.stat(tmp)))
            except OSError as exc:
                exc.filename = str(out / rel)
                raise
    except OSError as exc:
        staged.discard()
        raise write_error(exc, out) from None
    return staged


def _make_folders(out: Path, folders: set[Path], made: list[Path]) -> None:
    """Make the missing `folders` and their parents, parents first; `made` lists each one
    as it is made, so that a failure can remove them again."""
    missing: set[Path] = set()
    for folder in folders:
        while folder != out and folder not in missing and not folder.is_dir():
            missing.add(folder)
            folder = folder.parent
    for folder in sorted(missing, key=lambda f: len(f.parts)):
        folder.mkdir()
        made.append(folder)


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
