"""Writes the site: only changed bytes, atomically, with a manifest; refuses dangerous folders."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..core.errors import SiteErrors
from ..incremental import fingerprint
from .staging import TEMP_PREFIX, TEMP_SUFFIX, refuse_links, stage, temp_file, write_error

MANIFEST = ".asklog-manifest.json"
WRITING = ".asklog-writing"  # present only while a build writes files


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    stamps: dict[str, Written] = field(default_factory=dict)  # every file, as now on disk


def check_out_dir(out: Path, root: Path) -> None:
    """Refuse any folder whose cleaning could destroy the user's work (SPEC 8.3)."""
    given, out, root = out, out.resolve(), root.resolve()
    content = root / "content"

    def refuse(why: str, hint: str) -> None:
        raise SiteErrors.of(f"refusing to use {out} as the output folder: {why}", "", None, hint)

    if given.is_symlink() and not given.exists():
        refuse(f"{given} is a symbolic link to a missing folder", "remove the link")

    hint = "build into a folder of its own, e.g. --out site"
    if out == Path(out.anchor) or out == Path.home().resolve():
        refuse("it is the file system root or your home folder", hint)
    if out == root or root.is_relative_to(out):
        refuse("it holds the site itself", hint)
    if out.is_relative_to(content):
        refuse("it lies inside content/", hint)
    for name, folder in _read_folders(root):
        if out.is_relative_to(folder) or folder.is_relative_to(out):
            refuse(f"the build reads {name} from there", hint)
    if (out / "content").exists() or (out / "themes").exists() or (out / "site.yaml").exists():
        refuse("it contains content/, themes/ or site.yaml (it looks like a site)", hint)
    if out.is_dir() and not (out / MANIFEST).exists() and any(out.iterdir()):
        refuse(
            "it is not empty and asklog did not create it",
            "pick an empty or new folder; asklog only cleans folders it built",
        )
    if out.exists() and not out.is_dir():
        refuse("it is a file", hint)


def _read_folders(root: Path) -> list[tuple[str, Path]]:
    """Folders a build reads (or keeps its cache in): writing there would eat its input."""
    package = Path(__file__).resolve().parent.parent
    folders = [("static/", root / "static"), ("themes/", root / "themes")]
    folders += [("its cache", root / ".asklog" / "cache"), ("git history", root / ".git")]
    folders += [("asklog's own code", package), ("the bundled themes", package.parent / "themes")]
    return [(name, folder.resolve()) for name, folder in folders]


def read_manifest(out: Path) -> set[str]:
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        return {p for p in data.get("files", []) if _safe_relative(p)}
    except (OSError, ValueError, AttributeError):
        return set()


# What the cache store remembers of each written file: digest, size, mtime in ns. Kept
# outside the output (mtimes must not reach a reproducible site).
Written = tuple[str, int, int]


def _safe_relative(path: object) -> bool:
    return (
        isinstance(path, str)
        and not path.startswith("/")
        and ".." not in path.replace("\\", "/").split("/")
        and path != MANIFEST
    )


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """The file is always either the old version or the new one, even if killed mid-write.

    `data` can also be a function writing to the file (a large file, not held twice).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, data)


def _write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    tmp = temp_file(path.parent, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Deferred:
    """A file whose bytes are read only if they must be written or compared: a page
    reused from the cache store, known by its digest and size."""

    digest: str
    size: int
    read: Callable[[], bytes]


FileData = bytes | Deferred


class DeferredGone(Exception):
    """A Deferred file's bytes can no longer be read (the cache store lost them)."""


def _bytes(data: FileData) -> bytes:
    return data.read() if isinstance(data, Deferred) else data


def _stamp(digest: str, st: os.stat_result) -> Written:
    return (digest, st.st_size, st.st_mtime_ns)


def _unchanged(path: Path, data: FileData, digest: str, known: Written | None) -> Written | None:
    """The file's stamp if it already holds `data`; reads it only when the manifest cannot tell."""
    size = data.size if isinstance(data, Deferred) else len(data)
    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size != size:
            return None
        if known is not None and known == _stamp(digest, st):
            return known
        return _stamp(digest, st) if path.read_bytes() == _bytes(data) else None
    except OSError:
        return None


def _write_manifest(out: Path, files: set[str]) -> None:
    body = json.dumps({"generator": "asklog", "files": sorted(files)}, indent=0)
    write_atomic(out / MANIFEST, body.encode())


def current_files(out: Path, stamps: Mapping[str, Written]) -> set[str] | None:
    """The output files, if they are exactly those the last build wrote and left intact."""
    files = read_manifest(out)
    if not stamps or set(stamps) != files:
        return None
    if (out / WRITING).exists():  # an interrupted write: let write_site clean up
        return None
    for rel, (_, size, mtime) in stamps.items():
        try:
            st = (out / rel).stat()
        except OSError:
            return None
        if st.st_size != size or st.st_mtime_ns != mtime:
            return None
    return files


def write_site(
    out: Path,
    files: Mapping[str, FileData],
    known: Mapping[str, FileData] | None = None,
    stamps: Mapping[str, Written] | None = None,
) -> WriteReport:
    """Write `files` (output path -> bytes) into `out`; remove what earlier builds left.

    `known`: what this process last wrote there (serve); equal files are not read back.
    `stamps`: what the last build wrote (from the cache store), so unchanged files are
    not read back either; the report's `stamps` are this build's, to keep for the next.
    """
    report = WriteReport()
    unsafe = sorted(rel for rel in files if not _safe_relative(rel) or not rel)
    if unsafe:  # checked before anything is written, so the folder stays as it was
        raise SiteErrors.of(
            f"refusing to write {unsafe[0]!r}: it would land outside the output folder",
            "",
            None,
            "a slug or template produced this path; use letters, digits and dashes in slugs",
        )
    refuse_links(out, ())
    out.mkdir(parents=True, exist_ok=True)
    marker = out / WRITING
    if marker.exists():  # the last build was killed while writing: it may have left temporaries
        _remove_leftover_temps(out)
    previous = read_manifest(out)
    old = stamps or {}
    new = report.stamps
    todo: list[tuple[str, str]] = []
    known = known or {}
    for rel in sorted(files):
        if known.get(rel) is files[rel] and (stamps is None or rel in old):
            if rel in old:
                new[rel] = old[rel]
            report.unchanged += 1
            continue
        data = files[rel]
        digest = data.digest if isinstance(data, Deferred) else fingerprint.digest(data)
        stamp = _unchanged(out / rel, data, digest, old.get(rel))
        if stamp is None:
            todo.append((rel, digest))
        else:
            new[rel] = stamp
            report.unchanged += 1
    if todo:
        # Only folders about to be written into are checked: reading through a link is harmless.
        refuse_links(out, (rel for rel, _ in todo))
        _replace_all(out, files, todo, previous, new)
        report.written.extend(rel for rel, _ in todo)
    marker.unlink(missing_ok=True)
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
    if previous != set(files):
        _write_manifest(out, set(files))
    return report


def _replace_all(
    out: Path,
    files: Mapping[str, FileData],
    todo: list[tuple[str, str]],
    previous: set[str],
    stamps: dict[str, Written],
) -> None:
    """Stage every changed file, then swap them all in: a failure before the swap changes
    nothing; only a kill during it leaves a mix of whole old and whole new files."""
    contents = [(rel, _bytes(files[rel])) for rel, _ in todo]  # read before anything changes
    marker = out / WRITING
    try:
        marker.touch()
    except OSError as exc:
        raise write_error(exc, out) from None
    try:
        staged = stage(out, contents)
    except SiteErrors:
        marker.unlink(missing_ok=True)
        raise
    try:
        if not previous.issuperset(files):
            # Record every file before placing it, so a killed build never orphans one.
            _write_manifest(out, previous | set(files))
    except OSError as exc:
        staged.discard()
        marker.unlink(missing_ok=True)
        raise write_error(exc, out) from None
    # The cache store is told of the new stamps only after this build: a killed one
    # leaves stamps that no longer match the files it rewrote, so they are compared.
    try:
        placed = staged.commit()
    except OSError as exc:
        staged.discard()
        raise write_error(exc, out) from None
    for (rel, digest), st in zip(todo, placed, strict=True):
        stamps[rel] = _stamp(digest, st)


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
