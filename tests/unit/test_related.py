"""Related asks: the entries sharing the most tags, nearest in time first."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

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


def every_pair(entries: list[Entry], limit: int = 3) -> dict[str, tuple[Entry, ...]]:
    """The rule by brute force: every other entry counted, most shared tags, then nearest."""
    out = {}
    for i, entry in enumerate(entries):
        own = {t.slug for t in entry.tags}
        shared = Counter(
            {j: len(own & {t.slug for t in e.tags}) for j, e in enumerate(entries) if j != i}
        )
        best = sorted((j for j in shared if shared[j]), key=lambda j: (-shared[j], abs(j - i), -j))
        out[entry.path] = tuple(entries[j] for j in best[:limit])
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sets(st.sampled_from("abcdefgh"), max_size=8), max_size=28),
    st.integers(min_value=1, max_value=4),
)
def test_the_fast_rule_equals_comparing_every_pair(tag_sets: list[set[str]], limit: int) -> None:
    entries = [make(n + 1, *sorted(tags)) for n, tags in enumerate(tag_sets)]
    assert related(entries, limit) == every_pair(entries, limit)
