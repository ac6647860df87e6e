"""Walks content/, reads bytes, decodes and hashes: the only reader of content files."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError

CONTENT_DIRS = ("entries", "faq", "pages")
IGNORED_PREFIXES = (".", "_", "#")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp")
# A file changed this recently may change again within the file system's timestamp
# granularity without its stamp changing (git's "racily clean" files): never trust it.
RACY_NS = 2_000_000_000

# size, mtime_ns, ctime_ns, inode: what a stat says about a file without reading it.
Stamp = tuple[int, int, int, int]
# Relative path -> (stamp, digest) of files read earlier; `read_sources` keeps it current.
Known = MutableMapping[str, tuple[Stamp, str]]


@dataclass(frozen=True)
class SourceFile:
    kind: str  # entries | faq | pages
    path: str  # relative to the site root, with forward slashes
    read_text: str | None  # None: unchanged by its stamp, so not read (see `text`)
    digest: str
    origin: Path | None = None  # the file on disk, to read `text` from when it was not read

    @property
    def text(self) -> str:
        """BOM removed, line endings normalised to \\n; read now if it was not read."""
        return self.read_text if self.read_text is not None else self.loaded().text

    def loaded(self) -> SourceFile:
        """This file with its text; a file whose bytes no longer match `digest` is an error."""
        if self.read_text is not None:
            return self
        assert self.origin is not None
        raw = self.origin.read_bytes()
        if digest(raw) != self.digest:  # edited between the stat and now: its key is stale
            raise SiteError(
                "this file changed while it was being built", self.path, None, "build again"
            )
        return SourceFile(self.kind, self.path, decode(raw, self.path), self.digest)


def is_ignored(name: str) -> bool:
    """Editor backups, swap files and hidden files are never content."""
    return name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)


def decode(raw: bytes, path: str) -> str:
    if b"\0" in raw[:8192]:
        raise SiteError(
            "this is a binary file, not Markdown text",
            path,
            None,
            "only Markdown (.md) files belong here; move images to static/",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SiteError(
            f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            path,
            line,
            "save the file as UTF-8 in your editor",
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def walk(root: Path) -> list[tuple[str, Path]]:
    """Every content Markdown file as (kind, absolute path), sorted; symlinked folders skipped."""
    found: list[tuple[str, Path]] = []
    for kind in CONTENT_DIRS:
        base = root / "content" / kind
        if not base.is_dir():
            continue
        for folder, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not is_ignored(d))
            for name in sorted(files):
                if name.endswith(".md") and not is_ignored(name):
                    found.append((kind, Path(folder) / name))
    return found


def linked_folders(root: Path) -> list[SiteError]:
    """Warnings for symlinked folders under content/: walk skips them (a link can loop)."""
    found = []
    for kind in CONTENT_DIRS:
        for folder, dirs, _ in os.walk(root / "content" / kind):
            dirs[:] = sorted(d for d in dirs if not is_ignored(d))
            for name in dirs:
                if (Path(folder) / name).is_symlink():
                    rel = (Path(folder) / name).relative_to(root).as_posix()
                    found.append(
                        SiteError(
                            "this folder is a symbolic link; its files are not read",
                            rel,
                            None,
                            "move or copy the folder into content/ (links can loop forever)",
                            "warning",
                        )
                    )
    return found


def stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def read_sources(
    root: Path, known: Known | None = None
) -> tuple[list[SourceFile], list[SiteError]]:
    """Read every content file; unreadable ones become errors (linked folders warnings).

    With `known`, a file whose stamp is remembered there is neither read nor hashed
    (its text is read on demand); `known` is updated to the files seen in this call.
    Limit: an edit that keeps size, mtime, ctime and inode is missed, which takes
    deliberately resetting timestamps and the clock; recent files are always read.
    """
    sources: list[SourceFile] = []
    errors: list[SiteError] = linked_folders(root)
    seen: set[str] = set()
    racy_after = time.time_ns() - RACY_NS
    for kind, path in walk(root):
        rel = path.relative_to(root).as_posix()
        seen.add(rel)
        try:
            # Stat before reading: a write in between leaves an old stamp, so a re-read.
            now = stamp(path.stat()) if known is not None else None
            if now is not None and known is not None:
                remembered = known.get(rel)
                if remembered is not None and remembered[0] == now:
                    sources.append(SourceFile(kind, rel, None, remembered[1], path))
                    continue
            raw = path.read_bytes()
            source = SourceFile(kind, rel, decode(raw, rel), digest(raw))
            sources.append(source)
            if now is not None and known is not None:
                if max(now[1], now[2]) < racy_after:
                    known[rel] = (now, source.digest)
                else:
                    known.pop(rel, None)
        except SiteError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(SiteError(f"cannot read file: {exc.strerror}", rel, None, "check it"))
    if known is not None:
        for gone in [rel for rel in known if rel not in seen]:
            del known[gone]
    return sources, errors
