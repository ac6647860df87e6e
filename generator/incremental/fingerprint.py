"""The one fingerprint recipe: BLAKE2b of bytes, files known by content.

A file's digest is reused while its stat stamp (size, mtime, ctime, inode) is the one
it had when read; a copy that keeps size and mtime (`cp -p`, `rsync -t`, a theme
unpacked by npm) still gets a new ctime or inode, so it is read again. Files modified
within the last two seconds are never trusted by stamp (git's "racily clean" rule).
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Iterable, MutableMapping
from pathlib import Path

# size, mtime_ns, ctime_ns, inode: what a stat says about a file without reading it.
Stamp = tuple[int, int, int, int]
# Path -> (stamp, digest) of files read earlier.
Known = MutableMapping[str, tuple[Stamp, str]]
RACY_NS = 2_000_000_000


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def of(*parts: str) -> str:
    """One digest of several strings (kept apart, so "ab","c" differs from "a","bc")."""
    return digest("".join([f"{len(part)}:{part}" for part in parts]).encode())


def stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def racy_after() -> int:
    """Files modified after this moment (ns) are read again next time."""
    return time.time_ns() - RACY_NS


def file_digest(path: str, known: Known, racy: int) -> str | None:
    """The digest of one file by content, read only when its stamp moved; None if unreadable."""
    try:
        now = stamp(os.stat(path))
        seen = known.get(path)
        if seen is not None and seen[0] == now:
            return seen[1]
        with open(path, "rb") as handle:
            found = digest(handle.read())
    except OSError:
        known.pop(path, None)
        return None
    if now[1] < racy:
        known[path] = (now, found)
    else:
        known.pop(path, None)
    return found


def tree(folders: Iterable[Path], known: Known) -> str:
    """Every file under `folders` by relative path and content: an edit, a new file or a
    deleted one changes it."""
    racy = racy_after()
    lines = []
    for folder in folders:
        lines.append(f"[{folder}]")
        for path in _files(folder):
            lines.append(f"{path}:{file_digest(path, known, racy)}")
    return of(*lines)


def _files(folder: Path) -> list[str]:
    found = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        found += [os.path.join(base, name) for name in sorted(names)]
    return found


@functools.cache
def code() -> str:
    """asklog's own modules and package files by content: an edited checkout is a new
    version, while a reinstall of the same code (a CI cache restored) is not."""
    package = Path(__file__).resolve().parent.parent
    lines = [
        f"{path.relative_to(package).as_posix()}:{digest(path.read_bytes())}"
        for path in sorted(package.rglob("*"))
        if path.is_file() and path.suffix in (".py", ".js")
    ]
    return of(*lines)
