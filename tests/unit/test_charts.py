"""The journey charts: inline SVG with titles, descriptions and the right shapes."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from generator.core import journey
from generator.core.config import ChallengeConfig
from generator.core.model import Entry, Outcome
from generator.render import charts

UTC = ZoneInfo("UTC")
SVG = "{http://www.w3.org/2000/svg}"


def make_entry(day: str, outcome: Outcome = Outcome.REJECTED, hour: int = 10) -> Entry:
    date = dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")
    return Entry(
        path=f"content/entries/{day}-{hour}.md",
        slug=f"{day}-{hour}",
        title="t",
        ask="a?",
        outcome=outcome,
        lesson="l",
        date=date,
        tags=(),
        body_html="",
    )


def make_charts(
    entries: list[Entry], now: str = "2026-03-31", **challenge: object
) -> charts.Charts:
    config = ChallengeConfig(**challenge)  # type: ignore[arg-type]
    numbered = journey.number(entries, config)
    today = dt.datetime.fromisoformat(f"{now}T12:00:00+00:00")
    return charts.for_site(journey.compute(numbered, config, UTC, today), numbered, UTC)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


ENTRIES = [
    make_entry("2026-01-05"),
    make_entry("2026-01-05", Outcome.ACCEPTED, hour=11),
    make_entry("2026-01-20", Outcome.NO_ANSWER),
    make_entry("2026-03-02", Outcome.PARTIAL),
    make_entry("2026-03-03"),
]


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(0, 1, 1), (3, 3, 1), (10, 10, 5), (35, 40, 10), (489, 600, 200), (1000, 1000, 500)],
)
def test_nice_ceiling_rounds_up_to_a_round_step(value: float, top: float, step: float) -> None:
    assert charts.nice_ceiling(value) == (top, step)


def test_every_chart_is_valid_svg_with_title_and_desc() -> None:
    c = make_charts(ENTRIES, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), goal=100)
    for svg in [c.cumulative(), c.months(), *(h.svg for h in c.heatmaps())]:
        root = parse(svg)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_cumulative_steps_once_per_rejection_and_draws_the_pace_line() -> None:
    c = make_charts(ENTRIES, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), goal=100)
    root = parse(c.cumulative())
    path = root.find(f"{SVG}path[@class='line']")
    assert path is not None
    # Three entries count as rejections (rejected, no-answer, rejected): three vertical steps.
    assert len(re.findall(r"V", path.get("d", ""))) == 3
    pace = root.find(f"{SVG}line[@class='pace']")
    assert pace is not None
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "3 rejections from 1 January 2026 to 31 March 2026" in (
        desc.text or ""
    )
    assert "reach 100 by 31 December 2026" in (desc.text or "")


def test_cumulative_is_scaled_to_the_count_and_cuts_a_pace_line_far_above_it() -> None:
    c = make_charts(ENTRIES, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), goal=1000)
    root = parse(c.cumulative())
    axis = [int(t.text or "") for t in root.iter(f"{SVG}text") if t.get("dy") == ".35em"]
    assert max(axis) == 4  # three rejections fill most of the height; the pace is 245
    pace = root.find(f"{SVG}line[@class='pace']")
    assert pace is not None and pace.get("y2") == "16"  # it stops at the chart's top
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "pace: 245 by now ↑" in texts


def test_cumulative_rows_give_the_count_and_the_pace_at_each_month_end() -> None:
    c = make_charts(ENTRIES, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), goal=364)
    rows = c.cumulative_rows()
    assert [(r.label, r.counted) for r in rows] == [
        ("31 Jan 2026", 2),
        ("28 Feb 2026", 2),
        ("31 Mar 2026", 3),
    ]
    # 364 over 364 days: the pace line gains one a day; 30 days after 1 January.
    assert rows[0].pace == 30


def test_no_pace_line_without_an_end_date() -> None:
    root = parse(make_charts(ENTRIES).cumulative())
    assert root.find(f"{SVG}line[@class='pace']") is None
    assert [r.pace for r in make_charts(ENTRIES).cumulative_rows()] == [None, None, None]


def test_counting_asks_steps_for_every_ask() -> None:
    root = parse(make_charts(ENTRIES, count="asks").cumulative())
    path = root.find(f"{SVG}path[@class='line']")
    assert path is not None and path.get("d", "").count("V") == 5


def test_month_bars_stack_one_rect_per_outcome_and_include_empty_months() -> None:
    c = make_charts(ENTRIES)
    assert [m.key for m in c.all_months()] == ["2026-01", "2026-02", "2026-03"]
    rects = parse(c.months()).findall(f"{SVG}rect")
    titles = sorted((r.get("class"), r.findtext(f"{SVG}title")) for r in rects)
    assert titles == [
        ("c-accepted", "January 2026: 1 accepted"),
        ("c-no-answer", "January 2026: 1 no answer"),
        ("c-partial", "March 2026: 1 partial yes"),
        ("c-rejected", "January 2026: 1 rejected"),
        ("c-rejected", "March 2026: 1 rejected"),
    ]


def test_heatmap_has_a_calendar_per_year_with_a_titled_square_per_day() -> None:
    entries = [make_entry("2025-12-30"), *ENTRIES]
    c = make_charts(entries, now="2026-03-31")
    years = c.heatmaps()
    assert [y.year for y in years] == [2026, 2025]
    y2026 = years[0]
    assert (y2026.asks, y2026.active_days) == (5, 4)
    cells = {
        r.findtext(f"{SVG}title"): r.get("class") for r in parse(y2026.svg).findall(f"{SVG}rect")
    }
    assert cells["5 January 2026: 2 asks"] == "h2"
    assert cells["20 January 2026: 1 ask"] == "h1"
    assert len(cells) == 365
    # Days of the journey without an ask, and days after "now", look different.
    assert cells["21 January 2026: no asks"] == "h0"
    assert cells["1 April 2026: outside the journey"] == "h-out"
    assert sum(kind == "h-out" for kind in cells.values()) == 365 - 31 - 28 - 31
    assert c.active_days() == [("2025-12", 1, 1), ("2026-01", 2, 3), ("2026-03", 2, 2)]


def test_an_empty_journey_draws_nothing() -> None:
    c = make_charts([])
    assert (str(c.cumulative()), str(c.months()), c.heatmaps(), c.cumulative_rows()) == (
        "",
        "",
        [],
        [],
    )
