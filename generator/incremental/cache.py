"""Parse results by content digest and settings fingerprint, so an edit costs one parse.

The in-memory `ParseCache` can be backed by one file per fingerprint under
`<root>/.asklog/cache/`, next to the content files' stamps (`stamps.pickle`) and, per
output folder, the output state and the skip record. All are only a speed-up, so any
problem reading one (missing, truncated, written by another version) means "start empty".
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.sources import Stamp
from ..output.writer import write_atomic

CACHE_DIR = Path(".asklog") / "cache"
# Bumped whenever the shape of what is stored changes.
FORMAT = 1
_PREFIX = "parse-"
_SUFFIX = ".pickle"
PROTOCOL = pickle.HIGHEST_PROTOCOL

Key = tuple[str, str, str]  # kind, path, digest


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


# Up to this many changed records are appended to a journal next to the cache file
# instead of rewriting it (2.5 MB at 1,000 entries): an edit then costs a small write.
# Records are keyed by content digest, so a lost or repeated journal entry can only
# cost a parse, never give a wrong result.
JOURNAL_LIMIT = 64
_JOURNAL_SUFFIX = ".journal"


@dataclass
class ParseCache:
    """In-memory cache kept alive by `serve` across rebuilds, optionally saved to `directory`."""

    fingerprint: str = ""
    records: dict[Key, Any] = field(default_factory=dict)
    directory: Path | None = None
    read_only: bool = False  # `check` and `stats` use the cache but write nothing
    dirty: bool = False
    changes: dict[Key, Any] = field(default_factory=dict)  # since load or save; None: dropped
    journaled: int = -1  # changes in the journal file; -1: no intact cache file, rewrite it

    def get(self, kind: str, path: str, digest: str) -> Any:
        return self.records.get((kind, path, digest))

    def put(self, kind: str, path: str, digest: str, value: Any) -> None:
        self.records[(kind, path, digest)] = self.changes[(kind, path, digest)] = value
        self.dirty = True

    def reset_if_changed(self, fingerprint: str) -> None:
        """Settings that change parse results (time zone, Markdown) empty the cache."""
        if fingerprint != self.fingerprint:
            self.records.clear()
            self.changes.clear()
            self.fingerprint = fingerprint
            self.dirty = False
            self.journaled = -1
            if self.directory is not None:
                self._load()

    def keep_only(self, live: set[Key]) -> None:
        for key in set(self.records) - live:
            del self.records[key]
            self.changes[key] = None
            self.dirty = True

    def save(self) -> None:
        """Write the changes to disk if there are any; never fails the build."""
        if self.directory is None or self.read_only or not self.dirty:
            return
        try:
            if 0 <= self.journaled <= JOURNAL_LIMIT - len(self.changes):
                entry = {"format": FORMAT, "changes": self.changes}
                with open(self._journal(), "ab") as handle:
                    handle.write(pickle.dumps(entry, PROTOCOL))
                self.journaled += len(self.changes)
            else:
                save_records(self._file(), self.records)
                self._journal().unlink(missing_ok=True)
                self.journaled = 0
        except OSError:
            return  # a read-only site still builds, just without a warm cache
        self.changes = {}
        self.dirty = False
        current = {self._file(), self._journal()}
        for old in self.directory.glob(f"{_PREFIX}*"):
            if old not in current and old.suffix in (_SUFFIX, _JOURNAL_SUFFIX):
                old.unlink(missing_ok=True)

    def _load(self) -> None:
        base = _read_records(self._file())
        if base is None:
            return
        self.records.update(base)
        self.journaled = 0
        changes, intact = _read_journal(self._journal())
        for key, value in changes:
            if value is None:
                self.records.pop(key, None)
            else:
                self.records[key] = value
        # A damaged journal tail would hide later entries: rewrite at the next save.
        self.journaled = len(changes) if intact else JOURNAL_LIMIT + 1

    def _file(self) -> Path:
        assert self.directory is not None
        name = hashlib.blake2b(f"{FORMAT};{self.fingerprint}".encode(), digest_size=12)
        return self.directory / f"{_PREFIX}{name.hexdigest()}{_SUFFIX}"

    def _journal(self) -> Path:
        return self._file().with_suffix(_JOURNAL_SUFFIX)


def load_records(path: Path) -> dict[Key, Any]:
    """The records saved at `path`, or nothing if the file is missing or damaged."""
    return _read_records(path) or {}


def _read_records(path: Path) -> dict[Key, Any] | None:
    try:
        data = pickle.loads(path.read_bytes())
    except Exception:  # any damage (truncation, garbage, old classes) means a cold cache
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    records = data.get("records")
    return records if isinstance(records, dict) else None


def _read_journal(path: Path) -> tuple[list[tuple[Key, Any]], bool]:
    """The journal's changes in order, and whether it was read to its end."""
    try:
        raw = path.read_bytes()
    except OSError:
        return [], True
    stream = io.BytesIO(raw)
    changes: list[tuple[Key, Any]] = []
    while stream.tell() < len(raw):
        try:
            entry = pickle.load(stream)
        except Exception:  # a half-written entry (a killed build): what follows is lost
            return changes, False
        found = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(found, dict) or entry.get("format") != FORMAT:
            return changes, False
        changes += found.items()
    return changes, True


def save_records(path: Path, records: dict[Key, Any]) -> None:
    """Atomic, so a killed build leaves the old cache file or the new one, never half."""
    write_atomic(path, pickle.dumps({"format": FORMAT, "records": records}, PROTOCOL))


def tree_stamp(folders: list[Path]) -> list[str]:
    """Path, size and mtime of every file under `folders`: cheap, and enough to see an edit."""
    stamps = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            try:
                st = path.stat()
            except OSError:
                continue
            if path.is_file():
                stamps.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return stamps


def inputs_fingerprint(parts: list[str], folders: list[Path]) -> str:
    """One digest of everything a build reads: if it matches, the output cannot differ."""
    text = "\n".join([f"format={FORMAT}", *parts, *tree_stamp(folders)])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def output_state_name(out: Path) -> str:
    """The file (in the cache folder) remembering what was written to `out`, one per folder."""
    key = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
    return f"output-{key}.json"


def page_state_name(out: Path) -> str:
    """The file (in the cache folder) keeping the pages last rendered for `out`."""
    return output_state_name(out).replace("output-", "pages-").replace(".json", ".pickle")


STAMPS = "stamps.pickle"


def load_stamps(directory: Path) -> dict[str, tuple[Stamp, str]]:
    """The content files' stamps and digests from the last build, or none if unreadable."""
    try:
        data = pickle.loads((directory / STAMPS).read_bytes())
    except Exception:  # like the parse cache: damage only costs a re-read
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    stamps = data.get("stamps")
    return stamps if isinstance(stamps, dict) else {}


def save_stamps(directory: Path, stamps: dict[str, tuple[Stamp, str]]) -> None:
    """Kept only if it can be written: a read-only site just reads every file again."""
    try:
        write_atomic(directory / STAMPS, pickle.dumps({"format": FORMAT, "stamps": stamps}))
    except OSError:
        pass


@dataclass(frozen=True)
class Skip:
    """What a successful build leaves so that the next one, if nothing changed, can stop
    before parsing: the inputs it read, when it stays valid, and what its summary said."""

    key: str  # digest of every input of loading: code, options, site.yaml, sources, theme
    inputs: str  # the fingerprint the output state was written with
    theme_dirs: tuple[str, ...]
    # The span of "now" (microseconds since the epoch, end excluded) with the same date
    # and the same published entries.
    window: tuple[int, int]
    entries: int
    drafts_skipped: int
    future_skipped: tuple[tuple[str, str], ...]  # path, date as the summary shows it
    warnings: tuple[tuple[str, str, int | None, str, str], ...]


def skip_state_name(out: Path) -> str:
    """One skip record per output folder, next to its output state."""
    return output_state_name(out).replace("output-", "skip-", 1)


def load_skip(path: Path) -> Skip | None:
    try:
        data = json.loads(path.read_bytes())
        if data.pop("format") != FORMAT:
            return None
        return Skip(
            **{
                **data,
                "theme_dirs": tuple(data["theme_dirs"]),
                "window": tuple(data["window"]),
                "future_skipped": tuple(tuple(f) for f in data["future_skipped"]),
                "warnings": tuple(tuple(w) for w in data["warnings"]),
            }
        )
    except Exception:  # missing, damaged or another shape: no skipping
        return None


def save_skip(path: Path, skip: Skip) -> None:
    try:
        write_atomic(path, json.dumps({"format": FORMAT, **skip.__dict__}).encode())
    except OSError:
        pass
