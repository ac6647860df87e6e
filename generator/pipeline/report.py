"""What a build is asked to do and what it reports; the stage timer."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import SiteError
from ..output.writer import WriteReport

if TYPE_CHECKING:
    from ..core.config import SiteConfig
    from ..core.model import Site


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None  # default: <root>/site
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    strict: bool = False
    now: dt.datetime | None = None  # default: SOURCE_DATE_EPOCH or the clock
    cache: bool = True  # keep what makes the next build fast in <root>/.asklog/cache
    jobs: int | None = None  # processes for parsing and rendering; default: one per core


@dataclass
class Loaded:
    config: SiteConfig
    site: Site
    warnings: list[SiteError]
    sources: str = ""  # digest of every content file's path and digest


@dataclass(frozen=True)
class Outline:
    """What the build summary says about the content, also known to a build that skips loading."""

    entries: int
    drafts_skipped: int = 0
    future_skipped: tuple[tuple[str, str], ...] = ()  # path, date as "YYYY-MM-DD HH:MM"
    pending: str = ""  # the line about asks pending longer than pending_days, if any

    @classmethod
    def of(cls, site: Site, pending_days: int) -> Outline:
        from ..core.followup import reminder

        future = tuple((e.path, f"{e.date:%Y-%m-%d %H:%M}") for e in site.future_skipped)
        now = site.journey.now
        pending = reminder(site, now, pending_days) if now else ""
        return cls(len(site.entries), site.drafts_skipped, future, pending)


@dataclass
class BuildReport:
    outline: Outline
    warnings: list[SiteError]
    pages: int = 0
    write: WriteReport = field(default_factory=WriteReport)
    stages: dict[str, float] = field(default_factory=dict)
    loaded: Loaded | None = None  # None when nothing changed and loading was skipped

    @property
    def seconds(self) -> float:
        return sum(self.stages.values())


@contextmanager
def stage(stages: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - start
