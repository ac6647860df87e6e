"""Front matter dates: YAML dates and timestamps or strings, in the site's time zone."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Dates far from now are typos (0206 for 2026); at the ends of the calendar, moving
# between time zones or counting weeks would leave it.
FIRST_YEAR, LAST_YEAR = 1900, 2999
HINT = "write dates like 2026-03-14, 2026-03-14 18:30 or 2026-03-14T18:30:00+01:00"


def parse_datetime(value: Any, tz: ZoneInfo) -> dt.datetime:
    """An aware datetime; naive values are in `tz`, date-only values are midnight there."""
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise ValueError(f"'{value}' is a number, not a date")
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = _parse_text(value.strip())
    else:
        raise ValueError("a date must be written as text, not a list or mapping")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(
            f"the year {moment.year} is outside {FIRST_YEAR} to {LAST_YEAR}, the years asklog takes"
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment


def _parse_text(text: str) -> dt.datetime:
    candidate = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        return dt.datetime.fromisoformat(candidate)
    except ValueError:
        pass
    if not _DAY.match(candidate):
        raise ValueError(f"'{text}' is not a date")
    try:
        day = dt.date.fromisoformat(candidate[:10])
    except ValueError:
        raise ValueError(f"'{text[:10]}' is not a real calendar date") from None
    raise ValueError(f"'{text}' is not a valid time on {day}")


def rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")
