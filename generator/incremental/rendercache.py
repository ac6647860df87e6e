"""Rendered pages reused while nothing they read has changed: kept in memory between
`serve` rebuilds, and in the store between builds (see `pagestore`).

While a page renders, its reads are recorded: attributes of the `site` and `journey`
globals, and attributes of each entry (by file path) read through the template. A page
is reused when its templates, its context and every value it read are unchanged since
last time; entries carry versions across rebuilds, so only changed ones are compared. No
dependency graph to maintain: a template that reads more is simply re-rendered more
often. Entries printed whole (`{{ entry }}`) or handed to a function global count as
read whole.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from ..core.model import Entry
from ..core.plan import Render
from ..output.writer import Deferred
from ..render import theme
from .fingerprint import Known, tree
from .reads import WHOLE, Dep, Reads, RecordingGlobal, recording_env, tracked
from .values import PLAIN, Fingerprints, page_key, same, unique


@dataclasses.dataclass
class _Page:
    key: str
    deps: dict[str, tuple[str, ...]]  # owner -> the attributes the page read of it
    data: bytes | Deferred  # Deferred: a page loaded from the store, its bytes not yet read
    # What a worker found those attributes to be, for the build's table (see Session).
    read: dict[str, dict[str, str]] | None = None


class _Entries:
    """The published entries across rebuilds, each with a version that changes with it.

    A page skips every entry whose version did not move, so a rebuild compares per
    entry, not per attribute read. In `serve` an entry is compared field by field with
    the last build's, which is mostly identity (parse results are cached objects); a
    build loading the last build's pages from disk has no such objects, so versions are
    content fingerprints there.
    """

    def __init__(self, by_content: bool = False) -> None:
        self.by_content = by_content
        self.current: dict[str, Entry] = {}
        self.versions: dict[str, int | str] = {}
        self.digests: dict[str, dict[str, str]] = {}  # owner -> attribute -> digest
        self.changed: set[str] = set()  # owners whose version moved in the last update
        self._serial = itertools.count(1)

    def update(self, entries: Mapping[str, Entry], fp: Fingerprints) -> None:
        old, self.changed = self.current, set()
        for path, entry in entries.items():
            owner = "entry:" + path
            if self.by_content:
                version: int | str = fp(entry, deep=True)
                if self.versions.get(owner) == version:
                    continue
            else:
                before = old.get(path)
                if before is not None and same(before, entry, fp):
                    continue
                version = next(self._serial)
            self.versions[owner] = version
            self.digests[owner] = {}  # a new dict: the last build's table keeps the old one
            self.changed.add(owner)
        for owner in self.versions.keys() - {"entry:" + path for path in entries}:
            del self.versions[owner], self.digests[owner]
        self.current = dict(entries)


class RenderCache:
    """Every page's bytes and reads: kept alive by `serve`, saved between builds by `build`."""

    def __init__(self) -> None:
        self._setup = ""
        self._env: jinja2.Environment | None = None
        self._reads = Reads()
        self._globals: dict[str, RecordingGlobal] = {}
        self._memos: list[dict[Any, Any]] = []
        self._pages: dict[str, _Page] = {}
        # What every kept page's reads were when the last build ended (the same for all:
        # each page was then either rendered or found unchanged).
        self._table: dict[str, dict[str, str]] = {}
        self._entries = _Entries()
        self._strings: dict[Any, Any] = {}
        self.reused = 0
        self.fresh: set[str] = set()  # pages rendered since the store last saw them
        self.saved: set[str] = set()  # pages the store holds
        self.stored_names: Any = None  # how the store numbers the pages' reads (pagestore)

    def forget(self) -> None:
        """After a failed build: pages and the table may disagree, so keep nothing."""
        self._pages, self._table, self._entries = {}, {}, _Entries(self._entries.by_content)

    def session(
        self,
        dirs: list[Path],
        config: Any,
        entries: Sequence[Entry],
        recorded: Mapping[str, Any],
        functions: Mapping[str, Callable[..., Any]],
        known: Known | None = None,
    ) -> Session:
        """One build's rendering; reads of `recorded` globals and entries are noted.

        `functions` must depend only on their arguments and the model: each result is
        computed once per build and arguments (url_for and card are called ~40 times
        a page), and the reads it made are replayed whenever it is reused.
        """
        reads = self._reads
        reads.entries = {e.path: e for e in entries}
        fp = Fingerprints(reads.entries)
        # Fonts too: a share card drawn with another font is another card.
        templates = tree(
            [d / sub for d in dirs for sub in ("templates", "fonts")],
            {} if known is None else known,
        )
        setup = fp([fp(config), [str(d) for d in dirs], templates])
        if setup != self._setup:
            self._pages = {}  # new templates or settings: nothing can be reused
            self._table = {}
            self._setup = setup
            self._env = None
        if self._env is None:
            self._globals = {name: RecordingGlobal(name, reads) for name in recorded}
            self._memos = []
            wrapped = {n: self._remembered(tracked(f, reads)) for n, f in functions.items()}
            env = theme.make_env(dirs, {**self._globals, **wrapped})
            self._env = recording_env(env, reads)
        for name, value in recorded.items():
            self._globals[name]._target = value
        for memo in self._memos:
            memo.clear()
        self._strings = {}
        self._entries.update(reads.entries, fp)
        self.reused = 0
        return Session(self, self._env, fp, recorded)

    def _remembered(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function` computed once per build and arguments; its reads replayed on reuse.

        Entries are keyed by path, plain values by value, anything else by identity
        (kept alive in the memo, so the identity cannot be reused).
        """
        reads = self._reads
        made: dict[tuple[Any, ...], tuple[Any, set[Dep], tuple[Any, ...]]] = {}
        self._memos.append(made)

        def part(value: Any) -> Any:
            if type(value) in PLAIN:
                return (type(value), value)
            return reads.entry(value) or id(value)

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            key = (*map(part, args), *((k, part(v)) for k, v in kwargs.items()))
            hit = made.get(key)
            if hit is None:
                outer, reads.deps = reads.deps, set()
                try:
                    hit = made[key] = (function(*args, **kwargs), reads.deps, (args, kwargs))
                finally:
                    reads.deps = outer | reads.deps
            else:
                reads.deps |= hit[1]
            return hit[0]

        return call


class Session:
    """One build: which pages can be reused, and fresh renders (also on forked workers)."""

    def __init__(
        self, cache: RenderCache, env: jinja2.Environment, fp: Fingerprints, recorded: Any
    ) -> None:
        self._cache = cache
        self._env = env
        self._fp = fp
        self._recorded = recorded
        known = cache._entries
        self._versions = known.versions
        self._changed = known.changed
        self._table = cache._table
        # Globals are read anew every build; entries keep their digests while unchanged.
        self._digests: dict[str, dict[str, str]] = {name: {} for name in recorded}
        self._digests.update(known.digests)

    def reuse(self, page: Render) -> bytes | Deferred | None:
        """The page's bytes from last time, if nothing it is or read has changed since."""
        old = self._cache._pages.get(page.path)
        if old is None or old.key != page_key(page, self._fp) or not self._unchanged(old):
            return None
        self._cache.reused += 1
        return old.data

    def fresh(self, page: Render) -> _Page:
        """Render the page, noting what it reads; may run on a forked worker."""
        reads = self._cache._reads
        reads.deps = set()
        html = self._env.get_template(page.template).render(page.context, page_path=page.path)
        grouped: dict[str, list[str]] = {}
        for owner, attr in reads.deps:
            grouped.setdefault(owner, []).append(attr)
        deps = {owner: tuple(sorted(attrs)) for owner, attrs in grouped.items()}
        read = {o: {a: self._digest(o, a) for a in attrs} for o, attrs in deps.items()}
        return _Page(page_key(page, self._fp), deps, html.encode(), read=read)

    def compile(self, template: str) -> None:
        self._env.get_template(template)

    def keep(self, page: Render, fresh: _Page) -> bytes | Deferred:
        # Pages from workers bring their own copies of the same names: one object each
        # keeps memory small.
        one = self._cache._strings
        fresh.deps = {one.setdefault(o, o): one.setdefault(a, a) for o, a in fresh.deps.items()}
        for owner, values in (fresh.read or {}).items():
            table = self._digests.get(owner)
            if table is not None:
                for attr, value in values.items():
                    table.setdefault(attr, value)
        fresh.read = None
        self._cache._pages[page.path] = fresh
        self._cache.fresh.add(page.path)
        return fresh.data

    def finish(self, paths: Iterable[str]) -> None:
        """Every page of this build is rendered or reused: only they, and this build's
        digests as the table they are compared with next time, are kept."""
        pages = self._cache._pages
        self._cache._pages = {path: pages[path] for path in paths}
        self._cache._table = self._digests

    def _digest(self, owner: str, attr: str) -> str:
        values = self._digests.get(owner)
        if values is None:  # an entry gone since the page rendered
            return f"missing:{unique()}"
        value = values.get(attr)
        if value is None:
            value = values[attr] = _dep_digest(
                owner, attr, self._fp, self._cache._reads.entries, self._recorded
            )
        return value

    def _unchanged(self, page: _Page) -> bool:
        table, changed, versions = self._table, self._changed, self._versions
        for owner, attrs in page.deps.items():  # the hot loop of a rebuild: kept flat
            if owner in versions and owner not in changed:
                continue  # an entry as it was when this page last rendered or matched
            before = table.get(owner)
            if before is None:
                return False
            for attr in attrs:
                if self._digest(owner, attr) != before.get(attr):
                    return False
        return True


Fresh = _Page  # what a worker sends back for a page it rendered


def _dep_digest(
    owner: str,
    attr: str,
    fp: Fingerprints,
    entries: Mapping[str, Entry],
    recorded: Mapping[str, Any],
) -> str:
    """The current value's fingerprint; something gone or failing never matches."""
    try:
        if owner.startswith("entry:"):
            entry = entries[owner.removeprefix("entry:")]
            return fp(entry, deep=True) if attr == WHOLE else fp(getattr(entry, attr))
        value = getattr(recorded[owner], attr)
        method_of = getattr(value, "__self__", None)
        if dataclasses.is_dataclass(method_of) and callable(value):
            # A model method (charts.cumulative) is a pure function of its record. What it
            # reads of entries is not tracked, so they count whole, unless the record
            # declares that its methods read no entry's fields.
            whole = getattr(method_of, "reads_entry_fields", True)
            return f"method:{attr}:" + (Fingerprints({}) if whole else fp)(method_of)
        return fp(value)
    except Exception:  # gone or failing now: render again and let that report it
        return f"missing:{unique()}"
