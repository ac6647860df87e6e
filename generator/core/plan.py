"""Site -> the list of pages to render, each with its template and context. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from .config import SiteConfig
from .findings import findings
from .model import Entry, Month, Outcome, Page, Site
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


def plan(site: Site, config: SiteConfig, urls: Urls, search_index: bool = False) -> list[Render]:
    """Every HTML page of the site; `search_index`: the Pagefind bundle will be there."""
    newest = site.entries[::-1]
    per_page = config.paginate
    renders = _paged("home", None, newest, "index.html", urls, per_page)
    for i, entry in enumerate(site.entries):
        older = site.entries[i - 1] if i > 0 else None
        newer = site.entries[i + 1] if i + 1 < len(site.entries) else None
        renders.append(
            Render(
                urls.path("entry", entry),
                "entry.html",
                {"entry": entry, "prev": older, "next": newer},
            )
        )
    renders.append(Render(urls.path("tags"), "tags.html", {}))
    for tag in site.tags:
        renders += _paged("tag", tag, tag.entries[::-1], "tag.html", urls, per_page, tag=tag)
    for outcome in Outcome:
        chosen = tuple(e for e in newest if e.outcome is outcome)
        renders.append(
            Render(
                urls.path("outcome", outcome),
                "outcome.html",
                {"outcome": outcome, "entries": chosen},
            )
        )
    renders.append(
        Render(urls.path("archive"), "archive.html", {"years": years(site.journey.months)})
    )
    renders.append(Render(urls.path("journey"), "journey.html", {}))
    if site.patterns is not None and not config.patterns.private:
        context = {"patterns": site.patterns, "findings": findings(site.patterns)}
        renders.append(Render(urls.path("patterns"), "patterns.html", context))
    renders.append(
        Render(
            urls.path("lessons"), "lessons.html", {"entries": [e for e in site.entries if e.lesson]}
        )
    )
    renders.append(Render(urls.path("faq"), "faq_index.html", {}))
    for section in site.faq:
        renders.append(Render(urls.path("faq", section), "faq_section.html", {"faq": section}))
    for page in site.pages:
        renders.append(Render(urls.path("page", page), "page.html", {"page": page}))
    if config.search:
        renders.append(Render(urls.path("search"), "search.html", {"search_index": search_index}))
    renders.append(Render(urls.path("404"), "404.html", {}))
    return renders
