"""New content files, created whole or not at all: `new` writes one, `import` many.

A file is written under a hidden temporary name in its own folder, then hard-linked to
its real name (a link never replaces a file that exists) and the temporary name
removed, so a kill at any moment leaves no empty or partial entry. Many files are
committed under a journal naming them: a run killed half-way is undone by the next
`new`, `import` or build (see `recover`), so an import lands all rows or none.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import signal
from pathlib import Path

from ..core.errors import SiteErrors

JOURNAL = Path(".asklog") / "import-journal.json"
# Test hook: a real SIGKILL after this many files of an import are linked (tests/e2e only).
KILL_AFTER_ENV = "ASKLOG_TEST_KILL_AFTER_LINKS"
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def create(path: Path, text: str) -> None:
    """Create one file whole; never overwrite one that exists."""
    temp = _stage(path, text)
    try:
        _kill_here(0)
        _link(temp, path, text)
    finally:
        temp.unlink(missing_ok=True)


def create_all(root: Path, files: list[tuple[Path, str]]) -> None:
    """Create every file, or (on any failure, or after a kill, at the next run) none."""
    recover(root)
    if not files:
        return
    temps: list[Path] = []
    linked: list[Path] = []
    journal = root / JOURNAL
    try:
        for path, text in files:
            temps.append(_stage(path, text, sync=False))
        os.sync()  # one flush for all of them: an fsync per file costs seconds per thousand
        _write_journal(journal, files, temps)
        for (path, text), temp in zip(files, temps, strict=True):
            _kill_here(len(linked))
            _link(temp, path, text)
            linked.append(path)
    except BaseException:
        for path in linked:  # ours alone: linked in this run, nobody has edited them yet
            path.unlink(missing_ok=True)
        raise
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    journal.unlink(missing_ok=True)


def _kill_here(linked: int) -> None:
    """The test hook: a real SIGKILL at a chosen point, to prove nothing is left half-done."""
    if os.environ.get(KILL_AFTER_ENV) == str(linked):
        os.kill(os.getpid(), signal.SIGKILL)


def recover(root: Path) -> list[Path]:
    """Undo an import that was killed part-way; returns the files it removed."""
    journal = root / JOURNAL
    try:
        record = json.loads(journal.read_text("utf-8"))
        pid, items = int(record["pid"]), record["files"]
    except OSError:  # none (the usual case), or not ours to read
        return []
    except (ValueError, KeyError, TypeError):
        with contextlib.suppress(OSError):
            journal.unlink()  # not a journal this code wrote whole: nothing to undo
        return []
    if pid != os.getpid() and _alive(pid):
        return []  # an import still running: not ours to undo
    removed = []
    for item in items:
        path, temp = root / item["path"], root / item["temp"]
        temp.unlink(missing_ok=True)
        # Only a file with exactly the bytes the import wrote: anything else is the writer's.
        if _digest_of(path) == item["digest"]:
            path.unlink()
            removed.append(path)
    journal.unlink(missing_ok=True)
    return removed


def _stage(path: Path, text: str, sync: bool = True) -> Path:
    """The text under a hidden temporary name next to `path`, on disk when `sync`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # hidden: never content
    with temp.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    return temp


def _link(temp: Path, path: Path, text: str) -> None:
    try:
        os.link(temp, path)
    except FileExistsError:
        raise SiteErrors.of(
            "a file with this name already exists; asklog never overwrites",
            path.as_posix(),
            None,
            "use --title to give the new entry another name, or edit the existing file",
        ) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        _write_exclusive(path, text)  # a file system without hard links (FAT, some shares)


def _write_exclusive(path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise SiteErrors.of(
            "a file with this name already exists; asklog never overwrites", path.as_posix()
        ) from None


def _write_journal(journal: Path, files: list[tuple[Path, str]], temps: list[Path]) -> None:
    root = journal.parent.parent
    items = [
        {
            "path": path.relative_to(root).as_posix(),
            "temp": temp.relative_to(root).as_posix(),
            "digest": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
        for (path, text), temp in zip(files, temps, strict=True)
    ]
    journal.parent.mkdir(parents=True, exist_ok=True)
    partial = journal.with_name(journal.name + ".tmp")
    partial.write_text(json.dumps({"pid": os.getpid(), "files": items}), "utf-8")
    os.replace(partial, journal)  # the journal itself appears whole


def _digest_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
