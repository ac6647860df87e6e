"""The one cache store: `.asklog/cache/store.sqlite`, data only, one format version.

Every persisted speed-up (parse results, file stamps, pages, the output record) is a
row `(space, key) -> bytes` with a checksum. Loading never runs code: values are JSON
or page bytes. A file that is not this store (another program's, another format, a
damaged page, a pickle) is replaced by an empty store; a row whose checksum fails
reads as missing. Builds take an exclusive lock on the site for their whole run, so
two builds at once run one after the other and never interleave writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

CACHE_DIR = Path(".asklog") / "cache"
STORE = "store.sqlite"
LOCK = "build.lock"
# Bumped whenever the layout of rows or their meaning changes.
FORMAT = 9
APPLICATION_ID = 0x61736B6C  # "askl": tells this store from any other SQLite file
LOCK_TIMEOUT_MS = 60_000
LEGACY = ("*.pickle", "*.journal", "template-*.jinja", "output-*.json", "skip-*.json")

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS rows (space TEXT NOT NULL, key TEXT NOT NULL, "
    "sum TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (space, key)) WITHOUT ROWID"
)


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


def _checksum(space: str, key: str, value: bytes) -> str:
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{space}\0{key}\0".encode())
    digest.update(value)
    return digest.hexdigest()


class Store:
    """Rows on disk (`folder`), or nowhere (`folder=None`: every read misses)."""

    def __init__(self, folder: Path | None, read_only: bool = False) -> None:
        self.folder = folder
        self.read_only = read_only
        self._db: sqlite3.Connection | None = None
        self._opened = False

    @classmethod
    def for_site(cls, root: Path, enabled: bool = True, read_only: bool = False) -> Store:
        return cls(cache_dir(root) if enabled else None, read_only)

    # ---------------------------------------------------------------------- opening

    def _conn(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._db
        self._opened = True
        if self.folder is None:
            return None
        path = self.folder / STORE
        if self.read_only and not path.is_file():
            return None
        try:
            self._db = self._open(path)
        except (sqlite3.Error, OSError):
            if self.read_only:
                return None
            self._db = self._fresh(path)  # not ours, or damaged: start empty
        return self._db

    def _open(self, path: Path) -> sqlite3.Connection:
        if not self.read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{path}?mode={'ro' if self.read_only else 'rwc'}"
        db = sqlite3.connect(uri, uri=True, timeout=LOCK_TIMEOUT_MS / 1000)
        try:
            db.execute("PRAGMA trusted_schema = OFF")  # a foreign file's SQL never runs
            # The rollback journal keeps the file whole when a build is killed; fsync
            # only guards against power loss, where damaged rows fail their checksums.
            db.execute("PRAGMA synchronous = OFF")
            app = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            fresh = app == 0 and version == 0 and not _has_objects(db)
            if fresh and not self.read_only:
                for old in LEGACY:  # what older versions kept here (never read: some held code)
                    for found in path.parent.glob(old):
                        found.unlink(missing_ok=True)
                with db:
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {FORMAT}")
                    db.execute(_SCHEMA)
            elif app != APPLICATION_ID or version != FORMAT or not _right_schema(db):
                raise sqlite3.DatabaseError("not this store or another format")
            return db
        except BaseException:
            db.close()
            raise

    def _fresh(self, path: Path) -> sqlite3.Connection | None:
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return self._open(path)
        except (sqlite3.Error, OSError):
            return None  # a read-only site builds without a store

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
        self._db, self._opened = None, False

    # ------------------------------------------------------------------------ rows

    def get(self, space: str, key: str) -> bytes | None:
        db = self._conn()
        if db is None:
            return None
        try:
            row = db.execute(
                "SELECT sum, value FROM rows WHERE space = ? AND key = ?", (space, key)
            ).fetchone()
        except sqlite3.Error:
            return None
        return _checked(space, key, row)

    def items(self, space: str, below: str | None = None) -> Iterator[tuple[str, bytes]]:
        """Every intact row of `space` (with a key sorting before `below`, if given);
        damaged rows are left out."""
        db = self._conn()
        if db is None:
            return
        try:
            query = "SELECT key, sum, value FROM rows WHERE space = ?"
            args: tuple[str, ...] = (space,)
            if below is not None:
                query, args = query + " AND key < ?", (space, below)
            rows = db.execute(query, args)
            for key, *rest in rows:
                value = _checked(space, key, tuple(rest)) if isinstance(key, str) else None
                if value is not None:
                    yield key, value
        except sqlite3.Error:
            return

    def write(
        self,
        space: str,
        put: Iterable[tuple[str, bytes]] = (),
        drop: Iterable[str] = (),
        replace: bool = False,
    ) -> None:
        """One transaction; `replace` empties `space` first. Never fails the build."""
        db = None if self.read_only else self._conn()
        if db is None:
            return
        try:
            with db:
                if replace:
                    db.execute("DELETE FROM rows WHERE space = ?", (space,))
                db.executemany(
                    "DELETE FROM rows WHERE space = ? AND key = ?", ((space, k) for k in drop)
                )
                db.executemany(
                    "INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?)",
                    ((space, k, _checksum(space, k, v), v) for k, v in put),
                )
        except sqlite3.OperationalError:
            pass  # only a speed-up: a full disk or locked file costs the next build time
        except sqlite3.DatabaseError:  # damaged beyond its checksums: start empty
            self.close()
            assert self.folder is not None  # there was a connection
            self._opened, self._db = True, self._fresh(self.folder / STORE)

    def drop_spaces(self, prefix: str, keep: str) -> None:
        """Spaces under `prefix` other than `keep` (an older settings fingerprint)."""
        db = None if self.read_only else self._conn()
        if db is None:
            return
        try:
            with db:
                db.execute(
                    "DELETE FROM rows WHERE space >= ? AND space < ? AND space != ?",
                    (prefix, prefix + "\uffff", keep),
                )
        except sqlite3.Error:
            pass

    # ------------------------------------------------------------------------ lock

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Exclusive for one build at a time on this site (a second one waits)."""
        if self.folder is None or self.read_only:
            yield
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = open(self.folder / LOCK, "a+b")  # noqa: SIM115 - held for the block
        except OSError:
            yield  # a read-only site: nothing to share
            return
        with handle:
            _lock(handle.fileno())
            try:
                yield
            finally:
                self.close()  # everything committed before the next build opens it
                _unlock(handle.fileno())


def _checked(space: str, key: str, row: tuple[object, ...] | None) -> bytes | None:
    if row is None:
        return None
    check, value = row
    if not isinstance(value, bytes) or check != _checksum(space, key, value):
        return None
    return value


def _has_objects(db: sqlite3.Connection) -> bool:
    count: int = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return count > 0


def _right_schema(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    return [(t, n) for t, n, _ in found if t == "table"] == [("table", "rows")] and all(
        t in ("table", "index") for t, _, _ in found
    )


if os.name == "posix":
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - elsewhere SQLite's own locking still keeps the store whole

    def _lock(fd: int) -> None:
        pass

    def _unlock(fd: int) -> None:
        pass
