from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generator.content.entries import parse_entry
from generator.content.frontmatter import split
from generator.core.errors import SiteErrors
from generator.core.model import Entry, Outcome

LONDON = ZoneInfo("Europe/London")
PATH = "content/entries/2026-03-14-cockpit-photo.md"


def parse(front: str, path: str = PATH, body: str = "Story.\n") -> tuple[Entry, list[str]]:
    fm = split(f"---\n{front}---\n{body}", path)
    entry, warnings = parse_entry(path, fm, LONDON, lambda md: f"<p>{md.strip()}</p>")
    return entry, [w.format().splitlines()[0] for w in warnings]


def errors(front: str, path: str = PATH) -> list[str]:
    with pytest.raises(SiteErrors) as info:
        parse(front, path)
    return [e.format().splitlines()[0] for e in info.value.errors]


BASE = "ask: Could I sit in the cockpit?\nlesson: Ask early.\n"


def test_a_full_entry() -> None:
    entry, warnings = parse(
        "date: 2026-03-14 18:30\n" + BASE + "outcome: rejected\ntags: [Travel, strangers]\n"
        "title: The cockpit photo\nseat: 14C\n_who: the purser\nprivate: notes\n"
    )
    assert warnings == []
    assert entry.title == "The cockpit photo" and entry.ask == "Could I sit in the cockpit?"
    assert entry.slug == "cockpit-photo"
    assert entry.date == dt.datetime(2026, 3, 14, 18, 30, tzinfo=LONDON)
    assert [t.label for t in entry.tags] == ["Travel", "strangers"]
    assert entry.extra == {"seat": "14C"}  # private keys never travel further
    assert entry.body_html == "<p>Story.</p>"


@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        ("no", Outcome.REJECTED),
        ("yes", Outcome.ACCEPTED),
        ("'no'", Outcome.REJECTED),
        ("Declined", Outcome.REJECTED),
        ("ghosted", Outcome.NO_ANSWER),
        ("no answer", Outcome.NO_ANSWER),
        ("counter-offer", Outcome.PARTIAL),
        ("MAYBE", Outcome.PARTIAL),
        ("waiting", Outcome.PENDING),
        ("accept", Outcome.ACCEPTED),
    ],
)
def test_outcome_spellings(value: str, outcome: Outcome) -> None:
    entry, _ = parse(f"date: 2026-03-14\n{BASE}outcome: {value}\n")
    assert entry.outcome is outcome


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-14", dt.datetime(2026, 3, 14, tzinfo=LONDON)),
        ("2026-03-14 18:30", dt.datetime(2026, 3, 14, 18, 30, tzinfo=LONDON)),
        ("'2026-03-14 18:30'", dt.datetime(2026, 3, 14, 18, 30, tzinfo=LONDON)),
        (
            "2026-03-14T18:30:00+01:00",
            dt.datetime(2026, 3, 14, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
    ],
)
def test_date_forms(value: str, expected: dt.datetime) -> None:
    entry, _ = parse(f"date: {value}\n{BASE}outcome: no\n")
    assert entry.date == expected


def test_date_from_file_name_prefix() -> None:
    entry, _ = parse(BASE + "outcome: no\n")
    assert entry.date == dt.datetime(2026, 3, 14, tzinfo=LONDON)


def test_every_error_of_a_file_is_reported_with_its_line() -> None:
    assert errors("date: 2026-02-30\nask: [a, b]\noutcome: perhaps\ntags: {a: 1}\n") == [
        f"{PATH}:2: error: invalid date: '2026-02-30' is not a real calendar date",
        f"{PATH}:3: error: 'ask' must be text, not a list",
        f"{PATH}:4: error: unknown outcome 'perhaps'",
        f"{PATH}:5: error: 'tags' must be a list of words",
    ]


def test_missing_required_keys() -> None:
    assert errors("title: x\n", "content/entries/nodate.md") == [
        "content/entries/nodate.md:1: error: missing required key 'ask'",
        "content/entries/nodate.md:1: error: missing required key 'date'",
        "content/entries/nodate.md:1: error: missing required key 'outcome'",
    ]


def test_missing_lesson_is_a_warning_except_when_pending() -> None:
    _, warnings = parse("date: 2026-03-14\nask: A?\noutcome: no\n")
    assert warnings == [f"{PATH}:4: warning: missing 'lesson' for a decided ask"]
    _, warnings = parse("date: 2026-03-14\nask: A?\noutcome: pending\n")
    assert warnings == []


def test_misspelled_keys_warn_with_did_you_mean() -> None:
    _, warnings = parse("date: 2026-03-14\nask: A?\noutcome: no\nlessons: x\n")
    assert f"{PATH}:5: warning: unknown key 'lessons'" in warnings


@pytest.mark.parametrize("slug", ["a/b", "..", "../etc", ".hidden", "with space"])
def test_unsafe_slugs_are_refused(slug: str) -> None:
    assert errors(f"date: 2026-03-14\n{BASE}outcome: no\nslug: '{slug}'\n") == [
        f"{PATH}:6: error: invalid slug '{slug}'"
    ]


def test_single_tag_string_and_duplicate_spellings() -> None:
    entry, _ = parse(f"date: 2026-03-14\n{BASE}outcome: no\ntags: Food\n")
    assert [t.label for t in entry.tags] == ["Food"]
    entry, _ = parse(f"date: 2026-03-14\n{BASE}outcome: no\ntags: [Food, food, FOOD]\n")
    assert [t.label for t in entry.tags] == ["Food"]
