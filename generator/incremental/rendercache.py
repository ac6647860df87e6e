"""Rendered pages reused while nothing they read has changed: kept in memory between
`serve` rebuilds, and on disk between builds (`save`, `load`).

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
import datetime as dt
import enum
import functools
import hashlib
import itertools
import os
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import jinja2

from ..core.model import Entry
from ..core.plan import Render
from ..output.writer import write_atomic
from ..render import theme

Dep = tuple[str, str]  # (global name or "entry:" + path, attribute or "*" for all of it)
WHOLE = "*"
_PLAIN = frozenset({str, int, bool, type(None)})
_SCALARS = (float, dt.date, dt.time, dt.timedelta, dt.tzinfo, Decimal, enum.Enum, os.PathLike)
_SCALAR_KINDS: dict[type, bool] = {}
_opaque = itertools.count()


def _unique() -> str:
    """A marker equal to nothing else, in this process or any other (saved pages outlive it)."""
    return f"{os.getpid()}:{_PROCESS}:{next(_opaque)}"


_PROCESS = os.urandom(6).hex()
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


class Fingerprints:
    """Content digests of model values, memoised per build (objects are shared by many pages).

    A published entry stands for itself by path: what a page reads of it is tracked apart.
    """

    def __init__(self, entries: Mapping[str, Entry]) -> None:
        self._entries = entries
        self._memo: dict[int, tuple[str, Any]] = {}

    def __call__(self, value: Any, deep: bool = False) -> str:
        kind = type(value)
        if kind in _PLAIN:
            text = repr(value)  # repr tells 1, "1", True and None apart
            if len(text) <= 64:
                return text
            # A story or lesson stands for itself by digest: digests are kept per page read.
            return "h:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        scalar = _SCALAR_KINDS.get(kind)
        if scalar is None:  # isinstance against ABCs is slow; ask once per type
            scalar = _SCALAR_KINDS[kind] = issubclass(kind, _SCALARS)
        if scalar:
            return f"{kind.__name__}:{value!r}"
        if kind is Entry and not deep:
            path: str = value.path
            if self._entries.get(path) is value:
                return "entry:" + path
        hit = self._memo.get(id(value))
        if hit is not None and not deep:
            return hit[0]
        digest = hashlib.blake2b("\x1f".join(self._parts(value)).encode(), digest_size=16)
        if not deep:
            self._memo[id(value)] = (digest.hexdigest(), value)  # holding it keeps its id
        return digest.hexdigest()

    def _each(self, values: Iterable[Any]) -> list[str]:
        # Inlined for plain values: a page's context holds thousands of them.
        return [repr(v) if type(v) in _PLAIN else self(v) for v in values]

    def _parts(self, value: Any) -> list[str]:
        kind = type(value)
        if dataclasses.is_dataclass(value):
            names = _FIELD_NAMES.get(kind)
            if names is None:  # every field, also those left out of ==
                names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
            return [kind.__qualname__, *self._each(getattr(value, n) for n in names)]
        if isinstance(value, list | tuple):
            return [kind.__name__, *self._each(value)]
        if isinstance(value, dict):
            return ["dict", *(f"{self(k)}={self(v)}" for k, v in value.items())]
        if isinstance(value, set | frozenset):
            return ["set", *sorted(map(self, value))]
        # Anything else is never considered equal to an earlier value: it is re-rendered.
        return [f"opaque:{_unique()}"]


class _Reads:
    """The reads of the page being rendered, and the entries of the current build."""

    def __init__(self) -> None:
        self.deps: set[Dep] = set()
        self.entries: dict[str, Entry] = {}

    def entry(self, value: Any) -> str | None:
        if type(value) is Entry and self.entries.get(value.path) is value:
            return "entry:" + value.path
        return None


class _Global:
    """Stands in for a template global (`site`, `journey`) and notes what a page reads."""

    def __init__(self, name: str, reads: _Reads) -> None:
        self._name = name
        self._reads = reads
        self._target: Any = None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        self._reads.deps.add((self._name, attr))
        return getattr(self._target, attr)


class _EntryReader:
    """An entry handed to a Python function global: whatever it reads is noted."""

    def __init__(self, entry: Entry, key: str, reads: _Reads) -> None:
        self._entry = entry
        self._key = key
        self._reads = reads

    def __getattr__(self, attr: str) -> Any:
        self._reads.deps.add((self._key, attr if not attr.startswith("__") else WHOLE))
        return getattr(self._entry, attr)

    def __str__(self) -> str:
        self._reads.deps.add((self._key, WHOLE))
        return str(self._entry)


def _recording_env(env: jinja2.Environment, reads: _Reads) -> jinja2.Environment:
    """Note every entry attribute a template reads (Jinja2 routes `a.b` and `a['b']` here)."""
    plain_getattr, plain_getitem = env.getattr, env.getitem

    def getattr_(obj: Any, attribute: str) -> Any:
        key = reads.entry(obj)
        if key:
            reads.deps.add((key, attribute))
        return plain_getattr(obj, attribute)

    def getitem(obj: Any, argument: Any) -> Any:
        key = reads.entry(obj)
        if key:
            reads.deps.add((key, argument if isinstance(argument, str) else WHOLE))
        return plain_getitem(obj, argument)

    def finalize(value: Any) -> Any:
        key = reads.entry(value)
        if key:  # `{{ entry }}` prints all of it
            reads.deps.add((key, WHOLE))
        return value

    env.getattr = getattr_  # type: ignore[method-assign]
    env.getitem = getitem  # type: ignore[method-assign]
    env.finalize = finalize
    return env


def _tracked(function: Callable[..., Any], reads: _Reads) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja2's pass_environment mark
    def call(*args: Any, **kwargs: Any) -> Any:
        def wrap(value: Any) -> Any:
            key = reads.entry(value)
            return _EntryReader(value, key, reads) if key else value

        return function(*map(wrap, args), **{k: wrap(v) for k, v in kwargs.items()})

    return call


@dataclasses.dataclass
class _Page:
    key: tuple[Any, ...]
    deps: dict[str, tuple[str, ...]]  # owner -> the attributes the page read of it
    data: bytes
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
                if before is not None and _same(before, entry, fp):
                    continue
                version = next(self._serial)
            self.versions[owner] = version
            self.digests[owner] = {}  # a new dict: the last build's table keeps the old one
            self.changed.add(owner)
        for owner in self.versions.keys() - {"entry:" + path for path in entries}:
            del self.versions[owner], self.digests[owner]
        self.current = dict(entries)


def _same(a: Any, b: Any, fp: Fingerprints) -> bool:
    """Same content, as strictly as fingerprints tell (1 is not True), but cheaper to ask.

    Entries of successive builds share most values (parse results are cached objects).
    """
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in _PLAIN:
        return bool(a == b)
    if kind is tuple:
        if len(a) != len(b):
            return False
        for x, y in zip(a, b, strict=True):
            if x is not y and not _same(x, y, fp):
                return False
        return True
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        names = _FIELD_NAMES.get(kind)
        if names is None:  # every field, also those left out of ==
            names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(a))
        for name in names:
            x, y = getattr(a, name), getattr(b, name)
            if x is not y and not _same(x, y, fp):
                return False
        return True
    return fp(a) == fp(b)


def _page_key(page: Render, fp: Fingerprints) -> tuple[Any, ...]:
    """What a page is, apart from what it reads: template, path and context.

    Plain values stand for themselves, with their type (1 is not True); the rest by
    fingerprint, so a page key costs little more than its context's size.
    """
    key: list[Any] = [page.template, page.path]
    for name, value in page.context.items():
        kind = type(value)
        key.append((name, kind, value) if kind in _PLAIN else (name, fp(value)))
    return tuple(key)


class RenderCache:
    """Every page's bytes and reads: kept alive by `serve`, saved between builds by `build`."""

    def __init__(self) -> None:
        self._setup = ""
        self._env: jinja2.Environment | None = None
        self._reads = _Reads()
        self._globals: dict[str, _Global] = {}
        self._memos: list[dict[Any, Any]] = []
        self._pages: dict[str, _Page] = {}
        # What every kept page's reads were when the last build ended (the same for all:
        # each page was then either rendered or found unchanged).
        self._table: dict[str, dict[str, str]] = {}
        self._entries = _Entries()
        self._strings: dict[Any, Any] = {}
        self.reused = 0

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
        template_cache: Path | None = None,
    ) -> Session:
        """One build's rendering; reads of `recorded` globals and entries are noted.

        `functions` must depend only on their arguments and the model: each result is
        computed once per build and arguments (url_for and card are called ~40 times
        a page), and the reads it made are replayed whenever it is reused.
        """
        reads = self._reads
        reads.entries = {e.path: e for e in entries}
        fp = Fingerprints(reads.entries)
        setup = fp([fp(config), [str(d) for d in dirs], _template_digest(dirs)])
        if setup != self._setup:
            self._pages = {}  # new templates or settings: nothing can be reused
            self._table = {}
            self._setup = setup
            self._env = None
        if self._env is None:
            self._globals = {name: _Global(name, reads) for name in recorded}
            self._memos = []
            tracked = {name: self._remembered(_tracked(f, reads)) for name, f in functions.items()}
            env = theme.make_env(dirs, {**self._globals, **tracked}, template_cache)
            self._env = _recording_env(env, reads)
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
            if type(value) in _PLAIN:
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

    def reuse(self, page: Render) -> bytes | None:
        """The page's bytes from last time, if nothing it is or read has changed since."""
        old = self._cache._pages.get(page.path)
        if old is None or old.key != _page_key(page, self._fp) or not self._unchanged(old):
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
        return _Page(_page_key(page, self._fp), deps, html.encode(), read=read)

    def compile(self, template: str) -> None:
        self._env.get_template(template)

    def keep(self, page: Render, fresh: _Page) -> bytes:
        # Pages from workers bring their own copies of the same names: one object each
        # keeps memory and the saved cache small (pickle stores it once).
        one = self._cache._strings
        fresh.deps = {one.setdefault(o, o): one.setdefault(a, a) for o, a in fresh.deps.items()}
        for owner, values in (fresh.read or {}).items():
            table = self._digests.get(owner)
            if table is not None:
                for attr, value in values.items():
                    table.setdefault(attr, value)
        fresh.read = None
        self._cache._pages[page.path] = fresh
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
            return f"missing:{_unique()}"
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

# Bumped whenever the shape of a saved RenderCache changes.
FORMAT = 5


def save(cache: RenderCache, path: Path, stamp: str) -> None:
    """Keep the pages for the next build; only a speed-up, so never fails.

    The pages come first, one at a time, then an index of what each page is and read,
    then the index's offset: a large site's pages are never held twice. (Compressing
    them would save disk, but their compressed copies would cost memory and time.)
    """

    def write(file: BinaryIO) -> None:
        index = []
        for rel, page in cache._pages.items():
            file.write(page.data)
            index.append((rel, page.key, page.deps, len(page.data)))
        start = file.tell()
        state = (cache._setup, cache._table, cache._entries.versions, index)
        pickle.dump((FORMAT, stamp, state), file, pickle.HIGHEST_PROTOCOL)
        file.write(start.to_bytes(8, "big"))

    if not cache._entries.by_content:  # serial versions mean nothing to another process
        return
    try:
        write_atomic(path, write)
    except OSError:
        pass


def load(path: Path, stamp: str) -> RenderCache:
    """The pages of the last build with the same `stamp`; anything amiss means none."""
    cache = RenderCache()
    cache._entries = _Entries(by_content=True)
    pages = {}
    try:
        with path.open("rb") as file:
            file.seek(-8, os.SEEK_END)
            file.seek(int.from_bytes(file.read(8), "big"))
            kind, saved, state = pickle.load(file)
            if kind != FORMAT or saved != stamp:
                return cache
            setup, table, versions, index = state
            file.seek(0)
            for rel, key, deps, size in index:
                data = file.read(size)
                if len(data) != size:
                    return cache
                pages[rel] = _Page(key, deps, data)
    except Exception:  # missing, truncated, garbage, another version's classes
        return cache
    cache._pages, cache._setup, cache._table = pages, setup, table
    cache._entries.versions = versions
    cache._entries.digests = {owner: table.get(owner, {}) for owner in versions}
    return cache


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
        # A method (charts.cumulative) is opaque: its page renders again every time.
        return fp(getattr(recorded[owner], attr))
    except Exception:  # gone or failing now: render again and let that report it
        return f"missing:{_unique()}"


def _template_digest(dirs: list[Path]) -> str:
    """Every template and font file's name and bytes: any edit (includes, macros, a share
    card's font) renders all again."""
    h = hashlib.blake2b(digest_size=16)
    for folder in dirs:
        files = [*(folder / "templates").rglob("*"), *(folder / "fonts").glob("*")]
        for path in sorted(files):
            if path.is_file():
                h.update(f"{path}\0{path.stat().st_size}\0".encode())
                h.update(path.read_bytes())
    return h.hexdigest()
