"""Quality gates on the example site's build: valid HTML, page weight, meta tags, base paths."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from screenshots import build_example  # tests/screenshots.py: one way to build the example

REPO = Path(__file__).resolve().parents[2]
VNU = REPO / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("example") / "site")


class Head(HTMLParser):
    """Collects <html lang>, <meta>, <link> and JSON-LD blocks and every href/src."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[object] = []
        self.urls: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and "content" in a:
            self.meta[a.get("property") or a.get("name", "")] = a["content"]
        elif tag == "link":
            self.links.append(a)
        elif tag == "script":
            self._in_ld = a.get("type") == "application/ld+json"
        self.urls += [a[k] for k in ("href", "src") if k in a]

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False

    def link(self, rel: str) -> dict[str, str]:
        return next(x for x in self.links if x.get("rel") == rel)


def head_of(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_passes_the_nu_html_checker(example: Path, tmp_path: Path) -> None:
    """One JVM run over every page; a deliberately broken page proves the checker bites."""
    java = shutil.which("java")
    assert java, "java is missing: .ci/run installs default-jre-headless"
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci --prefix tests/browser`"
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><head><title>x</title></head><body><p><div></p>")
    pages = sorted(example.rglob("*.html"))
    assert len(pages) > 50
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", *map(str, pages), str(broken)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    ours = [line for line in errors if "broken.html" not in line]
    assert ours == [], "\n".join(ours)
    assert any("broken.html" in line for line in errors), result.stderr


def test_home_page_and_css_stay_light(example: Path) -> None:
    css = (example / "style.css").stat().st_size
    home = example / "index.html"
    assert home.read_text(encoding="utf-8").count('<article class="card') == 10
    assert css < 20_000, f"style.css is {css} bytes"
    assert home.stat().st_size + css < 60_000


def test_pages_need_no_javascript_and_load_nothing_from_other_hosts(example: Path) -> None:
    for page in example.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", text)
        assert scripts == [], page
        assert re.findall(r'\ssrc="(?:https?:)?//[^"]*"', text) == [], page
        loaded = [x["href"] for x in head_of(page).links if x.get("rel") in {"stylesheet", "icon"}]
        assert loaded and all(u.startswith("/") for u in loaded), (page, loaded)


def test_home_counter_hero(example: Path) -> None:
    text = (example / "index.html").read_text(encoding="utf-8")
    hero = re.search(r'<h2 id="counter-heading".*?</h2>', text, re.S)
    assert hero is not None
    assert re.sub(r"<[^>]+>", "", hero.group(0)) == "39 of 1,000 rejections"
    assert '<progress max="1000" value="39" aria-labelledby="counter-heading">' in text
    stats = re.search(r'<ul class="stats">(.*?)</ul>', text, re.S)
    assert stats is not None
    line = " ".join(re.sub(r"<[^>]+>", "", stats.group(1)).split())
    assert line.startswith(
        "0 asks this month Latest: Rejection #39 53 asks 12 yeses 24% yes rate "
        "No streak running: one ask today starts one Pace: 1.5 rejections a week"
    )
    assert "Next milestone: <b>50</b>, 11 to go" in text
    assert "needed to finish by 31 May 2027" in line


def test_meta_tags_on_an_entry(example: Path) -> None:
    page = example / "asks" / "free-refill" / "index.html"
    head = head_of(page)
    assert head.lang == "en"
    assert head.link("canonical")["href"] == "https://example.org/asks/free-refill/"
    assert head.link("alternate")["href"] == "/feed.xml"
    assert head.link("icon")["href"] == "/favicon.svg"
    assert head.meta["og:type"] == "article"
    assert head.meta["og:url"] == "https://example.org/asks/free-refill/"
    assert (
        head.meta["og:title"]
        == head.meta["twitter:title"]
        == "Could I get a free refill on my coffee?"
    )
    assert head.meta["description"].startswith("A polite no costs nothing")
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:image"] == head.meta["twitter:image"]
    assert head.meta["og:image"] == "https://example.org/asks/free-refill/card.png"
    (posting,) = head.json_ld
    assert isinstance(posting, dict)
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Could I get a free refill on my coffee?"
    assert posting["datePublished"] == "2026-06-01T08:40:00+01:00"
    assert posting["author"] == {"@type": "Person", "name": "Sam Rivera"}
    assert posting["url"] == "https://example.org/asks/free-refill/"


def test_milestone_entry_celebrates_and_links_its_neighbours(example: Path) -> None:
    text = (example / "asks" / "free-refill" / "index.html").read_text(encoding="utf-8")
    assert "Milestone: rejection number 1!" in text
    assert 'rel="next"' in text and 'rel="prev"' not in text
    assert (
        '<span class="badge b-rejected"><span aria-hidden="true">✕</span> Rejected</span>' in text
    )
    assert "Ask #1" in text and "Rejection #1" in text


def test_faq_section_has_contents_anchors_and_faqpage_json_ld(example: Path) -> None:
    page = next((example / "faq").glob("*/index.html"))
    text = page.read_text(encoding="utf-8")
    (schema,) = head_of(page).json_ld
    assert isinstance(schema, dict) and schema["@type"] == "FAQPage"
    anchors = re.findall(r'<h2 id="([^"]+)">', text)
    questions = [a for a in anchors if a != "toc-h"]
    assert len(questions) == len(schema["mainEntity"]) > 0
    for anchor in questions:
        assert f'<li><a href="#{anchor}">' in text  # the contents list links every question


def test_journey_page_has_charts_with_text_alternatives(example: Path) -> None:
    text = (example / "journey" / "index.html").read_text(encoding="utf-8")
    for chart in ("chart-cumulative", "chart-months", "chart-heatmap-2026"):
        assert f'<svg class="chart" id="{chart}"' in text
        assert f'<title id="{chart}-t">' in text and f'<desc id="{chart}-d">' in text
    assert text.count("<details>") == 3 and text.count("<table") == 4
    tags = re.search(r'<table class="tag-table">.*?</table>', text, re.S)
    assert tags is not None
    asks = [int(n) for n in re.findall(r"</a></th><td>(\d+)</td>", tags.group(0))]
    assert asks == sorted(asks, reverse=True) and len(asks) > 5


def test_patterns_page_shows_a_flag_and_too_few_to_tell_with_text_alternatives(
    example: Path,
) -> None:
    """The example journey's own patterns: one group flagged, others too few to tell."""
    page = (example / "patterns" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Asks in the morning get a yes 1 time in 21, against about 1 in 4 overall." in text
    assert "9 nos in a row in #creative since 3 June." in text
    assert "too few asks to tell" in text
    charts = re.findall(r'<svg class="chart rates" id="([^"]+)"', page)
    assert charts == ["chart-tag", "chart-weekday", "chart-time", "chart-month", "chart-by-channel"]
    for chart in charts:
        assert f'<title id="{chart}-t">' in page and f'<desc id="{chart}-d">' in page
    assert page.count("<summary>Table: yes rate by") == len(charts)
    journey = (example / "journey" / "index.html").read_text(encoding="utf-8")
    assert 'href="/patterns/"' in journey


def test_a_base_url_with_a_path_prefixes_every_local_link(tmp_path: Path) -> None:
    site = build_example(tmp_path / "site", "--base-url", "https://me.github.io/journey/")
    for page in [
        site / "index.html",
        site / "journey" / "index.html",
        site / "patterns" / "index.html",
        *site.glob("asks/*/index.html"),
    ]:
        head = head_of(page)
        local = [u for u in head.urls if u.startswith("/")]
        assert local and all(u.startswith("/journey/") for u in local), page
        assert head.link("canonical")["href"].startswith("https://me.github.io/journey/")
