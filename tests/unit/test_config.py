from __future__ import annotations

import datetime as dt

import pytest

from generator.core.config import PatternsConfig, parse_config
from generator.core.errors import SiteErrors
from generator.core.model import Outcome


def test_only_a_title_gives_every_default() -> None:
    config, warnings = parse_config("title: Mine\n")
    assert warnings == []
    assert config.title == "Mine"
    assert config.paginate == 10 and config.timezone == "UTC" and config.theme == "default"
    assert config.challenge.goal == 1000 and config.challenge.count == "rejections"
    assert config.challenge.rejections == (Outcome.REJECTED, Outcome.NO_ANSWER)
    assert config.challenge.milestone_numbers == (1, 10, 25, 50, 100, 250, 500, 750, 1000)
    assert config.challenge.pending_days == 14 and config.feed.entries == 20


def test_full_config_is_read() -> None:
    config, _ = parse_config(
        "title: T\nbase_url: https://me.github.io/journey\ntimezone: Europe/London\n"
        "challenge:\n  goal: 100\n  count: asks\n  rejections: [no]\n"
        "  start: 2026-01-01\n  end: 2026-12-31\n  milestones: [50, 1, 100]\n"
        "feed:\n  entries: 5\n"
    )
    assert config.base_url == "https://me.github.io/journey/"
    c = config.challenge
    assert (c.goal, c.count, c.rejections) == (100, "asks", (Outcome.REJECTED,))
    assert (c.start, c.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert c.milestone_numbers == (1, 50, 100)
    assert config.feed.entries == 5


def test_default_milestones_stop_at_a_smaller_goal() -> None:
    config, _ = parse_config("challenge:\n  goal: 60\n")
    assert config.challenge.milestone_numbers == (1, 10, 25, 50, 60)


def test_wrong_types_are_errors_with_their_lines_all_at_once() -> None:
    text = "title: T\npaginate: many\nchallenge:\n  goal: -5\n  count: everything\n"
    with pytest.raises(SiteErrors) as info:
        parse_config(text)
    lines = [e.format().splitlines()[0] for e in info.value.errors]
    assert lines == [
        "site.yaml:2: error: 'paginate' must be a positive whole number, not 'many'",
        "site.yaml:4: error: 'challenge.goal' must be a positive whole number, not -5 "
        "(it must be at least 1)",
        "site.yaml:5: error: 'challenge.count' must be 'rejections' or 'asks', not 'everything'",
    ]
    assert all(e.hint for e in info.value.errors)


def test_unknown_keys_warn_with_did_you_mean() -> None:
    _, warnings = parse_config("title: T\npaginat: 5\nchallenge:\n  gaol: 3\n")
    assert [w.format() for w in warnings] == [
        "site.yaml:2: warning: unknown key 'paginat'\n  hint: did you mean 'paginate'?",
        "site.yaml:4: warning: unknown key 'challenge.gaol'\n  hint: did you mean 'goal'?",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("timezone: Mars/Olympus\n", "site.yaml:1: error: unknown time zone 'Mars/Olympus'"),
        ("base_url: example.org\n", "site.yaml:1: error: base_url must be an absolute"),
        ("title: [unclosed\n", "site.yaml:1: error: invalid YAML"),
        (
            "challenge:\n  start: 2026-05-01\n  end: 2026-01-01\n",
            "site.yaml:3: error: challenge.end",
        ),
        ("challenge:\n  rejections: [rejected, pending]\n", "site.yaml:2: error: pending asks"),
    ],
)
def test_bad_values(text: str, message: str) -> None:
    with pytest.raises((SiteErrors, Exception)) as info:
        parse_config(text)
    assert str(info.value).startswith(message)


def test_patterns_settings_are_read_and_private_is_a_shorthand() -> None:
    config, warnings = parse_config(
        "title: T\npatterns:\n  by: [channel, difficulty, channel]\n  min_asks: 5\n"
    )
    assert warnings == []
    assert config.patterns == PatternsConfig(by=("channel", "difficulty"), min_asks=5)
    assert parse_config("title: T\n")[0].patterns == PatternsConfig((), 8, False)
    assert parse_config("patterns: private\n")[0].patterns.private is True
    assert parse_config("patterns:\n  by: channel\n  private: true\n")[0].patterns == (
        PatternsConfig(by=("channel",), private=True)
    )


def test_patterns_problems_name_the_line_and_suggest_a_fix() -> None:
    _, warnings = parse_config("patterns:\n  min_ask: 5\n")
    assert [w.format() for w in warnings] == [
        "site.yaml:2: warning: unknown key 'patterns.min_ask'\n  hint: did you mean 'min_asks'?"
    ]
    with pytest.raises(SiteErrors) as info:
        parse_config("patterns:\n  by: [channel, _who]\n  min_asks: 0\n")
    assert [e.format().splitlines()[0] for e in info.value.errors] == [
        "site.yaml:2: error: 'patterns.by' must be a list of front matter keys, not "
        "['channel', '_who'] ('_who' is a private key, never written to the site)",
        "site.yaml:3: error: 'patterns.min_asks' must be a positive whole number, not 0 "
        "(it must be at least 1)",
    ]
    with pytest.raises(SiteErrors) as info:
        parse_config("patterns: public\n")
    assert "'patterns' must be a mapping of keys, or 'private'" in str(info.value)
