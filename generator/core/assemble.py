"""Parsed records -> one Site: publishing rules, tag identity, numbering, duplicate URLs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import journey, patterns, slugs
from .config import SiteConfig
from .errors import SiteError, SiteErrors
from .model import Entry, FaqSection, Page, Site, Tag, TagRef, evolve
from .rebase import rebase_records
from .urls import Urls

RESERVED_SLUGS = frozenset(
    {
        "asks",
        "tags",
        "outcomes",
        "archive",
        "journey",
        "patterns",
        "lessons",
        "faq",
        "page",
        "search",
    }
)


@dataclass(frozen=True)
class Options:
    drafts: bool = False
    future: bool = False


def assemble(
    entries: Sequence[Entry],
    faq: Sequence[FaqSection],
    pages: Sequence[Page],
    config: SiteConfig,
    now: dt.datetime,
    options: Options,
) -> Site:
    # Body links are rebased here, before numbering: every later derivation carries them.
    entries, faq, pages = rebase_records(entries, faq, pages, Urls(config.base_url).base_path)
    drafts: list[Entry] = []
    future: list[Entry] = []
    published: list[Entry] = []
    for entry in entries:
        if entry.draft and not options.drafts:
            drafts.append(entry)
        elif entry.date > now and not options.future:
            future.append(entry)
        else:
            published.append(entry)
    published = _settle_slugs(published)
    _check_duplicates(published, faq, pages)
    tagged, tag_map = _resolve_tags(published)
    numbered = journey.number(tagged, config.challenge)
    tags = _tags(numbered, tag_map)
    return Site(
        entries=numbered,
        journey=journey.compute(numbered, config.challenge, config.tz, now),
        tags=tags,
        faq=tuple(sorted(faq, key=lambda s: (s.order, s.slug))),
        pages=tuple(sorted(pages, key=lambda p: p.slug)),
        drafts_skipped=len(drafts),
        future_skipped=tuple(journey.chronological(future)),
        patterns=patterns.compute(numbered, tags, config.patterns, config.tz),
    )


def _settle_slugs(entries: list[Entry]) -> list[Entry]:
    """Chronological entries; of two asks with one file name, the later keeps its date in the URL.

    Asking the same thing twice is normal in a long journey; earlier URLs never move.
    """
    taken = {e.slug for e in entries if not e.slug_from_file}
    settled = []
    for entry in journey.chronological(entries):
        if entry.slug_from_file and entry.slug in taken:
            entry = evolve(entry, slug=slugs.slugify(slugs.entry_stem(entry.path)))
        taken.add(entry.slug)
        settled.append(entry)
    return settled


def _resolve_tags(entries: list[Entry]) -> tuple[list[Entry], dict[str, TagRef]]:
    """One tag per case-folded name; its label is the first spelling, its slug unique."""
    tag_map: dict[str, TagRef] = {}
    taken: set[str] = set()
    for entry in entries:
        for ref in entry.tags:
            key = ref.label.casefold()
            if key not in tag_map:
                slug = slugs.unique(slugs.slugify(ref.label) or "tag", taken)
                tag_map[key] = TagRef(slug=slug, label=ref.label)
    resolved = [
        evolve(e, tags=tuple(tag_map[t.label.casefold()] for t in e.tags)) if e.tags else e
        for e in entries
    ]
    return resolved, tag_map


def _tags(entries: Iterable[Entry], tag_map: dict[str, TagRef]) -> tuple[Tag, ...]:
    by_slug: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for ref in entry.tags:
            by_slug[ref.slug].append(entry)
    labels = {ref.slug: ref.label for ref in tag_map.values()}
    return tuple(
        Tag(slug, labels[slug], tuple(items), journey.figures(items))
        for slug, items in sorted(by_slug.items())
    )


def _check_duplicates(
    entries: Sequence[Entry], faq: Sequence[FaqSection], pages: Sequence[Page]
) -> None:
    errors: list[SiteError] = []
    errors += _duplicates(
        [(e.slug, e.path) for e in entries], "entry", "/asks/{}/", "give one of them 'slug: ...'"
    )
    errors += _duplicates([(s.slug, s.path) for s in faq], "FAQ section", "/faq/{}/", "rename one")
    errors += _duplicates([(p.slug, p.path) for p in pages], "page", "/{}/", "change one 'slug'")
    for page in pages:
        if page.slug in RESERVED_SLUGS:
            errors.append(
                SiteError(
                    f"the page slug '{page.slug}' is taken by asklog's /{page.slug}/ pages",
                    page.path,
                    1,
                    "choose another 'slug' for this page",
                )
            )
    if errors:
        raise SiteErrors(errors)


def _duplicates(items: list[tuple[str, str]], kind: str, url: str, hint: str) -> list[SiteError]:
    paths: dict[str, list[str]] = defaultdict(list)
    for slug, path in items:
        paths[slug].append(path)
    errors = []
    for slug, group in sorted(paths.items()):
        for path in group[1:] if len(group) > 1 else []:
            errors.append(
                SiteError(
                    f"two {kind} files have the URL {url.format(slug)}: {group[0]} and {path}",
                    path,
                    1,
                    hint,
                )
            )
    return errors
