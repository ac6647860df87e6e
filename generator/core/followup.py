"""Pending asks and their age: what `pending`, `check`, `build` and `serve` say about them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Entry, Outcome, Site


@dataclass(frozen=True)
class Waiting:
    entry: Entry
    days: int  # whole days since the ask


def waiting(site: Site, now: dt.datetime) -> list[Waiting]:
    """Pending asks, oldest first (then by path, so the order is stable)."""
    pending = [e for e in site.entries if e.outcome is Outcome.PENDING]
    pending.sort(key=lambda e: (e.date, e.path))
    return [Waiting(e, max((now - e.date).days, 0)) for e in pending]


def overdue(site: Site, now: dt.datetime, days: int) -> list[Waiting]:
    """Pending asks older than `days` (challenge.pending_days): time to follow up."""
    limit = dt.timedelta(days=days)
    return [w for w in waiting(site, now) if now - w.entry.date > limit]


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 entry', '2 entries', '0 warnings': counted words that read well."""
    if count == 1:
        return f"{count} {word}"
    if many is None:
        many = (
            word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
        )
    return f"{count:,} {many}"


def reminder(site: Site, now: dt.datetime, days: int) -> str:
    """One line when asks wait longer than `days`, else ''."""
    late = overdue(site, now, days)
    if not late:
        return ""
    oldest = late[0]
    return (
        f"{plural(len(late), 'ask')} pending for more than {plural(days, 'day')} "
        f"(oldest: {oldest.days} days); `asklog pending` lists them, "
        "`asklog answer` records the answer."
    )
