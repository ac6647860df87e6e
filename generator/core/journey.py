"""The counter: numbering, totals, milestones, streaks, pace, per-month figures. Pure."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import groupby
from zoneinfo import ZoneInfo

from .config import ChallengeConfig
from .model import Entry, Figures, Journey, Milestone, Month, Outcome, Pace, Streaks, evolve

YES_OUTCOMES = frozenset({Outcome.ACCEPTED, Outcome.PARTIAL})


def chronological(entries: Iterable[Entry]) -> list[Entry]:
    """Date, then file path: two asks at the same minute still have a stable order."""
    return sorted(entries, key=lambda e: (e.date, e.path))


def number(entries: Iterable[Entry], challenge: ChallengeConfig) -> tuple[Entry, ...]:
    """Ask numbers, rejection numbers and milestones, in chronological order."""
    counted_outcomes = set(challenge.rejections)
    milestones = set(challenge.milestone_numbers)
    numbered: list[Entry] = []
    rejections = yeses = 0
    for ask_number, entry in enumerate(chronological(entries), 1):
        rejection_number = None
        if entry.outcome in counted_outcomes:
            rejections += 1
            rejection_number = rejections
        yes_number = None
        if entry.outcome in YES_OUTCOMES:
            yeses += 1
            yes_number = yeses
        count = ask_number if challenge.count == "asks" else rejection_number
        numbered.append(
            evolve(
                entry,
                ask_number=ask_number,
                rejection_number=rejection_number,
                yes_number=yes_number,
                milestone=count if count in milestones else None,
            )
        )
    return tuple(numbered)


def figures(entries: Sequence[Entry]) -> Figures:
    outcomes = Counter(e.outcome for e in entries)
    return Figures(
        asks=sum(outcomes.values()),
        rejections=sum(1 for e in entries if e.counts_as_rejection),
        yeses=sum(outcomes[o] for o in YES_OUTCOMES),
        pending=outcomes[Outcome.PENDING],
        outcomes={o.value: outcomes[o] for o in Outcome},
    )


def streaks(days: Iterable[dt.date], today: dt.date) -> Streaks:
    """Longest run of consecutive days with an ask, and the run ending today or yesterday."""
    ordered = sorted(set(days))
    longest, longest_end, run = 0, None, 0
    runs: dict[dt.date, int] = {}
    for i, day in enumerate(ordered):
        run = run + 1 if i and (day - ordered[i - 1]).days == 1 else 1
        runs[day] = run
        if run > longest:
            longest, longest_end = run, day
    yesterday = today - dt.timedelta(days=1)
    current = runs.get(today) or runs.get(yesterday) or 0
    return Streaks(current=current, longest=longest, longest_end=longest_end)


def pace(
    entries: Sequence[Entry], challenge: ChallengeConfig, tz: ZoneInfo, today: dt.date
) -> Pace:
    start = challenge.start or (entries[0].date.astimezone(tz).date() if entries else None)
    end = challenge.end
    if start is None:
        return Pace(None, end, 0.0, 0.0, 0.0, 0.0, None, None, None)
    days = max((today - start).days + 1, 1)
    weeks = days / 7
    asks = len(entries)
    rejections = sum(1 for e in entries if e.counts_as_rejection)
    counted = asks if challenge.count == "asks" else rejections
    remaining = max(challenge.goal - counted, 0)
    per_day = counted / days
    needed = None
    on_track = None
    if end is not None:
        days_left = (end - today).days  # today already counts as elapsed
        if remaining == 0:
            needed = 0.0
        elif days_left > 0:
            needed = remaining * 7 / days_left
        on_track = remaining == 0 or (days_left > 0 and per_day * days_left >= remaining)
    projected = None
    if remaining == 0:
        projected = None
    elif per_day > 0:
        projected = _days_after(today, math.ceil(remaining / per_day))
    return Pace(
        start=start,
        end=end,
        weeks=weeks,
        asks_per_week=asks / weeks,
        rejections_per_week=rejections / weeks,
        count_per_week=counted / weeks,
        needed_per_week=needed,
        projected_finish=projected,
        on_track=on_track,
    )


def _days_after(day: dt.date, days: int) -> dt.date | None:
    """`day` + `days`, or None when that lies past the calendar's end (a very slow pace)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def months(entries: Sequence[Entry], tz: ZoneInfo) -> tuple[Month, ...]:
    def key(e: Entry) -> tuple[int, int]:
        local = e.date.astimezone(tz)
        return (local.year, local.month)

    result = []
    for (year, month), group in groupby(entries, key=key):
        items = tuple(group)
        result.append(Month(f"{year:04d}-{month:02d}", year, month, figures(items), items))
    return tuple(result)


def compute(
    entries: tuple[Entry, ...], challenge: ChallengeConfig, tz: ZoneInfo, now: dt.datetime
) -> Journey:
    """Every figure of the counter from numbered, chronological entries."""
    totals = figures(entries)
    today = now.astimezone(tz).date()
    month = (today.year, today.month)
    counted = totals.asks if challenge.count == "asks" else totals.rejections
    by_number = {e.milestone: e for e in entries if e.milestone is not None}
    days = Counter(e.date.astimezone(tz).date() for e in entries)
    responses = [d for e in entries if (d := e.response_days) is not None]
    return Journey(
        goal=challenge.goal,
        count=challenge.count,
        figures=totals,
        progress=min(counted / challenge.goal, 1.0),
        remaining=max(challenge.goal - counted, 0),
        milestones=tuple(Milestone(n, by_number.get(n)) for n in challenge.milestone_numbers),
        streaks=streaks(days, today),
        pace=pace(entries, challenge, tz, today),
        months=months(entries, tz),
        days=dict(sorted(days.items())),
        median_response_days=statistics.median(responses) if responses else None,
        now=now,
        this_month=sum(n for day, n in days.items() if (day.year, day.month) == month),
        latest_rejection=next((e for e in reversed(entries) if e.counts_as_rejection), None),
    )
