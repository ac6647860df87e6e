"""The site as plain data: entries, the journey's figures, tags, FAQ and pages. No I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .patterns import Patterns

R = TypeVar("R")


class Outcome(StrEnum):
    REJECTED = "rejected"
    NO_ANSWER = "no-answer"
    ACCEPTED = "accepted"
    PARTIAL = "partial"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def is_decided(self) -> bool:
        return self is not Outcome.PENDING


OUTCOME_LABELS = {
    Outcome.REJECTED: "Rejected",
    Outcome.NO_ANSWER: "No answer",
    Outcome.ACCEPTED: "Accepted",
    Outcome.PARTIAL: "Partial yes",
    Outcome.PENDING: "Pending",
}

OUTCOME_ALIASES: dict[str, Outcome] = {
    **dict.fromkeys(["no", "rejection", "declined", "rejected"], Outcome.REJECTED),
    **dict.fromkeys(
        ["ghosted", "ignored", "no-response", "no answer", "no-answer"], Outcome.NO_ANSWER
    ),
    **dict.fromkeys(["yes", "accept", "accepted"], Outcome.ACCEPTED),
    **dict.fromkeys(["maybe", "counter-offer", "negotiated", "partial"], Outcome.PARTIAL),
    **dict.fromkeys(["pending", "waiting"], Outcome.PENDING),
}


def outcome_word(value: object) -> str:
    """The form words are compared in: any case, runs of spaces as one."""
    return " ".join(str(value).split()).lower()


def parse_outcome(value: object, aliases: Mapping[str, Outcome] | None = None) -> Outcome | None:
    """An outcome from any accepted spelling, the site's own `outcomes:` words first;
    YAML 1.1 reads unquoted yes/no as booleans."""
    if isinstance(value, bool):
        return Outcome.ACCEPTED if value else Outcome.REJECTED
    word = outcome_word(value)
    if aliases and word in aliases:
        return aliases[word]
    return OUTCOME_ALIASES.get(word)


@dataclass(frozen=True)
class TagRef:
    slug: str
    label: str


@dataclass(frozen=True)
class Entry:
    """One ask, as parsed from its file; numbers are filled in by the journey."""

    path: str
    slug: str
    title: str
    ask: str
    outcome: Outcome
    lesson: str
    date: dt.datetime
    tags: tuple[TagRef, ...]
    body_html: str
    draft: bool = False
    answered: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    ask_number: int = 0
    rejection_number: int | None = None
    yes_number: int | None = None  # accepted and partial yeses, counted together
    milestone: int | None = None
    slug_from_file: bool = False  # no `slug:` key: the URL came from the file name

    @property
    def counts_as_rejection(self) -> bool:
        return self.rejection_number is not None

    @property
    def response_days(self) -> float | None:
        if self.answered is None:
            return None
        return (self.answered - self.date).total_seconds() / 86400


@dataclass(frozen=True)
class Figures:
    """Asks, rejections and yeses of a group of entries (a tag, a month, the journey)."""

    asks: int = 0
    rejections: int = 0
    yeses: int = 0
    pending: int = 0
    outcomes: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def decided(self) -> int:
        return self.asks - self.pending

    @property
    def yes_rate(self) -> float | None:
        return self.yeses / self.decided if self.decided else None


@dataclass(frozen=True)
class Milestone:
    number: int
    entry: Entry | None = None

    @property
    def reached(self) -> bool:
        return self.entry is not None


@dataclass(frozen=True)
class Streaks:
    current: int = 0
    longest: int = 0
    longest_end: dt.date | None = None


@dataclass(frozen=True)
class Pace:
    start: dt.date | None
    end: dt.date | None
    weeks: float
    asks_per_week: float
    rejections_per_week: float
    count_per_week: float
    needed_per_week: float | None
    projected_finish: dt.date | None
    on_track: bool | None


@dataclass(frozen=True)
class Month:
    key: str  # YYYY-MM
    year: int
    month: int
    figures: Figures
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Tag:
    slug: str
    label: str
    entries: tuple[Entry, ...]  # chronological
    figures: Figures


@dataclass(frozen=True)
class Journey:
    """The counter: every figure of SPEC 3, computed once per build."""

    goal: int
    count: str  # "rejections" or "asks"
    figures: Figures
    progress: float
    remaining: int
    milestones: tuple[Milestone, ...]
    streaks: Streaks
    pace: Pace
    months: tuple[Month, ...]
    days: dict[dt.date, int] = field(hash=False, compare=False)  # asks per day
    median_response_days: float | None = None
    now: dt.datetime | None = None
    this_month: int = 0  # asks dated in the current month of the site's time zone
    latest_rejection: Entry | None = None

    @property
    def next_milestone(self) -> Milestone | None:
        return next((m for m in self.milestones if not m.reached), None)

    @property
    def counted(self) -> int:
        return self.figures.rejections if self.count == "rejections" else self.figures.asks

    @property
    def asks(self) -> int:
        return self.figures.asks

    @property
    def rejections(self) -> int:
        return self.figures.rejections

    @property
    def yeses(self) -> int:
        return self.figures.yeses

    @property
    def yes_rate(self) -> float | None:
        return self.figures.yes_rate

    @property
    def outcomes(self) -> dict[str, int]:
        return self.figures.outcomes


@dataclass(frozen=True)
class Question:
    text: str
    anchor: str
    answer_html: str
    line: int


@dataclass(frozen=True)
class FaqSection:
    path: str
    slug: str
    title: str
    order: int
    description: str
    questions: tuple[Question, ...]
    intro_html: str = ""


@dataclass(frozen=True)
class Page:
    path: str
    slug: str
    title: str
    body_html: str
    menu: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Site:
    """Everything a theme can show, assembled once per build."""

    entries: tuple[Entry, ...]  # published, chronological, numbered
    journey: Journey
    tags: tuple[Tag, ...]  # by slug
    faq: tuple[FaqSection, ...]  # by order, then slug
    pages: tuple[Page, ...]
    drafts_skipped: int = 0
    future_skipped: tuple[Entry, ...] = ()
    patterns: Patterns | None = None  # where the nos pile up (core/patterns.py)


def evolve(record: R, **changes: Any) -> R:
    """`dataclasses.replace` for these plain records, without re-running `__init__`.

    Assembly derives every entry two or three times; replace() costs ~30 µs each.
    """
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__, **changes)
    return new
