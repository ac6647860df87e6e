"""Work spread over forked processes: parsing content files, rendering pages.

Markdown conversion and Jinja2 rendering are pure Python, so only processes (not
threads) use a second core. Workers are forked, so they inherit the task and its
data (templates compiled, the site assembled): only results travel back.
"""

from __future__ import annotations

import dataclasses
import enum
import marshal
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from ..content import frontmatter, markup, sources
from ..content.entries import parse_entry
from ..content.faq import parse_faq
from ..content.pages import parse_page
from ..core import model
from ..core.errors import SiteError, SiteErrors
from ..core.model import Entry, FaqSection, Outcome, Page
from ..incremental.codec import Codec

Record = Entry | FaqSection | Page
T = TypeVar("T")
# Below this many uncached files, starting workers costs more than it saves.
MIN_PARALLEL = 64


@dataclass(frozen=True)
class Parsed:
    """One file's parse result as stored in the cache: the record, or its errors."""

    record: Record | None
    warnings: tuple[SiteError, ...] = ()
    errors: tuple[SiteError, ...] = ()


def parse_one(
    src: sources.SourceFile, tz: ZoneInfo, aliases: Mapping[str, Outcome] | None = None
) -> Parsed:
    """One file -> its record and warnings, or its errors; never raises for bad content."""
    try:
        fm = frontmatter.split(src.text, src.path)
        if src.kind == "entries":
            record, warnings = parse_entry(src.path, fm, tz, markup.to_html, aliases)
            return Parsed(record, tuple(warnings))
        if src.kind == "faq":
            return Parsed(parse_faq(src.path, fm, markup.to_html))
        return Parsed(parse_page(src.path, fm, markup.to_html))
    except SiteErrors as exc:
        return Parsed(None, errors=tuple(exc.errors))


def _model_types() -> list[type]:
    """Every record and enum of the model: a field added there is stored with no change here."""
    return [
        kind
        for kind in vars(model).values()
        if isinstance(kind, type)
        and kind.__module__ == model.__name__
        and (dataclasses.is_dataclass(kind) or issubclass(kind, enum.Enum))
    ]


# Parse results as data: for the cache store, and on their way back from workers.
CODEC = Codec([*_model_types(), SiteError, Parsed])


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _can_fork() -> bool:
    # Forking a process that runs other threads (serve's watcher) can deadlock.
    return hasattr(os, "fork") and threading.active_count() == 1


def parse_all(
    files: list[sources.SourceFile],
    tz: ZoneInfo,
    jobs: int,
    aliases: Mapping[str, Outcome] | None = None,
) -> list[Parsed]:
    """Parse `files` in order; with jobs > 1 and enough files, on `jobs` processes."""
    if jobs < 2 or len(files) < MIN_PARALLEL:
        return [parse_one(src, tz, aliases) for src in files]
    encoded = fork_map(lambda src: CODEC.encode(parse_one(src, tz, aliases)), files, jobs)
    return [CODEC.decode(data) for data in encoded]


def fork_map(function: Callable[[Any], T], items: Sequence[Any], jobs: int) -> list[T]:
    """[function(i) for i in items], shared with forked processes when there are enough items.

    `function` must not raise: it returns its failure as a value, and its results must
    be plain data (what `marshal` carries: no objects of classes). Forked children
    inherit `function` and `items` (a closure over the whole site costs nothing to
    pass) and send back only results. A child that dies is made up for here, and a
    child whose parent was killed ends with its share instead of waiting forever.
    """
    workers = min(jobs, len(items) // (MIN_PARALLEL // 2))
    if workers < 2 or len(items) < MIN_PARALLEL or not _can_fork():
        return [function(item) for item in items]
    children = [_start_child(function, items[k::workers]) for k in range(1, workers)]
    shares = [[function(item) for item in items[0::workers]]]
    shares += [
        _result(child) or [function(i) for i in items[k::workers]]
        for k, child in enumerate(children, start=1)
    ]
    results: list[T] = [None] * len(items)  # type: ignore[list-item]
    for k, share in enumerate(shares):
        results[k::workers] = share
    return results


def _start_child(function: Callable[[Any], Any], share: Sequence[Any]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
        code = 1
        try:
            os.close(read)
            results = [function(item) for item in share]
            with os.fdopen(write, "wb") as pipe:
                marshal.dump(results, pipe)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _result(child: tuple[int, int]) -> list[Any] | None:
    pid, read = child
    try:
        with os.fdopen(read, "rb") as pipe:
            results: list[Any] = marshal.load(pipe)
    except Exception:  # the child died mid-way: its share is done here instead
        results = []
    _, status = os.waitpid(pid, 0)
    return results if status == 0 else None
