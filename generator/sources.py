"""Walks content/, reads bytes, decodes and hashes: the only reader of content files."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError

CONTENT_DIRS = ("entries", "faq", "pages")
IGNORED_PREFIXES = (".", "_", "#")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp")


@dataclass(frozen=True)
class SourceFile:
    kind: str  # entries | faq | pages
    path: str  # relative to the site root, with forward slashes
    text: str  # BOM removed, line endings normalised to \n
    digest: str


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


def read_sources(root: Path) -> tuple[list[SourceFile], list[SiteError]]:
    """Read every content file; unreadable ones become errors (linked folders warnings)."""
    sources: list[SourceFile] = []
    errors: list[SiteError] = linked_folders(root)
    for kind, path in walk(root):
        rel = path.relative_to(root).as_posix()
        try:
            raw = path.read_bytes()
            sources.append(SourceFile(kind, rel, decode(raw, rel), digest(raw)))
        except SiteError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(SiteError(f"cannot read file: {exc.strerror}", rel, None, "check it"))
    return sources, errors
