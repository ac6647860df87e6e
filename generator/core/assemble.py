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
    # Drafts and future entries too: a URL clash must show before the day it would publish.
    _check_duplicates(entries, faq, pages)
    published = journey.chronological(published)
    tagged, tag_map = _resolve_tags(published)
    numbered = journey.number(tagged, config.challenge)
    tags = _tags(numbered, tag_map)
    return Site(
        entries=numbered,
        # The counter shows what will be published, also in a preview showing drafts.
        journey=journey.compute(
            tuple(e for e in numbered if not e.draft and e.date <= now),
            config.challenge,
            config.tz,
            now,
        ),
        tags=tags,
        faq=tuple(sorted(faq, key=lambda s: (s.order, s.slug))),
        pages=tuple(sorted(pages, key=lambda p: p.slug)),
        drafts_skipped=len(drafts),
        future_skipped=tuple(journey.chronological(future)),
        patterns=patterns.compute(numbered, tags, config.patterns, config.tz),
    )


def _resolve_tags(entries: list[Entry]) -> tuple[list[Entry], dict[str, TagRef]]:
    """One tag per URL slug (made from the label alone); its label is the first spelling."""
    tag_map: dict[str, TagRef] = {}
    for entry in entries:
        for ref in entry.tags:
            slug = slugs.tag_slug(ref.label)
            tag_map.setdefault(slug, TagRef(slug=slug, label=ref.label))
    resolved = [
        evolve(e, tags=tuple(dict.fromkeys(tag_map[slugs.tag_slug(t.label)] for t in e.tags)))
        if e.tags
        else e
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
    errors: list[SiteError] = _entry_duplicates(entries)
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


def _entry_duplicates(entries: Sequence[Entry]) -> list[SiteError]:
    """Two entries claiming one URL: an error naming both, whichever came first.

    No entry gives way (a URL that moved would break every link to it); one of them
    needs its own `slug:`.
    """
    by_slug: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.path):
        by_slug[entry.slug].append(entry)
    errors = []
    for slug, group in sorted(by_slug.items()):
        first = group[0]
        for other in group[1:]:
            errors.append(
                SiteError(
                    f"two entries claim the URL /asks/{slug}/: {first.path} and {other.path}",
                    other.path,
                    1,
                    _clash_hint(first, other),
                )
            )
    return errors


def _clash_hint(first: Entry, other: Entry) -> str:
    explicit = [e for e in (first, other) if not e.slug_from_file]
    if len(explicit) == 1:  # a `slug:` took a URL a file name already gives
        return f"choose another 'slug:' in {explicit[0].path}; the other URL may be published"
    names = " or ".join(f"slug: {slugs.slugify(slugs.entry_stem(e.path))}" for e in (first, other))
    return f"keep the URL already published; give the other entry its own, e.g. {names}"


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
