"""Site -> the list of pages to render, each with its template and context. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from .config import SiteConfig
from .findings import findings
from .journey import YES_OUTCOMES
from .model import Entry, Month, Outcome, Page, Site
from .related import related
from .urls import Urls


@dataclass(frozen=True)
class Paginator:
    number: int
    total_pages: int
    total_items: int
    items: tuple[Entry, ...]
    urls: tuple[str, ...]  # href of every page, 1-based order

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.total_pages else None


@dataclass(frozen=True)
class Render:
    path: str  # site path, e.g. "/asks/x/"
    template: str
    context: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class Year:
    year: int
    asks: int
    months: tuple[Month, ...]


@dataclass(frozen=True)
class SiteView:
    """The `site` object templates receive: config values plus the assembled content."""

    config: SiteConfig
    model: Site
    outcomes: tuple[Outcome, ...] = tuple(Outcome)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.config, name)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.model.entries

    @property
    def tags(self) -> Any:
        return self.model.tags

    @property
    def faq(self) -> Any:
        return self.model.faq

    @property
    def pages(self) -> tuple[Page, ...]:
        return self.model.pages

    @property
    def menu(self) -> list[Page]:
        return sorted((p for p in self.model.pages if p.menu is not None), key=_menu_key)


def _menu_key(page: Page) -> tuple[int, str]:
    return (page.menu or 0, page.slug)


def paginate(items: Sequence[Entry], per_page: int, href: Callable[[int], str]) -> list[Paginator]:
    total = max(math.ceil(len(items) / per_page), 1)
    urls = tuple(href(n) for n in range(1, total + 1))
    return [
        Paginator(n, total, len(items), tuple(items[(n - 1) * per_page : n * per_page]), urls)
        for n in range(1, total + 1)
    ]


def _paged(
    name: str,
    target: Any,
    items: Sequence[Entry],
    template: str,
    urls: Urls,
    per_page: int,
    **context: Any,
) -> list[Render]:
    pages = paginate(items, per_page, lambda n: urls.url_for(name, target, page=n))
    return [
        Render(urls.path(name, target, p.number), template, {"paginator": p, **context})
        for p in pages
    ]


def years(months: Sequence[Month]) -> tuple[Year, ...]:
    """Months grouped by year, newest first."""
    newest_first = sorted(months, key=lambda m: m.key, reverse=True)
    return tuple(
        Year(year, sum(m.figures.asks for m in group), tuple(group))
        for year, group in ((y, list(g)) for y, g in groupby(newest_first, key=lambda m: m.year))
    )


# Long lists split into pages of this many items so no page outgrows ~150 KB at 1,000 asks.
LIST_PAGE = 60
LESSONS_PAGE = 100
ARCHIVE_PAGE = 250


def archive_pages(months: Sequence[Month], per_page: int, urls: Urls) -> list[Render]:
    """The archive, newest first, in pages of whole months of about `per_page` asks;
    every page jumps to every month (`jumps`: month key -> href with its anchor)."""
    chunks: list[list[Month]] = []
    size = per_page
    for month in sorted(months, key=lambda m: m.key, reverse=True):
        if size + month.figures.asks > per_page and size:
            chunks.append([])
            size = 0
        chunks[-1].append(month)
        size += month.figures.asks
    chunks = chunks or [[]]
    hrefs = tuple(urls.url_for("archive", None, page=n) for n in range(1, len(chunks) + 1))
    jumps = {m.key: f"{hrefs[n]}#m{m.key}" for n, chunk in enumerate(chunks) for m in chunk}
    every = years(months)
    return [
        Render(
            urls.path("archive", None, n),
            "archive.html",
            {
                "years": years(chunk),
                "all_years": every,
                "jumps": jumps,
                "paginator": Paginator(n, len(chunks), len(months), (), hrefs),
            },
        )
        for n, chunk in enumerate(chunks, 1)
    ]


def cards(site: Site, urls: Urls) -> list[Render]:
    """The share cards (og:image): one per entry, the home page's and the journey page's."""
    renders = [
        Render(urls.path("card", e), "card.svg", {"kind": "entry", "entry": e})
        for e in site.entries
    ]
    renders.append(Render(urls.path("card"), "card.svg", {"kind": "home"}))
    renders.append(Render(urls.path("card", "journey"), "card.svg", {"kind": "journey"}))
    return renders


def plan(site: Site, config: SiteConfig, urls: Urls, search_index: bool = False) -> list[Render]:
    """Every page and share card of the site; `search_index`: the Pagefind bundle will be there."""
    newest = site.entries[::-1]
    per_page = config.paginate
    renders = _paged("home", None, newest, "index.html", urls, per_page)
    near = related(site.entries)
    for i, entry in enumerate(site.entries):
        older = site.entries[i - 1] if i > 0 else None
        newer = site.entries[i + 1] if i + 1 < len(site.entries) else None
        renders.append(
            Render(
                urls.path("entry", entry),
                "entry.html",
                {"entry": entry, "prev": older, "next": newer, "related": near[entry.path]},
            )
        )
    renders.append(Render(urls.path("tags"), "tags.html", {}))
    for tag in site.tags:
        renders += _paged("tag", tag, tag.entries[::-1], "tag.html", urls, per_page, tag=tag)
    for outcome in Outcome:
        # The wall of yeses (accepted) shows partial yeses too, as the counter counts them.
        shown = YES_OUTCOMES if outcome is Outcome.ACCEPTED else {outcome}
        chosen = tuple(e for e in newest if e.outcome in shown)
        renders += _paged(
            "outcome", outcome, chosen, "outcome.html", urls, LIST_PAGE, outcome=outcome
        )
    renders += archive_pages(site.journey.months, ARCHIVE_PAGE, urls)
    renders.append(Render(urls.path("journey"), "journey.html", {}))
    if site.patterns is not None and not config.patterns.private:
        context = {"patterns": site.patterns, "findings": findings(site.patterns)}
        renders.append(Render(urls.path("patterns"), "patterns.html", context))
    lessons = [e for e in site.entries if e.lesson]
    renders += _paged("lessons", None, lessons, "lessons.html", urls, LESSONS_PAGE)
    renders.append(Render(urls.path("faq"), "faq_index.html", {}))
    for section in site.faq:
        renders.append(Render(urls.path("faq", section), "faq_section.html", {"faq": section}))
    for page in site.pages:
        renders.append(Render(urls.path("page", page), "page.html", {"page": page}))
    if config.search:
        renders.append(Render(urls.path("search"), "search.html", {"search_index": search_index}))
    renders.append(Render(urls.path("404"), "404.html", {}))
    return renders + (cards(site, urls) if config.share_cards else [])
