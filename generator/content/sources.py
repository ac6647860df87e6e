"""Walks content/, reads bytes, decodes and hashes: the only reader of content files."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import SiteError, SiteErrors
from ..incremental.fingerprint import Known, Stamp, racy_after, stamp
from ..incremental.fingerprint import digest as digest
from . import newfiles

CONTENT_DIRS = ("entries", "faq", "pages")
IGNORED_PREFIXES = (".", "_", "#")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp")
__all__ = ["Known", "Stamp", "digest", "stamp"]  # the one stamp and digest recipe


@dataclass(frozen=True)
class SourceFile:
    kind: str  # entries | faq | pages
    path: str  # relative to the site root, with forward slashes
    read_text: str | None  # None: unchanged by its stamp, so not read (see `text`)
    digest: str
    origin: str | None = None  # the file on disk, to read `text` from when it was not read

    @property
    def text(self) -> str:
        """BOM removed, line endings normalised to \\n; read now if it was not read."""
        return self.read_text if self.read_text is not None else self.loaded().text

    def loaded(self) -> SourceFile:
        """This file with its text; a file whose bytes no longer match `digest` is an error."""
        if self.read_text is not None:
            return self
        assert self.origin is not None
        raw = read_regular(self.origin, self.path)
        if digest(raw) != self.digest:  # edited between the stat and now: its key is stale
            raise SiteErrors.of(
                "this file changed while it was being built", self.path, None, "build again"
            )
        return SourceFile(self.kind, self.path, decode(raw, self.path), self.digest)


def read_regular(path: str | os.PathLike[str], shown: str) -> bytes:
    """A regular file's bytes; a FIFO, device or folder is an error naming `shown`, not a hang.

    Opened without blocking and checked on the open file, so nothing swapped in between
    a check and the read can stall the build.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SiteErrors.of(*_unreadable(exc, shown, "file")) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, socket or device"
        raise SiteErrors.of(
            f"this is {kind}, not a regular file", shown, None, "replace it with a text file"
        )
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise SiteErrors.of(*_unreadable(exc, shown, "file")) from None


def _unreadable(exc: OSError, shown: str, kind: str) -> tuple[str, str, None, str]:
    reason = exc.strerror or str(exc)
    hints = {
        errno.EACCES: f"give yourself read access, e.g. chmod -R u+rX {shown}",
        errno.EPERM: f"give yourself read access, e.g. chmod -R u+rX {shown}",
        errno.ELOOP: "this symbolic link loops; remove it or point it at a real file",
        errno.EISDIR: f"{shown} must be a file, not a folder",
        errno.ENOTDIR: f"{shown} must be a folder, not a file",
    }
    hint = hints.get(exc.errno or 0, f"check that {shown} exists and is readable")
    return f"cannot read {kind}: {reason}", shown, None, hint


def printable(name: str) -> str | None:
    """`name` if it is valid UTF-8, else None (it could not reach a URL or a page)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return name


def is_ignored(name: str) -> bool:
    """Editor backups, swap files and hidden files are never content."""
    return name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)


def decode(raw: bytes, path: str) -> str:
    if b"\0" in raw[:8192]:
        raise SiteErrors.of(
            "this is a binary file, not Markdown text",
            path,
            None,
            "only Markdown (.md) files belong here; move images to static/",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SiteErrors.of(
            f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            path,
            line,
            "save the file as UTF-8 in your editor",
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def walk(root: Path) -> tuple[list[tuple[str, str, str]], list[SiteError]]:
    """Every content Markdown file as (kind, relative path, full path), sorted, and warnings
    for symlinked folders, which are skipped (a link can loop)."""
    # Strings and os.scandir, not pathlib: this runs on every build, for every file, and
    # pathlib's objects cost more than the stat itself.
    found: list[tuple[str, str, str]] = []
    links: list[SiteError] = []
    for kind in CONTENT_DIRS:
        _walk_folder(os.path.join(root, "content", kind), f"content/{kind}", kind, found, links)
    return found, links


def _is_dir(item: os.DirEntry[str]) -> bool:
    try:
        return item.is_dir()
    except OSError:  # a link loop: treated as a file, as os.walk does, so reading reports it
        return False


def _walk_folder(
    folder: str, rel: str, kind: str, found: list[tuple[str, str, str]], links: list[SiteError]
) -> None:
    try:
        with os.scandir(folder) as listing:
            items = sorted(listing, key=lambda item: item.name)
    except FileNotFoundError:  # content/faq/ and the like are optional
        return
    except OSError as exc:
        # An unreadable folder is an error: building "0 entries" would delete their pages.
        links.append(SiteError(*_unreadable(exc, rel, "folder")))
        return
    folders = []
    for item in items:
        if is_ignored(item.name):
            continue
        if printable(item.name) is None:
            shown = os.fsencode(item.name).decode("utf-8", "backslashreplace")
            links.append(
                SiteError(
                    "this file name is not UTF-8 text",
                    f"{rel}/{shown}",
                    None,
                    "rename it with UTF-8 characters (a URL is made from the name)",
                )
            )
            continue
        if _is_dir(item):
            if item.is_symlink():
                links.append(
                    SiteError(
                        "this folder is a symbolic link; its files are not read",
                        f"{rel}/{item.name}",
                        None,
                        "move or copy the folder into content/ (links can loop forever)",
                        "warning",
                    )
                )
            else:
                folders.append(item)
        elif item.name.endswith(".md"):
            found.append((kind, f"{rel}/{item.name}", item.path))
    for item in folders:  # a folder's own files first, then its subfolders: as os.walk
        _walk_folder(item.path, f"{rel}/{item.name}", kind, found, links)


def read_sources(
    root: Path, known: Known | None = None
) -> tuple[list[SourceFile], list[SiteError]]:
    """Read every content file; unreadable ones become errors (linked folders warnings).
    With `known`, files whose stamp it remembers are not read (see `text`); it is updated."""
    # Limit: an edit that keeps size, mtime, ctime and inode is missed; that takes resetting
    # the mtime within the clock tick of the edit. Recently modified files are always read.
    newfiles.recover(root)  # an import killed half-way is undone before anything reads it
    sources: list[SourceFile] = []
    found, errors = walk(root)
    seen: set[str] = set()
    racy = racy_after()
    for kind, rel, path in found:
        seen.add(rel)
        try:
            # Stat before reading: a write in between leaves an old stamp, so a re-read.
            st = os.stat(path) if known is not None else None
            now = stamp(st) if st is not None and stat.S_ISREG(st.st_mode) else None
            if now is not None and known is not None:
                remembered = known.get(rel)
                if remembered is not None and remembered[0] == now:
                    sources.append(SourceFile(kind, rel, None, remembered[1], path))
                    continue
            raw = read_regular(path, rel)
            source = SourceFile(kind, rel, decode(raw, rel), digest(raw))
            sources.append(source)
            if now is not None and known is not None:
                if now[1] < racy:
                    known[rel] = (now, source.digest)
                else:
                    known.pop(rel, None)
        except SiteErrors as exc:
            errors += exc.errors
        except OSError as exc:
            errors.append(SiteError(*_unreadable(exc, rel, "file")))
    if known is not None:
        for gone in [rel for rel in known if rel not in seen]:
            del known[gone]
    return sources, errors
