"""Rendered pages kept between `serve` rebuilds, reused while nothing they read has
changed.

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from . import theme
from .model import Entry
from .plan import Render

Dep = tuple[str, str]  # (global name or "entry:" + path, attribute or "*" for all of it)
WHOLE = "*"
_PLAIN = frozenset({str, int, bool, type(None)})
_SCALARS = (float, dt.date, dt.time, dt.timedelta, dt.tzinfo, Decimal, enum.Enum, os.PathLike)
_SCALAR_KINDS: dict[type, bool] = {}
_opaque = itertools.count()
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
            return repr(value)  # repr tells 1, "1", True and None apart
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
        return [f"opaque:{next(_opaque)}"]


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
    deps: dict[str, dict[str, str]]  # owner -> attribute -> digest when the page rendered
    versions: dict[str, int]  # entry owner -> its version when the page last matched
    data: bytes


class _Entries:
    """The published entries across rebuilds, each with a version that bumps when it changes.

    Pages skip whole entries whose version they have seen, so a rebuild compares per
    entry, not per attribute read; an entry is compared field by field with the last
    build's, which is mostly identity (parse results are cached objects).
    """

    def __init__(self) -> None:
        self.current: dict[str, Entry] = {}
        self.versions: dict[str, int] = {}
        self.digests: dict[str, dict[str, str]] = {}  # owner -> attribute -> digest
        self._serial = itertools.count(1)

    def update(self, entries: Mapping[str, Entry], fp: Fingerprints) -> None:
        old = self.current
        for path, entry in entries.items():
            owner = "entry:" + path
            before = old.get(path)
            if before is None or not _same(before, entry, fp):
                self.versions[owner] = next(self._serial)
                self.digests[owner] = {}
        for path in old.keys() - entries.keys():
            del self.versions["entry:" + path], self.digests["entry:" + path]
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
    """Kept alive by `serve`: a Jinja2 environment and the last bytes of every page."""

    def __init__(self) -> None:
        self._setup = ""
        self._env: jinja2.Environment | None = None
        self._reads = _Reads()
        self._globals: dict[str, _Global] = {}
        self._pages: dict[str, _Page] = {}
        self._entries = _Entries()
        self.reused = 0

    def renderer(
        self,
        dirs: list[Path],
        config: Any,
        entries: Sequence[Entry],
        recorded: Mapping[str, Any],
        functions: Mapping[str, Callable[..., Any]],
    ) -> Callable[[Render], bytes]:
        """A page renderer for one build; reads of `recorded` globals and entries are noted."""
        reads = self._reads
        reads.entries = {e.path: e for e in entries}
        fp = Fingerprints(reads.entries)
        setup = fp([fp(config), [str(d) for d in dirs], _template_digest(dirs)])
        if setup != self._setup or self._env is None:
            # New templates or settings: a new environment (templates compile anew), no reuse.
            self._globals = {name: _Global(name, reads) for name in recorded}
            tracked = {name: _tracked(f, reads) for name, f in functions.items()}
            self._env = _recording_env(theme.make_env(dirs, {**self._globals, **tracked}), reads)
            self._pages = {}
            self._setup = setup
        for name, value in recorded.items():
            self._globals[name]._target = value
        env = self._env
        known = self._entries
        known.update(reads.entries, fp)
        versions = known.versions
        # Globals are read anew every build; entries keep their digests while unchanged.
        digests: dict[str, dict[str, str]] = {name: {} for name in recorded}
        digests.update(known.digests)
        self.reused = 0

        def digest(owner: str, attr: str) -> str:
            values = digests.get(owner)
            if values is None:  # an entry gone since the page rendered
                return f"missing:{next(_opaque)}"
            value = values.get(attr)
            if value is None:
                value = values[attr] = _dep_digest(owner, attr, fp, reads.entries, recorded)
            return value

        def unchanged(page: _Page) -> bool:
            seen = page.versions
            for owner, attrs in page.deps.items():  # the hot loop of a rebuild: kept flat
                version = seen.get(owner)
                if version is not None and versions.get(owner) == version:
                    continue  # the same entry as when this page last matched
                for attr, value in attrs.items():
                    if digest(owner, attr) != value:
                        return False
            for owner in seen:  # what it read still holds: remember the entries as seen
                seen[owner] = versions[owner]
            return True

        def render(page: Render) -> bytes:
            key = _page_key(page, fp)
            old = self._pages.get(page.path)
            if old and old.key == key and unchanged(old):
                self.reused += 1
                return old.data
            reads.deps = set()
            html = env.get_template(page.template).render(page.context, page_path=page.path)
            data = html.encode()
            deps: dict[str, dict[str, str]] = {}
            for owner, attr in reads.deps:
                deps.setdefault(owner, {})[attr] = digest(owner, attr)
            seen = {owner: versions[owner] for owner in deps if owner in versions}
            self._pages[page.path] = _Page(key, deps, seen, data)
            return data

        return render


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
        return f"missing:{next(_opaque)}"


def _template_digest(dirs: list[Path]) -> str:
    """Every template file's name and bytes: any edit (includes, macros) renders all again."""
    h = hashlib.blake2b(digest_size=16)
    for folder in dirs:
        for path in sorted((folder / "templates").rglob("*")):
            if path.is_file():
                h.update(f"{path}\0{path.stat().st_size}\0".encode())
                h.update(path.read_bytes())
    return h.hexdigest()
