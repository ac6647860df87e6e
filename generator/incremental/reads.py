"""What a page reads while it renders: globals' attributes and entries' fields."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jinja2

from ..core.model import Entry

Dep = tuple[str, str]  # (global name or "entry:" + path, attribute or "*" for all of it)
WHOLE = "*"


class Reads:
    """The reads of the page being rendered, and the entries of the current build."""

    def __init__(self) -> None:
        self.deps: set[Dep] = set()
        self.entries: dict[str, Entry] = {}

    def entry(self, value: Any) -> str | None:
        if type(value) is Entry and self.entries.get(value.path) is value:
            return "entry:" + value.path
        return None


class RecordingGlobal:
    """Stands in for a template global (`site`, `journey`) and notes what a page reads."""

    def __init__(self, name: str, reads: Reads) -> None:
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

    def __init__(self, entry: Entry, key: str, reads: Reads) -> None:
        self._entry = entry
        self._key = key
        self._reads = reads

    def __getattr__(self, attr: str) -> Any:
        self._reads.deps.add((self._key, attr if not attr.startswith("__") else WHOLE))
        return getattr(self._entry, attr)

    def __str__(self) -> str:
        self._reads.deps.add((self._key, WHOLE))
        return str(self._entry)


def recording_env(env: jinja2.Environment, reads: Reads) -> jinja2.Environment:
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


def tracked(function: Callable[..., Any], reads: Reads) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja2's pass_environment mark
    def call(*args: Any, **kwargs: Any) -> Any:
        def wrap(value: Any) -> Any:
            key = reads.entry(value)
            return _EntryReader(value, key, reads) if key else value

        return function(*map(wrap, args), **{k: wrap(v) for k, v in kwargs.items()})

    return call
