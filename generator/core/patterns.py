"""Where the nos pile up: yes rates per tag, weekday, time of day, month and chosen keys. Pure.

Every rate carries a 95% Wilson interval; a group is called lower (or higher) than the
overall rate only when its whole interval lies below (above) it and it has at least
`min_asks` decided asks. Everything else is "too few asks to tell" or "no clear difference".
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .config import PatternsConfig
from .model import Entry, Outcome, Tag
from .proportions import Interval, difference, wilson

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Local hour ranges, start included, end excluded; night wraps past midnight.
TIMES_OF_DAY = (("morning", 5, 12), ("afternoon", 12, 17), ("evening", 17, 22), ("night", 22, 5))
RECENT = 30  # the trend compares the last RECENT decided asks with the ones before

BELOW, ABOVE, LEVEL, FEW = "lower", "higher", "no clear difference", "too few asks to tell"


@dataclass(frozen=True)
class Group:
    """One bucket of asks (a tag, a weekday ...) and how its yes rate compares."""

    key: str
    label: str
    asks: int
    decided: int
    yeses: int
    interval: Interval
    verdict: str  # BELOW, ABOVE, LEVEL or FEW
    entries: tuple[Entry, ...] = ()

    @property
    def yes_rate(self) -> float | None:
        return self.yeses / self.decided if self.decided else None

    @property
    def flagged(self) -> bool:
        return self.verdict == BELOW


@dataclass(frozen=True)
class Dimension:
    key: str  # "tag", "weekday", "time", "month", or "by:<front matter key>"
    name: str  # "tag", "weekday", "time of day", "month", or the key itself
    groups: tuple[Group, ...]
    unset: int = 0  # asks with no value here (no `channel:`, or a date without a time)


@dataclass(frozen=True)
class Run:
    """The run of nos a tag is on now: decided asks without a yes since its last yes."""

    tag: str
    label: str
    length: int
    since: dt.date  # local date of the run's first no
    chance: float  # how often that many nos in a row happen at the overall yes rate


@dataclass(frozen=True)
class Trend:
    recent: Group
    before: Group
    change: Interval | None  # recent rate minus earlier rate; None with too few asks
    verdict: str  # "up", "down", "steady" or FEW


@dataclass(frozen=True)
class Responses:
    tag: str
    label: str
    answered: int
    median_days: float | None
    pending: int


@dataclass(frozen=True)
class Surprise:
    """A yes in a group where yeses are rare: worth asking what was different."""

    entry: Entry
    groups: tuple[tuple[Dimension, Group], ...]


@dataclass(frozen=True)
class Patterns:
    min_asks: int
    overall: Group
    dimensions: tuple[Dimension, ...]
    runs: tuple[Run, ...]
    trend: Trend
    responses: tuple[Responses, ...]
    surprises: tuple[Surprise, ...]

    def notable(self, verdict: str) -> list[tuple[Dimension, Group]]:
        return [(d, g) for d in self.dimensions for g in d.groups if g.verdict == verdict]


def group(key: str, label: str, entries: Sequence[Entry], base: float | None, least: int) -> Group:
    outcomes = [e.outcome for e in entries]
    decided = len(outcomes) - outcomes.count(Outcome.PENDING)
    yeses = outcomes.count(Outcome.ACCEPTED) + outcomes.count(Outcome.PARTIAL)
    interval = wilson(yeses, decided)
    if decided < least or base is None:
        verdict = FEW
    elif interval.below(base):
        verdict = BELOW
    elif interval.above(base):
        verdict = ABOVE
    else:
        verdict = LEVEL
    return Group(key, label, len(entries), decided, yeses, interval, verdict, tuple(entries))


YES = frozenset({Outcome.ACCEPTED, Outcome.PARTIAL})


def is_yes(entry: Entry) -> bool:
    return entry.outcome in YES


def time_of_day(moment: dt.datetime) -> str | None:
    """The local time-of-day bucket; None for exactly midnight, which a date without a time
    gives (an ask at 00:00:00 sharp is far rarer than a date written without one)."""
    if moment.time() == dt.time(0):
        return None
    hour = moment.hour
    for name, start, end in TIMES_OF_DAY:
        if start <= hour < end or (start > end and (hour >= start or hour < end)):
            return name
    raise AssertionError(hour)  # the buckets cover every hour


def by_value(value: object) -> list[str]:
    """A front matter value as the groups it belongs to: one per list item, text as written."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if item is None or isinstance(item, (dict, list)):
            continue
        text = ("true" if item else "false") if isinstance(item, bool) else str(item)
        text = " ".join(text.split())
        if text:
            out.append(text)
    return out


def _bucketed(
    entries: Iterable[Entry], keys: Callable[[Entry], list[tuple[str, str]]]
) -> tuple[dict[str, tuple[str, list[Entry]]], int]:
    """Entries by group key (label: first spelling seen), and how many had no group."""
    found: dict[str, tuple[str, list[Entry]]] = {}
    unset = 0
    for entry in entries:
        pairs = keys(entry)
        if not pairs:
            unset += 1
        for key, label in dict(pairs).items():
            found.setdefault(key, (label, []))[1].append(entry)
    return found, unset


def dimensions(
    entries: Sequence[Entry],
    tags: Sequence[Tag],
    config: PatternsConfig,
    tz: ZoneInfo,
    base: float | None,
) -> tuple[Dimension, ...]:
    least = config.min_asks

    def build(
        key: str,
        name: str,
        found: dict[str, tuple[str, list[Entry]]],
        order: list[str],
        unset: int = 0,
    ) -> Dimension:
        groups = [group(k, found[k][0], found[k][1], base, least) for k in order if k in found]
        return Dimension(key, name, tuple(groups), unset)

    local = {e.path: e.date.astimezone(tz) for e in entries}
    result = []
    tag_groups = sorted(
        (group(t.slug, t.label, t.entries, base, least) for t in tags),
        key=lambda g: (-g.decided, g.label.casefold(), g.key),
    )
    result.append(Dimension("tag", "tag", tuple(tag_groups), sum(1 for e in entries if not e.tags)))
    days, _ = _bucketed(entries, lambda e: [(WEEKDAYS[local[e.path].weekday()],) * 2])
    result.append(build("weekday", "weekday", days, list(WEEKDAYS)))

    def when(e: Entry) -> list[tuple[str, str]]:
        name = time_of_day(local[e.path])
        return [(name, name)] if name else []

    times, no_time = _bucketed(entries, when)
    result.append(build("time", "time of day", times, [t[0] for t in TIMES_OF_DAY], no_time))
    # strftime is slow: name each month once, not once per ask.
    firsts = {dt.date(d.year, d.month, 1) for d in local.values()}
    names = {(d.year, d.month): (f"{d:%Y-%m}", f"{d:%B %Y}") for d in firsts}
    months, _ = _bucketed(entries, lambda e: [names[local[e.path].year, local[e.path].month]])
    result.append(build("month", "month", months, sorted(months)))
    for name in config.by:

        def values(e: Entry, name: str = name) -> list[tuple[str, str]]:
            return [(v.casefold(), v) for v in by_value(e.extra.get(name))]

        found, unset = _bucketed(entries, values)
        order = sorted(found, key=lambda k: (-len(found[k][1]), k))
        result.append(build(f"by:{name}", name, found, order, unset))
    return tuple(result)


def current_runs(tags: Sequence[Tag], base: float | None, tz: ZoneInfo) -> tuple[Run, ...]:
    """Each tag's run of nos up to now (pending asks neither break nor extend it), longest first."""
    runs = []
    for tag in tags:
        run: list[Entry] = []
        for entry in tag.entries:
            if not entry.outcome.is_decided:
                continue
            run = [] if is_yes(entry) else [*run, entry]
        if run:
            chance = (1 - base) ** len(run) if base is not None else 1.0
            since = run[0].date.astimezone(tz).date()
            runs.append(Run(tag.slug, tag.label, len(run), since, chance))
    return tuple(sorted(runs, key=lambda r: (-r.length, r.label.casefold(), r.tag)))


def trend(entries: Sequence[Entry], least: int) -> Trend:
    """The last RECENT decided asks against every decided ask before them."""
    decided = [e for e in entries if e.outcome.is_decided]
    split = max(len(decided) - RECENT, 0)
    recent = group("recent", f"last {RECENT}", decided[split:], None, 0)
    before = group("before", "before", decided[:split], None, 0)
    if min(recent.decided, before.decided) < least:
        return Trend(recent, before, None, FEW)
    change = difference(recent.yeses, recent.decided, before.yeses, before.decided)
    verdict = "up" if change.low > 0 else "down" if change.high < 0 else "steady"
    return Trend(recent, before, change, verdict)


def responses(tags: Sequence[Tag]) -> tuple[Responses, ...]:
    out = []
    for tag in tags:
        days = [d for e in tag.entries if (d := e.response_days) is not None]
        pending = sum(1 for e in tag.entries if not e.outcome.is_decided)
        if days or pending:
            median = statistics.median(days) if days else None
            out.append(Responses(tag.slug, tag.label, len(days), median, pending))
    return tuple(out)


def surprises(dims: Sequence[Dimension], base: float | None, least: int) -> tuple[Surprise, ...]:
    """Yeses in groups with at least `least` decided asks that are flagged lower, or whose
    yes rate is at most half the overall rate."""
    if not base:
        return ()
    low = [
        (d, g)
        for d in dims
        for g in d.groups
        if g.decided >= least and (g.flagged or (g.yes_rate or 0) <= base / 2)
    ]
    found: dict[str, list[tuple[Dimension, Group]]] = {}
    entries: dict[str, Entry] = {}
    for d, g in low:
        for entry in g.entries:
            if is_yes(entry):
                found.setdefault(entry.path, []).append((d, g))
                entries[entry.path] = entry
    ordered = sorted(entries.values(), key=lambda e: e.ask_number)
    return tuple(Surprise(e, tuple(found[e.path])) for e in ordered)


def compute(
    entries: Sequence[Entry], tags: Sequence[Tag], config: PatternsConfig, tz: ZoneInfo
) -> Patterns:
    """Every pattern figure from the numbered, chronological entries and their tags."""
    overall = group("all", "all asks", entries, None, 0)
    base = overall.yes_rate
    dims = dimensions(entries, tags, config, tz, base)
    return Patterns(
        min_asks=config.min_asks,
        overall=overall,
        dimensions=dims,
        runs=current_runs(tags, base, tz),
        trend=trend(entries, config.min_asks),
        responses=responses(tags),
        surprises=surprises(dims, base, config.min_asks),
    )
