"""Machine-readable outputs: Atom feeds, JSON Feed, journey.json, counter badge, sitemap, robots."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..core.config import SiteConfig
from ..core.dates import rfc3339
from ..core.model import Entry, FaqSection, Site, Tag
from ..core.urls import Urls
from .badge import counter_svg
from .patternsdata import patterns_data
from .xmltext import escape, quoteattr

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def updated(site: Site) -> dt.datetime:
    """The newest entry's date, or 'now' for an empty journey: never the wall clock."""
    if site.entries:
        return max(e.answered or e.date for e in site.entries)
    assert site.journey.now is not None
    return site.journey.now


def entry_html(entry: Entry) -> str:
    """The feed body: the ask, its outcome, the story and the lesson."""
    parts = [
        f"<p><strong>Ask #{entry.ask_number}:</strong> {html.escape(entry.ask)}</p>",
        f"<p><strong>Outcome:</strong> {html.escape(entry.outcome.label)}</p>",
        entry.body_html,
    ]
    if entry.lesson:
        parts.append(f"<p><strong>Lesson:</strong> {html.escape(entry.lesson)}</p>")
    return "\n".join(parts)


def atom(
    config: SiteConfig,
    urls: Urls,
    entries: Sequence[Entry],
    when: dt.datetime,
    title: str,
    self_url: str,
    alternate: str,
    fragments: dict[str, str] | None = None,
) -> bytes:
    """An Atom 1.0 feed; `fragments` shares each entry's XML between the feeds of one build."""
    fragments = fragments if fragments is not None else {}
    head = [
        f'<feed xmlns="{ATOM}" xml:lang={quoteattr(config.language)}>',
        f"  <id>{escape(alternate)}</id>",
        f"  <title>{escape(title)}</title>",
    ]
    if config.description:
        head.append(f"  <subtitle>{escape(config.description)}</subtitle>")
    head += [
        f"  <updated>{rfc3339(when)}</updated>",
        f'  <link rel="self" href={quoteattr(self_url)} type="application/atom+xml" />',
        f'  <link rel="alternate" href={quoteattr(alternate)} type="text/html" />',
        f"  <author>\n    <name>{escape(config.author or config.title)}</name>\n  </author>",
        "  <generator>asklog</generator>",
    ]
    for entry in entries:
        if entry.path not in fragments:
            fragments[entry.path] = _atom_entry(entry, urls)
        head.append(fragments[entry.path])
    head.append("</feed>")
    return (XML_DECLARATION + "\n".join(head) + "\n").encode()


def _atom_entry(entry: Entry, urls: Urls) -> str:
    url = urls.url_for("entry", entry, absolute=True)
    lines = [
        "  <entry>",
        f"    <id>{escape(url)}</id>",
        f"    <title>{escape(entry.title)}</title>",
        f'    <link rel="alternate" href={quoteattr(url)} type="text/html" />',
        f"    <published>{rfc3339(entry.date)}</published>",
        f"    <updated>{rfc3339(entry.answered or entry.date)}</updated>",
    ]
    lines += [
        f"    <category term={quoteattr(t.slug)} label={quoteattr(t.label)} />" for t in entry.tags
    ]
    if entry.lesson:
        lines.append(f"    <summary>{escape(entry.lesson)}</summary>")
    lines.append(f'    <content type="html">{escape(entry_html(entry))}</content>')
    lines.append("  </entry>")
    return "\n".join(lines)


def journey_data(site: Site, config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """The counter as JSON for widgets and badges (SPEC 4); also `asklog stats --json`."""
    j = site.journey
    milestones: list[dict[str, Any]] = []
    for m in j.milestones:
        item: dict[str, Any] = {"number": m.number, "reached": m.reached}
        if m.entry is not None:
            item["url"] = urls.url_for("entry", m.entry, absolute=True)
            item["date"] = rfc3339(m.entry.date)
        milestones.append(item)
    pace = j.pace
    return {
        "title": config.title,
        "url": urls.url_for("home", absolute=True),
        "goal": j.goal,
        "count": j.count,
        "counted": j.counted,
        "asks": j.asks,
        "rejections": j.rejections,
        "yeses": j.yeses,
        "pending": j.figures.pending,
        "yes_rate": _rate(j.yes_rate),
        "progress": round(j.progress, 6),
        "remaining": j.remaining,
        "outcomes": j.outcomes,
        "streak": {"current": j.streaks.current, "longest": j.streaks.longest},
        "milestones": milestones,
        "pace": {
            "start": pace.start.isoformat() if pace.start else None,
            "end": pace.end.isoformat() if pace.end else None,
            "asks_per_week": round(pace.asks_per_week, 3),
            "rejections_per_week": round(pace.rejections_per_week, 3),
            "needed_per_week": _rate(pace.needed_per_week),
            "projected_finish": pace.projected_finish.isoformat()
            if pace.projected_finish
            else None,
        },
        "tags": {
            t.slug: {
                "label": t.label,
                "asks": t.figures.asks,
                "rejections": t.figures.rejections,
                "yeses": t.figures.yeses,
                "yes_rate": _rate(t.figures.yes_rate),
            }
            for t in site.tags
        },
        **(
            {"patterns": patterns_data(site.patterns, urls)}
            if site.patterns is not None and not config.patterns.private
            else {}
        ),
        "updated": rfc3339(updated(site)),
    }


def faq_schema(section: FaqSection) -> list[dict[str, Any]]:
    """schema.org FAQPage mainEntity for one FAQ section."""
    return [
        {
            "@type": "Question",
            "name": q.text,
            "acceptedAnswer": {"@type": "Answer", "text": q.answer_html.strip()},
        }
        for q in section.questions
    ]


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def journey_json(site: Site, config: SiteConfig, urls: Urls) -> bytes:
    data = journey_data(site, config, urls)
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


def sitemap(urls: Urls, pages: Iterable[str]) -> bytes:
    locs = (urls.absolute(urls.url_for("static", p.lstrip("/"))) for p in sorted(pages))
    body = "".join(f"  <url>\n    <loc>{escape(loc)}</loc>\n  </url>\n" for loc in locs)
    return f'{XML_DECLARATION}<urlset xmlns="{SITEMAP}">\n{body}</urlset>\n'.encode()


def robots(urls: Urls) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.url_for('sitemap', absolute=True)}\n".encode()


JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(site: Site, config: SiteConfig, urls: Urls, entries: Sequence[Entry]) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the latest entries."""
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": config.title,
        "home_page_url": urls.url_for("home", absolute=True),
        "feed_url": urls.url_for("json_feed", absolute=True),
        "language": config.language,
    }
    if config.description:
        feed["description"] = config.description
    feed["authors"] = [{"name": config.author or config.title}]
    feed["items"] = [_json_item(entry, urls) for entry in entries]
    return (json.dumps(feed, indent=2, ensure_ascii=False) + "\n").encode()


def _json_item(entry: Entry, urls: Urls) -> dict[str, Any]:
    url = urls.url_for("entry", entry, absolute=True)
    item: dict[str, Any] = {
        "id": url,  # the same id as the Atom entry, so readers can match them
        "url": url,
        "title": entry.title,
        "content_html": entry_html(entry),
        "date_published": rfc3339(entry.date),
        "date_modified": rfc3339(entry.answered or entry.date),
    }
    if entry.lesson:
        item["summary"] = entry.lesson
    if entry.tags:
        item["tags"] = [t.label for t in entry.tags]
    return item


def tag_feed(
    config: SiteConfig, urls: Urls, tag: Tag, fragments: dict[str, str] | None = None
) -> bytes:
    """An Atom feed of one tag's latest entries, for followers of a single topic."""
    latest = tag.entries[::-1][: config.feed.entries]
    when = max(e.answered or e.date for e in tag.entries)
    return atom(
        config,
        urls,
        latest,
        when,
        f"{config.title}: {tag.label}",
        urls.url_for("tag_feed", tag, absolute=True),
        urls.url_for("tag", tag, absolute=True),
        fragments,
    )


def feed_files(
    site: Site, config: SiteConfig, urls: Urls, html_pages: Iterable[str]
) -> dict[str, bytes]:
    """Every non-HTML output by site path."""
    latest = site.entries[::-1][: config.feed.entries]
    fragments: dict[str, str] = {}
    files = {
        "/feed.xml": atom(
            config,
            urls,
            latest,
            updated(site),
            config.title,
            urls.url_for("feed", absolute=True),
            urls.url_for("home", absolute=True),
            fragments,
        ),
        "/feed.json": json_feed(site, config, urls, latest),
        "/journey.json": journey_json(site, config, urls),
        "/counter.svg": counter_svg(site.journey),
        "/sitemap.xml": sitemap(urls, (p for p in html_pages if p.endswith("/"))),
        "/robots.txt": robots(urls),
    }
    for tag in site.tags:
        files[urls.path("tag_feed", tag)] = tag_feed(config, urls, tag, fragments)
    milestones = [e for e in site.entries if e.milestone is not None]
    yeses = [e for e in site.entries if e.yes_number is not None]
    for name, chosen, title, page in (
        ("milestones_feed", milestones, "milestones", urls.url_for("journey", absolute=True)),
        ("yeses_feed", yeses, "yeses", urls.url_for("outcome", "accepted", absolute=True)),
    ):
        files[urls.path(name)] = _chosen_feed(site, config, urls, chosen, name, title, page)
    return files


def _chosen_feed(
    site: Site,
    config: SiteConfig,
    urls: Urls,
    chosen: Sequence[Entry],
    name: str,
    title: str,
    alternate: str,
) -> bytes:
    """An Atom feed of some asks only (milestones, yeses): few posts for light followers."""
    latest = chosen[::-1][: config.feed.entries]
    when = max((e.answered or e.date for e in chosen), default=updated(site))
    return atom(
        config,
        urls,
        latest,
        when,
        f"{config.title}: {title}",
        urls.url_for(name, absolute=True),
        alternate,
    )
