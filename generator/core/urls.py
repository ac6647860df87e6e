"""The single source of URLs and output paths; base_url (with its path) included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from .model import Outcome


def _slug_of(target: Any) -> str:
    if isinstance(target, Outcome):
        return target.value
    slug = getattr(target, "slug", None)
    return str(slug if slug is not None else target)


def _paged(path: str, page: int) -> str:
    return path if page <= 1 else f"{path}page/{page}/"


def _card(target: Any) -> str:
    """The share card of an entry, of the journey page ("journey") or of the site (None)."""
    if target is None:
        return "/card.png"
    if isinstance(target, str):
        return f"/{target}/card.png"
    return f"/asks/{_slug_of(target)}/card.png"


ROUTES: dict[str, Callable[[Any, int], str]] = {
    "home": lambda t, p: _paged("/", p),
    "entry": lambda t, p: f"/asks/{_slug_of(t)}/",
    "tags": lambda t, p: "/tags/",
    "tag": lambda t, p: _paged(f"/tags/{_slug_of(t)}/", p),
    "tag_feed": lambda t, p: f"/tags/{_slug_of(t)}/feed.xml",
    "milestones_feed": lambda t, p: "/milestones.xml",
    "yeses_feed": lambda t, p: "/yeses.xml",
    "card": lambda t, p: _card(t),
    "outcome": lambda t, p: _paged(f"/outcomes/{_slug_of(t)}/", p),
    "archive": lambda t, p: _paged("/archive/", p),
    "journey": lambda t, p: "/journey/",
    "patterns": lambda t, p: "/patterns/",
    "lessons": lambda t, p: _paged("/lessons/", p),
    "faq": lambda t, p: f"/faq/{_slug_of(t)}/" if t is not None else "/faq/",
    "page": lambda t, p: f"/{_slug_of(t)}/",
    "search": lambda t, p: "/search/",
    "feed": lambda t, p: "/feed.xml",
    "json_feed": lambda t, p: "/feed.json",
    "journey_json": lambda t, p: "/journey.json",
    "counter_svg": lambda t, p: "/counter.svg",
    "sitemap": lambda t, p: "/sitemap.xml",
    "static": lambda t, p: f"/{str(t).lstrip('/')}",
    "404": lambda t, p: "/404.html",
}


@dataclass(frozen=True)
class Urls:
    base_url: str  # absolute, ending in "/"

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def path(self, name: str, target: Any = None, page: int = 1) -> str:
        """Site path of a page, relative to base_url: '/asks/x/'."""
        try:
            route = ROUTES[name]
        except KeyError:
            raise ValueError(f"url_for: unknown page kind '{name}'") from None
        return route(target, page)

    def url_for(self, name: str, target: Any = None, page: int = 1, absolute: bool = False) -> str:
        """The href to use in a page: base path included, percent-encoded; or absolute."""
        # The base path is kept as written (its %20 stays %20); only the page's own part
        # is encoded here.
        base = quote(self.base_path.rstrip("/"), safe="/%")
        href = base + quote(self.path(name, target, page), safe="/#")
        return self.origin + href if absolute else href

    def absolute(self, href: str) -> str:
        return self.origin + href if href.startswith("/") else href


def output_path(site_path: str) -> str:
    """'/asks/x/' -> 'asks/x/index.html'; '/feed.xml' -> 'feed.xml'."""
    rel = site_path.lstrip("/")
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def site_path_of(output: str) -> str:
    """Inverse of output_path, for sitemaps and link checks."""
    if output == "index.html":
        return "/"
    if output.endswith("/index.html"):
        return "/" + output[: -len("index.html")]
    return "/" + output
