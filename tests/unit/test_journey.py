"""The counter's figures, checked against journeys computed by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from generator.core import journey
from generator.core.config import ChallengeConfig
from generator.core.model import Entry, Outcome

UTC = ZoneInfo("UTC")
CHALLENGE = ChallengeConfig(goal=10, milestones=(1, 3, 10))


def make(day: str, outcome: Outcome, path: str | None = None) -> Entry:
    moment = dt.datetime.fromisoformat(day).replace(tzinfo=UTC)
    return Entry(
        path=path or f"content/entries/{day[:10]}.md",
        slug=path or day,
        title="t",
        ask="a",
        outcome=outcome,
        lesson="l",
        date=moment,
        tags=(),
        body_html="",
    )


R, N, A, P, W = (
    Outcome.REJECTED,
    Outcome.NO_ANSWER,
    Outcome.ACCEPTED,
    Outcome.PARTIAL,
    Outcome.PENDING,
)


def compute(entries: list[Entry], challenge: ChallengeConfig = CHALLENGE, now: str = "2026-03-10"):
    numbered = journey.number(entries, challenge)
    moment = dt.datetime.fromisoformat(now).replace(hour=12, tzinfo=UTC)
    return numbered, journey.compute(numbered, challenge, UTC, moment)


def test_two_asks_on_one_day_are_ordered_by_time_then_path() -> None:
    late = make("2026-03-01 18:00", R, "content/entries/a.md")
    early = make("2026-03-01 09:00", A, "content/entries/z.md")
    same_b = make("2026-03-01 20:00", R, "content/entries/b.md")
    same_a = make("2026-03-01 20:00", N, "content/entries/a2.md")
    numbered, _ = compute([late, same_b, early, same_a])
    assert [e.path for e in numbered] == [
        "content/entries/z.md",
        "content/entries/a.md",
        "content/entries/a2.md",
        "content/entries/b.md",
    ]
    assert [e.ask_number for e in numbered] == [1, 2, 3, 4]
    assert [e.rejection_number for e in numbered] == [None, 1, 2, 3]


def test_totals_yes_rate_and_pending() -> None:
    entries = [
        make("2026-03-01 10:00", R),
        make("2026-03-02 10:00", A),
        make("2026-03-03 10:00", P),
        make("2026-03-04 10:00", N),
        make("2026-03-05 10:00", W),
    ]
    _, j = compute(entries)
    assert (j.asks, j.rejections, j.yeses, j.figures.pending) == (5, 2, 2, 1)
    assert j.yes_rate == pytest.approx(2 / 4)  # pending is not decided
    assert j.outcomes == {"rejected": 1, "no-answer": 1, "accepted": 1, "partial": 1, "pending": 1}
    assert j.progress == pytest.approx(0.2)
    assert j.remaining == 8


def test_custom_rejections_list_leaves_no_answer_uncounted() -> None:
    challenge = replace(CHALLENGE, rejections=(Outcome.REJECTED,))
    numbered, j = compute([make("2026-03-01 10:00", N), make("2026-03-02 10:00", R)], challenge)
    assert [e.rejection_number for e in numbered] == [None, 1]
    assert j.rejections == 1
    assert numbered[1].milestone == 1 and numbered[0].milestone is None


def test_count_asks_counts_every_ask_toward_the_goal() -> None:
    challenge = replace(CHALLENGE, count="asks")
    entries = [make(f"2026-03-0{d} 10:00", A if d % 2 else R) for d in range(1, 5)]
    numbered, j = compute(entries, challenge)
    assert j.counted == 4 and j.remaining == 6 and j.progress == pytest.approx(0.4)
    assert [e.milestone for e in numbered] == [1, None, 3, None]
    assert [m.entry.ask_number if m.entry else None for m in j.milestones] == [1, 3, None]


def test_empty_journey() -> None:
    numbered, j = compute([])
    assert numbered == ()
    assert (j.asks, j.rejections, j.progress, j.remaining) == (0, 0, 0.0, 10)
    assert j.yes_rate is None
    assert j.streaks.current == 0 and j.streaks.longest == 0
    assert not any(m.reached for m in j.milestones)
    assert j.months == ()


def test_journey_past_its_goal_caps_progress() -> None:
    challenge = replace(CHALLENGE, goal=3, milestones=(1, 3))
    entries = [make(f"2026-03-0{d} 10:00", R) for d in range(1, 6)]
    numbered, j = compute(entries, challenge)
    assert j.progress == 1.0 and j.remaining == 0 and j.counted == 5
    assert numbered[2].milestone == 3
    assert j.pace.projected_finish is None


def test_milestones_name_the_entry_that_reached_them() -> None:
    entries = [make(f"2026-03-0{d} 10:00", R if d != 2 else A) for d in range(1, 6)]
    numbered, j = compute(entries)
    reached = {m.number: m.entry.ask_number for m in j.milestones if m.entry}
    assert reached == {1: 1, 3: 4}  # the yes on day 2 does not count
    assert numbered[3].milestone == 3


@pytest.mark.parametrize(
    ("days", "today", "current", "longest"),
    [
        (["03-01", "03-02", "03-03", "03-07", "03-08"], "03-08", 2, 3),  # run ends today
        (["03-01", "03-02", "03-03", "03-07", "03-08"], "03-09", 2, 3),  # today is not over
        (["03-01", "03-02", "03-03", "03-07", "03-08"], "03-10", 0, 3),  # a missed day breaks it
        (["03-01", "03-01", "03-02"], "03-02", 2, 2),  # two asks on one day count once
        ([], "03-02", 0, 0),
    ],
)
def test_streaks(days: list[str], today: str, current: int, longest: int) -> None:
    dates = [dt.date.fromisoformat(f"2026-{d}") for d in days]
    s = journey.streaks(dates, dt.date.fromisoformat(f"2026-{today}"))
    assert (s.current, s.longest) == (current, longest)


def test_streak_days_are_in_the_site_time_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    # 23:30 UTC on the 1st is already the 2nd in Tokyo: two consecutive local days.
    a = make("2026-03-01 01:00", R)
    b = make("2026-03-01 23:30", R, "content/entries/b.md")
    numbered = journey.number([a, b], CHALLENGE)
    now = dt.datetime(2026, 3, 2, 12, tzinfo=UTC)
    assert journey.compute(numbered, CHALLENGE, tokyo, now).streaks.longest == 2
    assert journey.compute(numbered, CHALLENGE, UTC, now).streaks.longest == 1


def test_pace_and_projected_finish() -> None:
    challenge = ChallengeConfig(
        goal=10, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 28), milestones=(10,)
    )
    # 2 rejections in the first 14 days: 1 per week; 8 remaining in 14 days left.
    entries = [
        make("2026-03-02 10:00", R),
        make("2026-03-09 10:00", R),
        make("2026-03-10 10:00", A),
    ]
    _, j = compute(entries, challenge, now="2026-03-14")
    assert j.pace.weeks == pytest.approx(2.0)
    assert j.pace.asks_per_week == pytest.approx(1.5)
    assert j.pace.rejections_per_week == pytest.approx(1.0)
    assert j.pace.needed_per_week == pytest.approx(8 / 2)
    assert j.pace.projected_finish == dt.date(2026, 3, 14) + dt.timedelta(days=56)
    assert j.pace.on_track is False


def test_pace_start_defaults_to_first_entry() -> None:
    _, j = compute([make("2026-03-08 10:00", R)], now="2026-03-14")
    assert j.pace.start == dt.date(2026, 3, 8)
    assert j.pace.weeks == pytest.approx(1.0)


def test_per_month_figures() -> None:
    entries = [
        make("2026-02-27 10:00", R),
        make("2026-02-28 10:00", A),
        make("2026-03-01 10:00", W),
        make("2026-03-02 10:00", N),
    ]
    _, j = compute(entries)
    assert [m.key for m in j.months] == ["2026-02", "2026-03"]
    feb, mar = j.months
    assert (feb.figures.asks, feb.figures.rejections, feb.figures.yeses) == (2, 1, 1)
    assert feb.figures.yes_rate == pytest.approx(0.5)
    assert (mar.figures.asks, mar.figures.rejections, mar.figures.pending) == (2, 1, 1)
    assert mar.figures.yes_rate == pytest.approx(0.0)


def test_median_response_days() -> None:
    a = replace(make("2026-03-01 10:00", R), answered=dt.datetime(2026, 3, 3, 10, tzinfo=UTC))
    b = replace(make("2026-03-02 10:00", A), answered=dt.datetime(2026, 3, 6, 10, tzinfo=UTC))
    _, j = compute([a, b])
    assert j.median_response_days == pytest.approx(3.0)


def test_yeses_are_numbered_accepted_and_partial_together() -> None:
    numbered = journey.number(
        [make("2026-01-01", A), make("2026-01-02", R), make("2026-01-03", P)], CHALLENGE
    )
    assert [e.yes_number for e in numbered] == [1, None, 2]
    assert [e.rejection_number for e in numbered] == [None, 1, None]


def test_this_month_and_latest_rejection_follow_the_site_clock() -> None:
    numbered = journey.number(
        [make("2026-01-31 10:00", R), make("2026-02-01 10:00", R), make("2026-02-02 10:00", A)],
        CHALLENGE,
    )
    now = dt.datetime(2026, 2, 3, tzinfo=UTC)
    figures = journey.compute(numbered, CHALLENGE, UTC, now)
    assert figures.this_month == 2
    assert figures.latest_rejection is numbered[1]
    assert figures.next_milestone is not None and figures.next_milestone.number == 3
