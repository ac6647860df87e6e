"""Published URLs never move because another entry or tag appeared or went away (16.4).

Random insertions and deletions of entries (back-filled dates, repeated file names,
explicit slugs) and tags (C, C++, C#, Café, cafe...): after every step that builds, each
entry and tag that was there before keeps its URL; a step that does not build is an
error naming both files that claim one URL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core import slugs
from generator.core.assemble import Options, assemble
from generator.core.config import SiteConfig
from generator.core.errors import SiteErrors
from generator.core.model import Entry, Outcome, TagRef

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
WORDS = ["free-coffee", "upgrade", "discount", "cafe"]
TAGS = ["C", "C++", "c#", "C#", "Café", "cafe", "Cafe Talks", "!!", "?", "food"]


@st.composite
def candidates(draw: st.DrawFn) -> Entry:
    month, day = draw(st.integers(1, 11)), draw(st.integers(1, 28))
    word = draw(st.sampled_from(WORDS))
    stem = f"2026-{month:02d}-{day:02d}-{word}"
    explicit = draw(st.one_of(st.none(), st.sampled_from(WORDS)))
    return Entry(
        path=f"content/entries/{stem}.md",
        slug=explicit or slugs.file_slug(stem)[0],
        title=stem,
        ask="a",
        outcome=Outcome.REJECTED,
        lesson="l",
        date=dt.datetime(2026, month, day, tzinfo=dt.UTC),
        tags=tuple(TagRef("", t) for t in draw(st.lists(st.sampled_from(TAGS), max_size=3))),
        body_html="",
        slug_from_file=explicit is None,
    )


def urls(entries: dict[str, Entry]) -> tuple[dict[str, str], dict[str, str]] | None:
    """(path -> entry slug, tag label -> tag slug), or None when two files claim one URL."""
    try:
        site = assemble(list(entries.values()), [], [], SiteConfig(), NOW, Options())
    except SiteErrors as exc:
        for error in exc.errors:
            assert error.message.startswith("two entries claim the URL /asks/")
            assert error.message.count("content/entries/") == 2 and "slug:" in error.hint
        return None
    tags = {ref.label: ref.slug for e in site.entries for ref in e.tags}
    return {e.path: e.slug for e in site.entries}, tags


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.booleans(), candidates()), min_size=1, max_size=25))
def test_no_url_moves_when_entries_come_and_go(steps: list[tuple[bool, Entry]]) -> None:
    present: dict[str, Entry] = {}
    last: tuple[dict[str, str], dict[str, str]] | None = ({}, {})
    for add, candidate in steps:
        if add:  # a new file (an edit of an existing one is not "another entry")
            present.setdefault(candidate.path, candidate)
        elif present:
            present.pop(sorted(present)[hash(candidate.path) % len(present)])
        now = urls(present)
        if now is None:
            continue
        if last is not None:
            for path in now[0].keys() & last[0].keys():
                assert now[0][path] == last[0][path], f"{path} moved"
            for label in now[1].keys() & last[1].keys():
                assert now[1][label] == last[1][label], f"tag {label} moved"
        last = now


def test_tag_slugs_depend_on_the_label_alone() -> None:
    assert slugs.tag_slug("C++") == "c-plus-plus"
    assert slugs.tag_slug("C#") == slugs.tag_slug("c#") == "c-sharp"
    assert slugs.tag_slug("C") == "c"
    assert slugs.tag_slug("Café") == slugs.tag_slug("cafe") == "cafe"
    assert slugs.tag_slug("!!") == slugs.tag_slug("!!") != slugs.tag_slug("?")
    assert slugs.tag_slug("!!").startswith("tag-")


def test_free_slug_for_new_files() -> None:
    assert slugs.unique("free-coffee", set()) == "free-coffee"
    taken = {"free-coffee", "free-coffee-2"}
    free = slugs.unique("free-coffee", set(taken))
    assert free == "free-coffee-3"
    stem = f"2026-05-01-{free}"
    assert slugs.file_slug(PurePosixPath(stem).name)[0] not in taken
