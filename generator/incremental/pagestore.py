"""The page cache in the store, between builds: two rows per page, one for what they read.

A page's header row is JSON (its key, reads, digest and size); its reads are numbers
into two lists in the meta row, the owners read (`site`, `entry:content/...`) and the
sets of attributes read of them, which pages share. Its bytes are a row of their own,
read only when the page must be written or compared (a build that changes one entry
reads none). The meta row holds the table the reads are compared with and the
entries' versions. Rows are only added for pages rendered since the last save, and the
meta row with them in one transaction, so the store never pairs pages with another
build's table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..output.writer import Deferred, DeferredGone
from .fingerprint import digest, of
from .rendercache import RenderCache, _Entries, _Page
from .store import Store

SPACE = "pages:"
META = "\0meta"  # page paths never start with a NUL
# Page bytes are keyed DEL + path: every page path starts with "/", so every header row
# and the meta row sort before them, and headers are read without reading any page.
BYTES = "\x7f"


def space(out: Path) -> str:
    """One page cache per output folder."""
    return SPACE + of(str(out.resolve()))


def load(store: Store, where: str, code: str) -> RenderCache:
    """The pages last saved with the same `code`; anything amiss means none."""
    cache = empty()
    raw = store.get(where, META)
    if raw is None:
        return cache
    try:
        meta = json.loads(raw)
        if meta["code"] != code:
            return cache
        setup, table, versions = str(meta["setup"]), meta["table"], meta["versions"]
        names = _Names.of(meta["owners"], meta["sets"])
        _check_table(table)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in versions.items()):
            return cache
        pages = {}
        for path, value in store.items(where, below=BYTES):
            if path != META:
                found = json.loads(value)
                deps = names.decode(found["deps"])
                data = Deferred(
                    str(found["digest"]), int(found["size"]), _reader(store, where, path)
                )
                pages[path] = _Page(str(found["key"]), deps, data)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):  # damaged: none
        return cache
    cache.stored_names = names
    cache._pages, cache._setup, cache._table = pages, setup, table
    cache._entries.versions = dict(versions)
    cache._entries.digests = {owner: table.get(owner, {}) for owner in versions}
    cache.saved = set(pages)
    return cache


def empty(replacing: RenderCache | None = None) -> RenderCache:
    """A page cache to fill and save (`replacing` one whose pages the store lost)."""
    cache = RenderCache()
    cache._entries = _Entries(by_content=True)
    if replacing is not None:
        cache.saved = set(replacing.saved)  # so that their rows are dropped when gone
    return cache


def _reader(store: Store, where: str, path: str) -> Callable[[], bytes]:
    def read() -> bytes:
        data = store.get(where, BYTES + path)
        if data is None:
            raise DeferredGone(path)  # missing or damaged: the build renders again
        return data

    return read


@dataclass
class _Names:
    """The owners and attribute sets that page headers refer to by number. Only added
    to while pages that use them are kept; started afresh when every page is saved anew."""

    owners: list[str] = field(default_factory=list)
    sets: list[tuple[str, ...]] = field(default_factory=list)
    _owner_ids: dict[str, int] = field(default_factory=dict)
    _set_ids: dict[tuple[str, ...], int] = field(default_factory=dict)

    @classmethod
    def of(cls, owners: Any, sets: Any) -> _Names:
        if not isinstance(owners, list) or not all(isinstance(o, str) for o in owners):
            raise TypeError("owners")
        if not isinstance(sets, list) or not all(
            isinstance(a, list) and all(isinstance(n, str) for n in a) for a in sets
        ):
            raise TypeError("sets")
        names = cls(list(owners), [tuple(a) for a in sets])
        names._owner_ids = {o: i for i, o in enumerate(names.owners)}
        names._set_ids = {a: i for i, a in enumerate(names.sets)}
        return names

    def encode(self, deps: dict[str, tuple[str, ...]]) -> list[int]:
        flat: list[int] = []
        for owner, attrs in deps.items():
            o = self._owner_ids.get(owner)
            if o is None:
                o = self._owner_ids[owner] = len(self.owners)
                self.owners.append(owner)
            a = self._set_ids.get(attrs)
            if a is None:
                a = self._set_ids[attrs] = len(self.sets)
                self.sets.append(attrs)
            flat += (o, a)
        return flat

    def decode(self, flat: Any) -> dict[str, tuple[str, ...]]:
        if not isinstance(flat, list) or len(flat) % 2:
            raise TypeError("deps")
        owners, sets = self.owners, self.sets  # a number out of range: IndexError, damaged
        return {owners[flat[i]]: sets[flat[i + 1]] for i in range(0, len(flat), 2)}


def _check_table(table: Any) -> None:
    for values in table.values():
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
            raise TypeError("table")


def save(cache: RenderCache, store: Store, where: str, code: str) -> None:
    """The pages rendered since the last save, and the table; only a speed-up."""
    if not cache._entries.by_content:  # serial versions mean nothing to another process
        return
    pages = cache._pages
    names = cache.stored_names
    if not isinstance(names, _Names) or cache.fresh >= pages.keys():
        names = cache.stored_names = _Names()  # every page is saved anew: no old numbers

    def rows() -> Iterator[tuple[str, bytes]]:
        # One page's row at a time: a list of them would hold every page twice.
        for path in sorted(cache.fresh & pages.keys()):
            page = pages[path]
            data = page.data
            assert isinstance(data, bytes)  # rendered by this build
            deps = names.encode(page.deps)
            header = {"key": page.key, "deps": deps, "digest": digest(data), "size": len(data)}
            yield path, json.dumps(header).encode()
            yield BYTES + path, data
        meta = {
            "code": code,
            "setup": cache._setup,
            "table": cache._table,
            "versions": cache._entries.versions,
            "owners": names.owners,
            "sets": names.sets,
        }
        yield META, json.dumps(meta).encode()

    gone = sorted(cache.saved - pages.keys())
    store.write(where, rows(), drop=[key for path in gone for key in (path, BYTES + path)])
    cache.fresh.clear()
    cache.saved = set(pages)
