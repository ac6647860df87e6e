"""Content fingerprints of model values, as the page cache compares them.

Plain values stand for themselves with their type (1 is not True); records, tuples and
dicts by a digest of their parts; anything else is never equal to an earlier value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import itertools
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ..core.model import Entry
from ..core.plan import Render
from .fingerprint import of

PLAIN = frozenset({str, int, bool, type(None)})
_SCALARS = (float, dt.date, dt.time, dt.timedelta, dt.tzinfo, Decimal, enum.Enum, os.PathLike)
_SCALAR_KINDS: dict[type, bool] = {}
_opaque = itertools.count()


def unique() -> str:
    """A marker equal to nothing else, in this process or any other (saved pages outlive it)."""
    return f"{os.getpid()}:{_PROCESS}:{next(_opaque)}"


_PROCESS = os.urandom(6).hex()
FIELD_NAMES: dict[type, tuple[str, ...]] = {}


class Fingerprints:
    """Content digests of model values, memoised per build (objects are shared by many pages).

    A published entry stands for itself by path: what a page reads of it is tracked apart.
    """

    def __init__(self, entries: Mapping[str, Entry]) -> None:
        self._entries = entries
        self._memo: dict[int, tuple[str, Any]] = {}

    def __call__(self, value: Any, deep: bool = False) -> str:
        kind = type(value)
        if kind in PLAIN:
            text = repr(value)  # repr tells 1, "1", True and None apart
            if len(text) <= 64:
                return text
            # A story or lesson stands for itself by digest: digests are kept per page read.
            return "h:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        if kind is Entry and not deep:
            path: str = value.path
            if self._entries.get(path) is value:
                return "entry:" + path
        scalar = _SCALAR_KINDS.get(kind)
        if scalar is None:  # isinstance against ABCs is slow; ask once per type
            scalar = _SCALAR_KINDS[kind] = issubclass(kind, _SCALARS)
        if scalar:
            return f"{kind.__name__}:{value!r}"
        hit = self._memo.get(id(value))
        if hit is not None and not deep:
            return hit[0]
        digest = hashlib.blake2b("\x1f".join(self._parts(value)).encode(), digest_size=16)
        if not deep:
            self._memo[id(value)] = (digest.hexdigest(), value)  # holding it keeps its id
        return digest.hexdigest()

    def _each(self, values: Iterable[Any]) -> list[str]:
        # Inlined for plain values: a page's context holds thousands of them.
        return [repr(v) if type(v) in PLAIN else self(v) for v in values]

    def _parts(self, value: Any) -> list[str]:
        kind = type(value)
        if kind is tuple:  # the commonest: a page's entries, an entry's tags
            return ["tuple", *self._each(value)]
        if dataclasses.is_dataclass(value):
            names = FIELD_NAMES.get(kind)
            if names is None:  # every field, also those left out of ==
                names = FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
            return [kind.__qualname__, *self._each(getattr(value, n) for n in names)]
        if isinstance(value, list | tuple):
            return [kind.__name__, *self._each(value)]
        if isinstance(value, dict):
            return ["dict", *(f"{self(k)}={self(v)}" for k, v in value.items())]
        if isinstance(value, set | frozenset):
            return ["set", *sorted(map(self, value))]
        # Anything else is never considered equal to an earlier value: it is re-rendered.
        return [f"opaque:{unique()}"]


def same(a: Any, b: Any, fp: Fingerprints) -> bool:
    """Same content, as strictly as fingerprints tell (1 is not True), but cheaper to ask.

    Entries of successive builds share most values (parse results are cached objects).
    """
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in PLAIN:
        return bool(a == b)
    if kind is tuple:
        if len(a) != len(b):
            return False
        for x, y in zip(a, b, strict=True):
            if x is not y and not same(x, y, fp):
                return False
        return True
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        names = FIELD_NAMES.get(kind)
        if names is None:  # every field, also those left out of ==
            names = FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(a))
        for name in names:
            x, y = getattr(a, name), getattr(b, name)
            if x is not y and not same(x, y, fp):
                return False
        return True
    return fp(a) == fp(b)


def page_key(page: Render, fp: Fingerprints) -> str:
    """What a page is, apart from what it reads: template, path and context.

    Plain values stand for themselves, with their type (1 is not True); the rest by
    fingerprint, so a page key costs little more than its context's size.
    """
    key = [page.template, page.path]
    for name, value in page.context.items():
        kind = type(value)
        key += (name, f"{kind.__name__}:{value}" if kind in PLAIN else fp(value))
    return of(*key)
