from __future__ import annotations

import datetime as dt

import pytest

from generator.core.assemble import Options, assemble
from generator.core.config import SiteConfig
from generator.core.errors import SiteErrors
from generator.core.model import Entry, Outcome, Page, TagRef

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def make(slug: str, day: int, tags: tuple[str, ...] = (), **kw: object) -> Entry:
    return Entry(
        path=f"content/entries/{slug}.md",
        slug=slug,
        title=slug,
        ask="a",
        outcome=Outcome.REJECTED,
        lesson="l",
        date=dt.datetime(2026, 5, day, tzinfo=dt.UTC),
        tags=tuple(TagRef("", t) for t in tags),
        body_html="",
        **kw,  # type: ignore[arg-type]
    )


def build(entries: list[Entry], pages: tuple[Page, ...] = (), **options: bool):
    return assemble(entries, [], list(pages), SiteConfig(), NOW, Options(**options))


def test_tags_with_one_url_are_one_tag_with_the_first_spelling() -> None:
    site = build([make("a", 1, ("Café Talks",)), make("b", 2, ("café talks", "Cafe Talks"))])
    assert [(t.slug, t.label, t.figures.asks) for t in site.tags] == [
        ("cafe-talks", "Café Talks", 2),
    ]
    assert site.entries[1].tags == (TagRef("cafe-talks", "Café Talks"),)


def test_drafts_and_future_entries_are_left_out_and_reported() -> None:
    future = make("later", 1)
    future = Entry(**{**future.__dict__, "date": NOW + dt.timedelta(minutes=1)})
    site = build([make("a", 1), make("d", 2, draft=True), future])
    assert [e.slug for e in site.entries] == ["a"]
    assert site.drafts_skipped == 1 and [e.slug for e in site.future_skipped] == ["later"]
    both = build([make("a", 1), make("d", 2, draft=True), future], drafts=True, future=True)
    assert [e.ask_number for e in both.entries] == [1, 2, 3]


def test_two_entries_with_one_slug_is_an_error_naming_both() -> None:
    with pytest.raises(SiteErrors) as info:
        build([make("a", 1), Entry(**{**make("a", 2).__dict__, "path": "content/entries/b.md"})])
    assert str(info.value).startswith(
        "content/entries/b.md:1: error: two entries claim the URL /asks/a/: "
        "content/entries/a.md and content/entries/b.md"
    )


def test_a_page_cannot_take_a_reserved_url() -> None:
    page = Page(path="content/pages/tags.md", slug="tags", title="Tags", body_html="")
    with pytest.raises(SiteErrors, match="taken by asklog's /tags/ pages"):
        build([], (page,))


def test_a_repeated_file_name_is_an_error_not_a_moved_url() -> None:
    first = Entry(
        **{**make("2026-05-01-coffee", 1).__dict__, "slug": "coffee", "slug_from_file": True}
    )
    later = Entry(
        **{**make("2026-05-09-coffee", 9).__dict__, "slug": "coffee", "slug_from_file": True}
    )
    with pytest.raises(SiteErrors) as info:
        build([later, first])
    [error] = info.value.errors
    assert "content/entries/2026-05-01-coffee.md and content/entries/2026-05-09-coffee.md" in (
        error.message
    )
    assert "slug: 2026-05-01-coffee or slug: 2026-05-09-coffee" in error.hint
