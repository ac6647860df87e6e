"""Parse content files into records, on several processes when there are enough of them.

Markdown conversion is ~90% of a cold build and pure Python, so only processes
(not threads) use a second core. Each worker keeps its own Markdown converter.
"""

from __future__ import annotations

import os
import threading
from dataclasses import astuple, dataclass
from zoneinfo import ZoneInfo

from . import frontmatter, markup, sources
from .entries import parse_entry
from .errors import SiteError, SiteErrors
from .faq import parse_faq
from .model import Entry, FaqSection, Page
from .pages import parse_page

Record = Entry | FaqSection | Page
# Below this many uncached files, starting workers costs more than it saves.
MIN_PARALLEL = 64
# SiteError is a frozen dataclass exception, which pickle cannot rebuild; its fields can.
Problem = tuple[str, str, int | None, str, str]


@dataclass(frozen=True)
class Parsed:
    """One file's parse result as stored in the cache: the record, or its errors."""

    record: Record | None
    warnings: tuple[Problem, ...] = ()
    errors: tuple[Problem, ...] = ()

    def warning_list(self) -> list[SiteError]:
        return [SiteError(*p) for p in self.warnings]

    def error_list(self) -> list[SiteError]:
        return [SiteError(*p) for p in self.errors]


def _problems(errors: list[SiteError]) -> tuple[Problem, ...]:
    return tuple(astuple(e) for e in errors)


def parse_one(src: sources.SourceFile, tz: ZoneInfo) -> Parsed:
    """One file -> its record and warnings, or its errors; never raises for bad content."""
    try:
        fm = frontmatter.split(src.text, src.path)
        if src.kind == "entries":
            record, warnings = parse_entry(src.path, fm, tz, markup.to_html)
            return Parsed(record, _problems(warnings))
        if src.kind == "faq":
            return Parsed(parse_faq(src.path, fm, markup.to_html))
        return Parsed(parse_page(src.path, fm, markup.to_html))
    except SiteError as exc:
        return Parsed(None, errors=_problems([exc]))
    except SiteErrors as exc:
        return Parsed(None, errors=_problems(exc.errors))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _parse_chunk(chunk: list[sources.SourceFile], tz: ZoneInfo) -> list[Parsed]:
    return [parse_one(src, tz) for src in chunk]


def _can_fork() -> bool:
    import multiprocessing

    # Forking a process that runs other threads (serve's watcher) can deadlock.
    methods = multiprocessing.get_all_start_methods()
    return "fork" in methods and threading.active_count() == 1


def parse_all(files: list[sources.SourceFile], tz: ZoneInfo, jobs: int) -> list[Parsed]:
    """Parse `files` in order; with jobs > 1 and enough files, on `jobs` processes."""
    workers = min(jobs, len(files) // (MIN_PARALLEL // 2))
    if workers < 2 or len(files) < MIN_PARALLEL or not _can_fork():
        return _parse_chunk(files, tz)
    # Several chunks per worker even out uneven files; order is kept by map().
    size = -(-len(files) // (workers * 4))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    import multiprocessing  # imported here: most builds parse too little to need it
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = pool.map(_parse_chunk, chunks, [tz] * len(chunks))
        return [parsed for chunk in results for parsed in chunk]
