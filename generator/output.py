"""Writes the site: only changed bytes, atomically, with a manifest; refuses dangerous folders."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SiteError

MANIFEST = ".asklog-manifest.json"
TEMP_PREFIX, TEMP_SUFFIX = ".asklog-", ".tmp"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def check_out_dir(out: Path, root: Path) -> None:
    """Refuse any folder whose cleaning could destroy the user's work (SPEC 8.3)."""
    out, root = out.resolve(), root.resolve()
    content = root / "content"

    def refuse(why: str, hint: str) -> None:
        raise SiteError(f"refusing to use {out} as the output folder: {why}", "", None, hint)

    hint = "build into a folder of its own, e.g. --out site"
    if out == Path(out.anchor) or out == Path.home().resolve():
        refuse("it is the file system root or your home folder", hint)
    if out == root or root.is_relative_to(out):
        refuse("it holds the site itself", hint)
    if out.is_relative_to(content):
        refuse("it lies inside content/", hint)
    if (out / "content").exists() or (out / "themes").exists() or (out / "site.yaml").exists():
        refuse("it contains content/, themes/ or site.yaml (it looks like a site)", hint)
    if out.is_dir() and not (out / MANIFEST).exists() and any(out.iterdir()):
        refuse(
            "it is not empty and asklog did not create it",
            "pick an empty or new folder; asklog only cleans folders it built",
        )
    if out.exists() and not out.is_dir():
        refuse("it is a file", hint)


def read_manifest(out: Path) -> set[str]:
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        return {p for p in data.get("files", []) if _safe_relative(p)}
    except (OSError, ValueError, AttributeError):
        return set()


def _safe_relative(path: object) -> bool:
    return (
        isinstance(path, str)
        and not path.startswith("/")
        and ".." not in Path(path).parts
        and path != MANIFEST
    )


def write_atomic(path: Path, data: bytes) -> None:
    """The file is always either the old version or the new one, even if killed mid-write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _write_manifest(out: Path, files: set[str]) -> None:
    body = json.dumps({"generator": "asklog", "files": sorted(files)}, indent=0)
    write_atomic(out / MANIFEST, body.encode())


def write_site(
    out: Path, files: dict[str, bytes], known: Mapping[str, bytes] | None = None
) -> WriteReport:
    """Write `files` (output path -> bytes) into `out`; remove what earlier builds left.

    `known`: what this process last wrote there (serve); equal files are not read back.
    """
    report = WriteReport()
    unsafe = sorted(rel for rel in files if not _safe_relative(rel) or not rel)
    if unsafe:  # checked before anything is written, so the folder stays as it was
        raise SiteError(
            f"refusing to write {unsafe[0]!r}: it would land outside the output folder",
            "",
            None,
            "a slug or template produced this path; use letters, digits and dashes in slugs",
        )
    out.mkdir(parents=True, exist_ok=True)
    _remove_leftover_temps(out)
    previous = read_manifest(out)
    # Record every file before writing it, so a killed build never orphans one.
    _write_manifest(out, previous | set(files))
    known = known or {}
    for rel in sorted(files):
        path = out / rel
        if known.get(rel) is files[rel] or _unchanged(path, files[rel]):
            report.unchanged += 1
            continue
        write_atomic(path, files[rel])
        report.written.append(rel)
    inside = out.resolve()
    for rel in sorted(previous - set(files)):
        path = out / rel
        # A folder the user replaced by a symlink must not lead the cleaning elsewhere.
        if not path.parent.resolve().is_relative_to(inside):
            continue
        if path.is_file() or path.is_symlink():
            path.unlink()
            report.removed.append(rel)
            _remove_empty_parents(path.parent, out)
    _write_manifest(out, set(files))
    return report


def _remove_leftover_temps(out: Path) -> None:
    """Temporary files of an earlier build that was killed mid-write (only asklog names them so)."""
    for path in out.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
