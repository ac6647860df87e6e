"""A site published under a subpath (https://user.github.io/journey/) works in a real browser."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urlsplit

import pytest

if TYPE_CHECKING:
    from conftest import StaticServer
    from playwright.sync_api import Browser, Page, Request, Response

REPO = Path(__file__).resolve().parents[2]
# Every element that makes the browser fetch or navigate somewhere.
REFS = """els => els.map(e => new URL(
    e.getAttribute(e.hasAttribute('href') ? 'href' : 'src'), document.baseURI).href)"""
SELECTOR = "a[href], link[href], img[src], script[src]"


BUNDLE_ENTRY = """---
date: 2026-06-20 09:00
ask: Could I sit in the cockpit for a photo?
outcome: rejected
lesson: Ask the crew before boarding.
---
![Me, outside the cockpit](photo.png)
"""
LINKED_ENTRY = """---
date: 2026-06-21 09:00
ask: Could I link my own pages?
outcome: accepted
lesson: Links written from the site root work under a subpath too.
---
Like [the free refill](/asks/free-refill/) and [the cockpit](/asks/cockpit/).

![A chart](/images/chart.png)
"""


def png(width: int, height: int) -> bytes:
    """A real, tiny grey PNG: the browser must decode it (naturalWidth > 0)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory, static_server_session: StaticServer) -> str:
    """The example journey with search on, built for /journey/ and served under /journey/."""
    root = tmp_path_factory.mktemp("subpath")
    shutil.copytree(REPO / "content", root / "content")
    # A bundle entry with its photo, and an entry whose story links root-relative.
    bundle = root / "content/entries/2026/2026-06-20-cockpit"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(BUNDLE_ENTRY, "utf-8")
    (bundle / "photo.png").write_bytes(png(3, 2))
    (root / "static/images").mkdir(parents=True)
    (root / "static/images/chart.png").write_bytes(png(4, 4))
    (root / "content/entries/2026/2026-06-21-linked.md").write_text(LINKED_ENTRY, "utf-8")
    config = (REPO / "site.yaml").read_text("utf-8")
    config = config.replace(
        "base_url: https://example.org/", "base_url: https://user.github.io/journey/"
    )
    (root / "site.yaml").write_text(config + "search: true\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(root), "build"],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1796083200"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "site" / "pagefind" / "pagefind-ui.js").is_file(), "pagefind did not run"
    return static_server_session(root / "site", prefix="/journey/")


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page that records every failed request, HTTP error and third-party request."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []

    def on_failed(request: Request) -> None:
        # A request cut short by the next navigation is not a failure; every linked asset
        # is also fetched on its own by the crawl below.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response: Response) -> None:
        if not 200 <= response.status < 300:
            problems.append(f"HTTP {response.status}: {response.url} (from {page.url})")

    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    try:
        yield page, problems
    finally:
        context.close()


def is_page(url: str) -> bool:
    return url.endswith("/") or url.endswith(".html")


@pytest.mark.browser
def test_every_page_link_and_asset_loads_under_the_subpath(
    journey: str, watched: tuple[Page, list[str]]
) -> None:
    page, problems = watched
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(journey))
    third_party: list[str] = []
    page.on(
        "request",
        lambda r: third_party.append(r.url) if not r.url.startswith((origin, "data:")) else None,
    )
    queue, seen, fetched = [journey], {journey}, set()
    while queue:
        url = queue.pop()
        response = page.goto(url, wait_until="load")
        assert response is not None
        for ref in page.eval_on_selector_all(SELECTOR, REFS):
            target = urldefrag(ref).url
            if not target.startswith(origin):
                continue  # a link to another site: never followed
            if target.startswith(journey) and is_page(target):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
            elif target not in fetched:  # feeds, the badge, favicon, stylesheet, a stray /x/
                fetched.add(target)
                status = page.request.get(target).status
                if not 200 <= status < 300:
                    problems.append(f"HTTP {status}: {target} (linked from {url})")
    assert problems == []
    assert third_party == []
    # the crawl really went everywhere: every entry, tag and FAQ page, feeds and the badge
    assert len(seen) >= 80
    for path in ("asks/free-refill/", "faq/getting-started/", "search/", "tags/food/"):
        assert journey + path in seen
    for path in ("feed.xml", "feed.json", "style.css", "favicon.svg", "tags/food/feed.xml"):
        assert journey + path in fetched
    # root-relative links and images in a story, and a bundle's photo, under the subpath
    for path in ("asks/cockpit/photo.png", "images/chart.png"):
        assert journey + path in fetched
    assert journey + "asks/cockpit/" in seen


@pytest.mark.browser
def test_story_images_load_under_the_subpath(journey: str, watched: tuple[Page, list[str]]) -> None:
    page, problems = watched
    for path, image in (("asks/cockpit/", "photo.png"), ("asks/linked/", "images/chart.png")):
        page.goto(journey + path, wait_until="load")
        img = page.locator(f'.story img[src$="{image}"]')
        assert img.evaluate("i => i.complete && i.naturalWidth") > 0
    links = page.eval_on_selector_all(".story a[href]", "els => els.map(e => e.href)")
    assert links == [journey + "asks/free-refill/", journey + "asks/cockpit/"]
    assert problems == []


@pytest.mark.browser
def test_search_finds_asks_and_filters_by_outcome_and_tag(
    journey: str, watched: tuple[Page, list[str]]
) -> None:
    page, problems = watched
    page.goto(journey + "search/")
    page.fill(".pagefind-ui__search-input", "discount")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for()
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and all(h.startswith(journey + "asks/") for h in hrefs)
    # Filters by outcome and by tag, with the example journey's values, asked of the
    # index through Pagefind's own API: when its UI draws the checkboxes is its business
    # (under load it sometimes had not after 30 s, with search results already shown).
    filters = page.evaluate(
        """async (bundle) => {
            const pagefind = await import(bundle + "pagefind.js");
            await pagefind.init();
            return await pagefind.filters();
        }""",
        journey + "pagefind/",
    )
    assert "Rejected" in filters["outcome"] and "money" in filters["tag"]
    rejected = page.evaluate(
        """async (bundle) => {
            const pagefind = await import(bundle + "pagefind.js");
            const found = await pagefind.search(null, {filters: {outcome: "Rejected"}});
            const data = await Promise.all(found.results.map((r) => r.data()));
            return data.map((d) => d.meta.outcome);
        }""",
        journey + "pagefind/",
    )
    assert rejected and set(rejected) == {"Rejected"}
    first.click()
    page.wait_for_url(journey + "asks/**")
    assert "discount" in page.content().lower()
    assert problems == []
