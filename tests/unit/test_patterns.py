"""Patterns on journeys computed by hand: verdicts, runs, buckets, keys, trend and sentences."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from generator.core import findings, journey
from generator.core.assemble import Options, assemble
from generator.core.config import PatternsConfig, SiteConfig
from generator.core.model import Entry, Outcome, TagRef
from generator.core.patterns import ABOVE, BELOW, FEW, LEVEL, Patterns

UTC = ZoneInfo("UTC")
R, N, A, P, W = map(Outcome, ("rejected", "no-answer", "accepted", "partial", "pending"))


def make(
    when: str,
    outcome: Outcome,
    tags: tuple[str, ...] = (),
    tz: ZoneInfo = UTC,
    answered: str | None = None,
    **extra: Any,
) -> Entry:
    moment = dt.datetime.fromisoformat(when).replace(tzinfo=tz)
    return Entry(
        path=f"content/entries/{when}-{outcome.value}-{'-'.join(tags)}.md",
        slug=f"{when}-{outcome.value}-{'-'.join(tags)}".replace(" ", "-").replace(":", ""),
        title=f"ask of {when}",
        ask="a",
        outcome=outcome,
        lesson="l",
        date=moment,
        tags=tuple(TagRef("", t) for t in tags),
        body_html="",
        answered=None
        if answered is None
        else dt.datetime.fromisoformat(answered).replace(tzinfo=tz),
        extra=extra,
    )


def patterns_of(entries: list[Entry], tz: str = "UTC", **settings: Any) -> Patterns:
    config = SiteConfig(timezone=tz, patterns=PatternsConfig(**settings))
    now = dt.datetime(2027, 1, 1, tzinfo=UTC)
    site = assemble(entries, [], [], config, now, Options())
    assert site.patterns is not None
    return site.patterns


def day(n: int, hour: int = 10) -> str:
    return (dt.datetime(2026, 3, 1, hour) + dt.timedelta(days=n)).isoformat(sep=" ")


def money_and_yeses(money: int, yeses: int) -> list[Entry]:
    """`money` rejected money asks, then `yeses` accepted asks without a tag."""
    return [make(day(i), R, ("money",)) for i in range(money)] + [
        make(day(money + i), A) for i in range(yeses)
    ]


def tag_group(p: Patterns, slug: str) -> Any:
    return next(g for g in p.dimensions[0].groups if g.key == slug)


def test_a_group_is_flagged_only_with_enough_decided_asks_and_its_range_below() -> None:
    # 0 of 8: Wilson upper bound 0.3244, below the overall 12/20 = 0.6.
    p = patterns_of(money_and_yeses(8, 12))
    money = tag_group(p, "money")
    assert (money.decided, money.yeses, round(money.interval.high, 4)) == (8, 0, 0.3244)
    assert money.verdict == BELOW and p.notable(BELOW)[0][1] is money
    # 0 of 7 lies below 12/19 just as clearly, but 7 decided asks are too few to tell ...
    p = patterns_of(money_and_yeses(7, 12))
    assert tag_group(p, "money").verdict == FEW
    # ... unless the writer lowers the bar.
    assert tag_group(patterns_of(money_and_yeses(7, 12), min_asks=7), "money").verdict == BELOW


def test_never_a_verdict_on_three_asks_and_a_wide_range_is_no_clear_difference() -> None:
    p = patterns_of(money_and_yeses(3, 30))
    assert tag_group(p, "money").verdict == FEW
    # 0 of 9 against 3 of 12 overall: the range 0-30% holds 25%.
    mixed = money_and_yeses(9, 3)
    assert tag_group(patterns_of(mixed), "money").verdict == LEVEL


def test_a_group_clearly_above_the_overall_rate_is_called_higher() -> None:
    entries = [make(day(i), A, ("friends",)) for i in range(8)]
    entries += [make(day(10 + i), R) for i in range(20)]
    assert tag_group(patterns_of(entries), "friends").verdict == ABOVE


def test_the_current_run_of_nos_within_a_tag_skips_pending_and_other_tags() -> None:
    entries = [
        make("2026-09-01 10:00", R, ("money",)),
        make("2026-09-01 12:00", A, ("money",)),
        make("2026-09-02 10:00", R, ("money",)),  # the run starts here
        make("2026-09-03 10:00", A, ("food",)),  # another tag's yes breaks nothing
        make("2026-09-04 10:00", W, ("money",)),  # pending: neither breaks nor counts
        make("2026-09-05 10:00", N, ("money", "food")),
        make("2026-09-06 10:00", R, ("money",)),
    ]
    p = patterns_of(entries)
    run = next(r for r in p.runs if r.tag == "money")
    assert (run.length, run.since) == (3, dt.date(2026, 9, 2))
    # 2 yeses in 6 decided asks overall: 3 nos in a row happen (2/3)^3 of the time.
    assert run.chance == pytest.approx((4 / 6) ** 3)
    assert findings.run_sentence(run) == "3 nos in a row in #money since 2 September."
    assert [r.tag for r in p.runs] == ["money", "food"]  # longest first; food's run is 1


def test_weekday_and_time_of_day_use_the_sites_zone_across_a_dst_change() -> None:
    utc = [
        ("2026-03-08 06:30", "Sunday", "night"),  # 01:30 EST
        ("2026-03-08 09:30", "Sunday", "morning"),  # 05:30 EDT: clocks went forward at 2:00
        ("2026-03-10 02:00", "Monday", "night"),  # 22:00 EDT on Monday, Tuesday in UTC
        ("2026-03-10 16:59", "Tuesday", "afternoon"),  # 12:59
        ("2026-03-11 15:59", "Wednesday", "morning"),  # 11:59: noon is not morning
        ("2026-03-11 21:00", "Wednesday", "evening"),  # 17:00 starts the evening
        ("2026-03-12 04:00", "Thursday", None),  # 00:00 sharp: a date without a time
    ]
    entries = [make(when, R) for when, _, _ in utc]
    p = patterns_of(entries, tz="America/New_York")
    weekday, time = p.dimensions[1], p.dimensions[2]
    assert {g.label: g.asks for g in weekday.groups} == {
        "Sunday": 2,
        "Monday": 1,
        "Tuesday": 1,
        "Wednesday": 2,
        "Thursday": 1,
    }
    assert [(g.label, g.asks) for g in time.groups] == [
        ("morning", 2),
        ("afternoon", 1),
        ("evening", 1),
        ("night", 2),
    ]
    assert time.unset == 1
    # In UTC the same asks fall elsewhere: the zone is what decides.
    assert {g.label: g.asks for g in patterns_of(entries).dimensions[1].groups}["Tuesday"] == 2


def test_a_key_named_in_patterns_by_groups_asks_by_its_value() -> None:
    entries = [
        make(day(0), R, channel="Email"),
        make(day(1), R, channel="email"),  # one group whatever the case
        make(day(2), A, channel=["phone", "email"]),  # a list counts in each group
        make(day(3), A),  # no channel at all
        make(day(4), R, channel=True),
    ]
    p = patterns_of(entries, by=("channel",))
    by = p.dimensions[-1]
    assert (by.key, by.name, by.unset) == ("by:channel", "channel", 1)
    assert [(g.label, g.asks, g.yeses) for g in by.groups] == [
        ("Email", 3, 1),
        ("phone", 1, 1),
        ("true", 1, 0),
    ]
    assert findings.subject(by, by.groups[0]) == "Asks with channel: Email"


def test_trend_compares_the_last_30_decided_asks_with_those_before() -> None:
    before = [make(day(i), A) for i in range(10)]
    recent = [make(day(20 + i), R) for i in range(30)]
    trend = patterns_of([*before, make(day(15), W), *recent]).trend
    assert (trend.recent.decided, trend.before.decided) == (30, 10)
    assert trend.verdict == "down" and trend.change is not None and trend.change.high < 0
    # Five asks before the last 30 are too few to tell anything.
    assert patterns_of([*before[:5], *recent]).trend.verdict == FEW
    # 3 of 10 then 9 of 30: the same rate, no change.
    same = [make(day(i), A if i < 3 else R) for i in range(10)]
    same += [make(day(20 + i), A if i < 9 else R) for i in range(30)]
    assert patterns_of(same).trend.verdict == "steady"


def test_response_times_per_tag_take_the_median_and_count_pending() -> None:
    entries = [
        make("2026-03-01 10:00", R, ("work",), answered="2026-03-03 10:00"),
        make("2026-03-02 10:00", A, ("work",), answered="2026-03-12 10:00"),
        make("2026-03-03 10:00", R, ("work",), answered="2026-03-07 10:00"),
        make("2026-03-04 10:00", W, ("work",)),
        make("2026-03-05 10:00", R, ("food",)),
    ]
    (work,) = patterns_of(entries).responses
    assert (work.tag, work.answered, work.median_days, work.pending) == ("work", 3, 4.0, 1)


def test_a_yes_in_a_flagged_group_is_a_surprising_yes() -> None:
    entries = money_and_yeses(12, 12)
    entries.append(make(day(40), P, ("money",)))
    p = patterns_of(entries)
    assert tag_group(p, "money").verdict == BELOW  # 1 of 13, against 13 of 25
    (surprise,) = p.surprises
    assert surprise.entry.outcome is P
    assert [g.key for _, g in surprise.groups] == ["money"]


def test_sentences_say_the_rate_as_people_do() -> None:
    p = patterns_of(money_and_yeses(8, 12))
    texts = [f.text for f in findings.findings(p)]
    assert texts[0] == "Asks about money have had no yes in 8, against 6 in 10 overall."
    assert findings.about_one_in(0.25) == "1 in 4"
    assert findings.about_one_in(10 / 45) == "about 1 in 5"
    assert findings.about_one_in(0.55) == "about 6 in 10"


def test_no_standout_says_so_kindly() -> None:
    p = patterns_of(money_and_yeses(2, 2))
    first = findings.findings(p)[0]
    assert first.kind == "quiet" and "could be chance" in first.text


def test_patterns_are_computed_from_the_counters_own_entries() -> None:
    """The overall group is the journey's decided asks: the same yes rate as the counter."""
    entries = money_and_yeses(5, 3) + [make(day(30), W)]
    p = patterns_of(entries)
    numbered = journey.number(entries, SiteConfig().challenge)
    totals = journey.figures(numbered)
    assert (p.overall.decided, p.overall.yeses) == (totals.decided, totals.yeses)
