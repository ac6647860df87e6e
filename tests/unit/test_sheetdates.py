"""sheetdates.py: the date formats spreadsheets export, and day/month order."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generator.content.sheetdates import ambiguous, orders, parse, readings

UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09-02", dt.datetime(2026, 9, 2, tzinfo=UTC)),
        ("2026-09-02 14:30", dt.datetime(2026, 9, 2, 14, 30, tzinfo=UTC)),
        ("Sep 3, 2026", dt.datetime(2026, 9, 3, tzinfo=UTC)),
        ("September 3rd, 2026", dt.datetime(2026, 9, 3, tzinfo=UTC)),
        ("3 September 2026", dt.datetime(2026, 9, 3, tzinfo=UTC)),
        ("09/02/2026", dt.datetime(2026, 9, 2, tzinfo=UTC)),
        ("9/2/2026 2:30 PM", dt.datetime(2026, 9, 2, 14, 30, tzinfo=UTC)),
    ],
)
def test_formats_read_month_first(text: str, expected: dt.datetime) -> None:
    assert parse(text, UTC, "month") == expected


def test_day_first_and_orders() -> None:
    assert parse("09/02/2026", UTC, "day") == dt.datetime(2026, 2, 9, tzinfo=UTC)
    assert orders("13/02/2026") == {"day"} and orders("02/13/2026") == {"month"}
    assert ambiguous("09/02/2026") and not ambiguous("03/03/2026") and not ambiguous("Sep 3, 2026")
    assert readings("09/02/2026") == "9 February 2026 or 2 September 2026"


@pytest.mark.parametrize(
    ("text", "order", "message"),
    [
        ("13/02/2026", "month", "'13/02/2026' is not a real calendar date read month first"),
        ("Smarch 3, 2026", None, "'Smarch 3, 2026' is not a date"),
        ("yesterday", None, "'yesterday' is not a date"),
        ("Feb 30, 2026", None, "'Feb 30, 2026' is not a real calendar date"),
    ],
)
def test_bad_dates_say_what_is_wrong(text: str, order: str | None, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse(text, UTC, order)
    assert str(caught.value) == message
