"""Serve's page reuse: which values count as unchanged between rebuilds."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, ClassVar

from generator.core.model import Entry, Outcome, TagRef
from generator.core.plan import Render
from generator.incremental.rendercache import _dep_digest, _Entries
from generator.incremental.values import Fingerprints
from generator.incremental.values import page_key as _page_key
from generator.incremental.values import same as _same

WHEN = dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)


def make(**changes: Any) -> Entry:
    base = Entry(
        path="content/entries/a.md",
        slug="a",
        title="A",
        ask="Could I?",
        outcome=Outcome.REJECTED,
        lesson="Ask.",
        date=WHEN,
        tags=(TagRef("food", "Food"),),
        body_html="<p>x</p>",
        extra={"mood": "calm"},
    )
    return dataclasses.replace(base, **changes)


def test_same_is_as_strict_as_a_fingerprint() -> None:
    fp = Fingerprints({})
    assert _same((1, "a", None), (1, "a", None), fp)
    assert not _same((1,), (True,), fp)  # equal for ==, not for a page
    assert not _same(make(), make(extra={"mood": "brave"}), fp)  # a field left out of ==
    assert _same(make(), make(tags=(TagRef("food", "Food"),)), fp)  # equal, not identical
    assert not _same(make(), make(tags=(TagRef("food", "food"),)), fp)


def test_entry_versions_move_only_when_the_entry_changed() -> None:
    known = _Entries()
    first = make()
    known.update({first.path: first}, Fingerprints({}))
    version = known.versions["entry:" + first.path]
    same = make()  # a new object with the same content, as assembling makes every build
    known.update({same.path: same}, Fingerprints({}))
    assert known.versions["entry:" + first.path] == version
    changed = make(ask_number=2)
    known.update({changed.path: changed}, Fingerprints({}))
    assert known.versions["entry:" + first.path] != version
    known.update({}, Fingerprints({}))
    assert known.versions == {} and known.digests == {}


def test_page_keys_tell_plain_values_of_different_types_apart() -> None:
    fp = Fingerprints({})
    one, true = Render("/x/", "t.html", {"n": 1}), Render("/x/", "t.html", {"n": True})
    assert _page_key(one, fp) != _page_key(true, fp)
    assert _page_key(one, fp) == _page_key(Render("/x/", "t.html", {"n": 1}), fp)
    assert _page_key(one, fp) != _page_key(Render("/x/", "u.html", {"n": 1}), fp)


@dataclasses.dataclass(frozen=True)
class Shelf:
    """A template global whose method reads entries in Python, where reads are not tracked."""

    entries: tuple[Entry, ...]

    def titles(self) -> str:
        return ", ".join(e.title for e in self.entries)


@dataclasses.dataclass(frozen=True)
class Counts(Shelf):
    reads_entry_fields: ClassVar[bool] = False

    def size(self) -> int:
        return len(self.entries)


def _method_digest(owner: Any, attr: str, entry: Entry) -> str:
    entries = {entry.path: entry}
    return _dep_digest("g", attr, Fingerprints(entries), entries, {"g": owner})


def test_a_method_of_a_global_changes_with_the_entries_it_reads() -> None:
    before, after = make(), make(title="B")
    assert _method_digest(Shelf((before,)), "titles", before) != _method_digest(
        Shelf((after,)), "titles", after
    )
    assert _method_digest(Shelf((before,)), "titles", before) == _method_digest(
        Shelf((make(),)), "titles", make()
    )


def test_a_method_that_reads_no_entry_fields_ignores_their_content() -> None:
    before, after, other = make(), make(title="B"), make(path="content/entries/b.md")
    assert _method_digest(Counts((before,)), "size", before) == _method_digest(
        Counts((after,)), "size", after
    )
    assert _method_digest(Counts((before,)), "size", before) != _method_digest(
        Counts((before, other)), "size", before
    )
