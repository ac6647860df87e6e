"""Related asks: the entries sharing the most tags, nearest in time first."""

from __future__ import annotations

import datetime as dt

from generator.core.model import Entry, Outcome, TagRef
from generator.core.related import related


def make(n: int, *tags: str) -> Entry:
    return Entry(
        path=f"e{n}.md",
        slug=f"e{n}",
        title=f"Ask {n}",
        ask="a",
        outcome=Outcome.REJECTED,
        lesson="",
        date=dt.datetime(2026, 1, n, tzinfo=dt.UTC),
        tags=tuple(TagRef(t, t) for t in tags),
        body_html="",
    )


def test_most_shared_tags_first_then_nearest() -> None:
    entries = [make(1, "food"), make(2, "food", "work"), make(3, "work"), make(4, "food", "work")]
    found = related(entries, limit=2)
    assert [e.slug for e in found["e2.md"]] == ["e4", "e3"]  # two tags shared beats one
    assert [e.slug for e in found["e1.md"]] == ["e2", "e4"]
    assert all(entry not in found[entry.path] for entry in entries)


def test_an_entry_without_tags_has_no_related_asks() -> None:
    assert related([make(1), make(2, "food")]) == {"e1.md": (), "e2.md": ()}
