"""The page cache in the store, between builds: one row per page, one for what they read.

A page row is a JSON header (its key and reads) and the page's bytes; the meta row
holds the table the reads are compared with and the entries' versions. Rows are only
added for pages rendered since the last save, and the meta row with them in one
transaction, so the store never pairs pages with another build's table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .fingerprint import of
from .rendercache import RenderCache, _Entries, _Page
from .store import Store

SPACE = "pages:"
META = "\0meta"  # page paths never start with a NUL


def space(out: Path) -> str:
    """One page cache per output folder."""
    return SPACE + of(str(out.resolve()))


def load(store: Store, where: str, code: str) -> RenderCache:
    """The pages last saved with the same `code`; anything amiss means none."""
    cache = RenderCache()
    cache._entries = _Entries(by_content=True)
    raw = store.get(where, META)
    if raw is None:
        return cache
    try:
        meta = json.loads(raw)
        if meta["code"] != code:
            return cache
        setup, table, versions = str(meta["setup"]), meta["table"], meta["versions"]
        _check_table(table)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in versions.items()):
            return cache
        pages = {}
        for path, value in store.items(where):
            if path != META:
                header, _, data = value.partition(b"\n")
                found = json.loads(header)
                deps = {str(o): tuple(map(str, attrs)) for o, attrs in found["deps"].items()}
                pages[path] = _Page(str(found["key"]), deps, data)
    except (ValueError, KeyError, TypeError, AttributeError):  # damaged: start empty
        return cache
    cache._pages, cache._setup, cache._table = pages, setup, table
    cache._entries.versions = dict(versions)
    cache._entries.digests = {owner: table.get(owner, {}) for owner in versions}
    cache.saved = set(pages)
    return cache


def _check_table(table: Any) -> None:
    for values in table.values():
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
            raise TypeError("table")


def save(cache: RenderCache, store: Store, where: str, code: str) -> None:
    """The pages rendered since the last save, and the table; only a speed-up."""
    if not cache._entries.by_content:  # serial versions mean nothing to another process
        return
    pages = cache._pages

    def rows() -> Iterator[tuple[str, bytes]]:
        # One page's row at a time: a list of them would hold every page twice.
        for path in sorted(cache.fresh & pages.keys()):
            page = pages[path]
            header = json.dumps({"key": page.key, "deps": page.deps}).encode()
            yield path, header + b"\n" + page.data
        meta = {
            "code": code,
            "setup": cache._setup,
            "table": cache._table,
            "versions": cache._entries.versions,
        }
        yield META, json.dumps(meta).encode()

    store.write(where, rows(), drop=sorted(cache.saved - pages.keys()))
    cache.fresh.clear()
    cache.saved = set(pages)
