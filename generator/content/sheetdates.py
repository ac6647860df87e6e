"""Dates as spreadsheets export them: ISO, `Sep 3, 2026`, `3 September 2026`, `09/02/2026`.

A numeric date like 09/02/2026 is read day first or month first as the whole file
shows (a 13/02 or 02/13 somewhere) or as the writer says; never guessed row by row.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

from ..core import dates

DAY_FIRST, MONTH_FIRST = "day", "month"
_TIME = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?"
_NUMERIC = re.compile(rf"^(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}}){_TIME}$", re.I)
_MONTH_DAY = re.compile(rf"^([a-z]+)\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}}){_TIME}$", re.I)
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{{4}}){_TIME}$", re.I)
MONTHS = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
FORMATS = "2026-09-02, 2026-09-02 14:30, Sep 3, 2026, 3 September 2026 or 09/02/2026"


def orders(text: str) -> set[str]:
    """The orders a numeric date can be read in: {'day'}, {'month'}, both, or none."""
    match = _NUMERIC.match(" ".join(text.split()))
    if not match:
        return set()
    first, second = int(match.group(1)), int(match.group(2))
    found = set()
    if 1 <= second <= 12 and 1 <= first <= 31:
        found.add(DAY_FIRST)
    if 1 <= first <= 12 and 1 <= second <= 31:
        found.add(MONTH_FIRST)
    return found


def ambiguous(text: str) -> bool:
    """Both readings are possible and give different dates (09/02, not 03/03)."""
    match = _NUMERIC.match(" ".join(text.split()))
    return (
        bool(match)
        and orders(text) == {DAY_FIRST, MONTH_FIRST}
        and (
            match.group(1) != match.group(2)  # type: ignore[union-attr]
        )
    )


def readings(text: str) -> str:
    """'9 February 2026 or 2 September 2026': what an ambiguous date could mean."""
    match = _NUMERIC.match(" ".join(text.split()))
    assert match
    a, b, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    return f"{a} {calendar.month_name[b]} {year} or {b} {calendar.month_name[a]} {year}"


def parse(text: str, tz: ZoneInfo, order: str | None) -> dt.datetime:
    """An aware datetime in `tz`; ValueError says what is wrong."""
    text = " ".join(text.split())
    if re.match(r"^\d{4}-", text):
        return dates.parse_datetime(text, tz)
    numeric = _NUMERIC.match(text)
    if numeric:
        first, second, year = (int(numeric.group(i)) for i in (1, 2, 3))
        day, month = (first, second) if order == DAY_FIRST else (second, first)
        return _make(text, year, month, day, numeric.groups()[3:], tz, order)
    wordy = _MONTH_DAY.match(text)
    if wordy and wordy.group(1).lower() in MONTHS:
        month, day, year = MONTHS[wordy.group(1).lower()], int(wordy.group(2)), int(wordy.group(3))
        return _make(text, year, month, day, wordy.groups()[3:], tz, None)
    wordy = _DAY_MONTH.match(text)
    if wordy and wordy.group(2).lower() in MONTHS:
        day, month, year = int(wordy.group(1)), MONTHS[wordy.group(2).lower()], int(wordy.group(3))
        return _make(text, year, month, day, wordy.groups()[3:], tz, None)
    raise ValueError(f"'{text}' is not a date")


def _make(
    text: str,
    year: int,
    month: int,
    day: int,
    clock: tuple[str | None, ...],
    tz: ZoneInfo,
    order: str | None,
) -> dt.datetime:
    hour, minute, second, half = clock
    h = int(hour or 0)
    if half:
        if not 1 <= h <= 12:
            raise ValueError(f"'{text}' is not a valid time")
        h = h % 12 + (12 if half.lower().startswith("p") else 0)
    try:
        return dt.datetime(year, month, day, h, int(minute or 0), int(second or 0), tzinfo=tz)
    except ValueError:
        read = {DAY_FIRST: " read day first", MONTH_FIRST: " read month first"}.get(order or "", "")
        raise ValueError(f"'{text}' is not a real calendar date{read}") from None
