"""Feeds for followers: Atom (site and per tag), JSON Feed 1.1 and the counter badge."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitecheck import parse_html
from support import FIXTURES, entry, run_cli

SMALL = FIXTURES / "sites" / "small"
BASE = "https://example.org/journey/"
A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("feeds") / "site"
    result = run_cli("-C", SMALL, "build", "--out", out, "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    return out


def atom_feeds(out: Path) -> list[Path]:
    return [out / "feed.xml", *sorted((out / "tags").glob("*/feed.xml"))]


def check_atom(path: Path) -> list[str]:
    """Atom 1.0 (RFC 4287) required elements, unique ids, RFC 3339 dates, absolute links."""
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{A}{name}") or "").strip(), f"{path}: feed has no {name}"
    assert RFC3339.match(feed.findtext(f"{A}updated") or "")
    self_links = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert len(self_links) == 1
    entries = feed.findall(f"{A}entry")
    assert entries, f"{path}: no entries"
    feed_author = feed.find(f"{A}author/{A}name") is not None
    ids = []
    for item in entries:
        for name in ("id", "title", "updated"):
            assert (item.findtext(f"{A}{name}") or "").strip(), f"{path}: entry without {name}"
        for name in ("updated", "published"):
            assert RFC3339.match(item.findtext(f"{A}{name}") or ""), item.findtext(f"{A}{name}")
        assert feed_author or item.find(f"{A}author") is not None
        alternate = [
            x for x in item.findall(f"{A}link") if x.get("rel", "alternate") == "alternate"
        ]
        assert alternate or item.find(f"{A}content") is not None
        ids.append(item.findtext(f"{A}id"))
    assert len(ids) == len(set(ids)), f"{path}: duplicate entry ids"
    for element in feed.iter():
        if element.tag == f"{A}link":
            assert element.get("href", "").startswith(BASE), element.get("href")
    assert feed.findtext(f"{A}id", "").startswith(BASE)
    return ids


def test_every_atom_feed_is_valid_atom_with_absolute_links(built: Path) -> None:
    feeds = atom_feeds(built)
    assert built / "tags" / "food" / "feed.xml" in feeds and len(feeds) > 3
    feed_ids = [ET.parse(p).getroot().findtext(f"{A}id") for p in feeds]
    assert len(feed_ids) == len(set(feed_ids)), "two feeds share an id"
    for path in feeds:
        check_atom(path)


def test_a_tag_feed_holds_exactly_that_tags_entries(built: Path) -> None:
    feed = ET.parse(built / "tags" / "food" / "feed.xml").getroot()
    assert feed.findtext(f"{A}title") == "Small Journey: Food"
    for item in feed.findall(f"{A}entry"):
        terms = [c.get("term") for c in item.findall(f"{A}category")]
        assert "food" in terms
    tag_page = parse_html(built / "tags" / "food" / "index.html")
    assert "/journey/tags/food/feed.xml" in tag_page.links


def test_milestone_and_yes_feeds_hold_only_those_asks(built: Path) -> None:
    pages = {p.parent.name: p.read_text() for p in (built / "asks").glob("*/index.html")}
    for name, marker in (("yeses.xml", " is-yes"), ("milestones.xml", 'class="milestone"')):
        feed = ET.parse(built / name).getroot()
        links = {x.get("href") for x in feed.iter(f"{A}link") if x.get("rel") == "alternate"}
        chosen = {f"{BASE}asks/{slug}/" for slug, html in pages.items() if marker in html}
        assert chosen and links - {feed.find(f"{A}link[@rel='alternate']").get("href")} == chosen
        check_atom(built / name)
    home = parse_html(built / "index.html")
    assert {"/journey/milestones.xml", "/journey/yeses.xml"} <= set(home.links)


def feed_items(site: Path) -> dict[str, str]:
    """Atom entry id -> title."""
    root = ET.parse(site / "site" / "feed.xml").getroot()
    return {
        e.findtext(f"{A}id") or "": e.findtext(f"{A}title") or "" for e in root.iter(f"{A}entry")
    }


def test_entry_ids_are_stable_when_the_journey_grows(tmp_path: Path) -> None:
    site = tmp_path / "s"
    shutil.copytree(SMALL, site)
    assert run_cli("-C", site, "build").returncode == 0
    before = feed_items(site)
    (site / "content/entries/2026-03-08-new.md").write_text(
        entry(date="2026-03-08 09:00", ask="Could I have a new ask?"), "utf-8"
    )
    assert run_cli("-C", site, "build").returncode == 0
    after = feed_items(site)
    assert len(after) == len(before) + 1 and "Could I have a new ask?" in after.values()
    assert {k: after[k] for k in before} == before  # every old entry keeps its id


def test_json_feed_has_every_required_field(built: Path) -> None:
    feed = json.loads((built / "feed.json").read_text("utf-8"))
    # JSON Feed 1.1: version, title and items are required; each item needs an id and
    # content_html or content_text; urls are absolute; dates are RFC 3339.
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["home_page_url"] == BASE
    assert feed["feed_url"] == BASE + "feed.json"
    assert feed["items"]
    ids = [item["id"] for item in feed["items"]]
    assert all(isinstance(i, str) and i for i in ids) and len(ids) == len(set(ids))
    for item in feed["items"]:
        assert item.get("content_html") or item.get("content_text")
        assert item["url"].startswith(BASE + "asks/")
        for key in ("date_published", "date_modified"):
            assert RFC3339.match(item[key]), item[key]
        assert isinstance(item.get("tags", []), list)
    atom_ids = check_atom(built / "feed.xml")
    assert ids == atom_ids, "the JSON Feed and the Atom feed should list the same entries"


def test_every_page_links_its_feeds(built: Path) -> None:
    head = (built / "index.html").read_text("utf-8").split("</head>")[0]
    assert 'type="application/feed+json"' in head and "/journey/feed.json" in head
    assert 'type="application/atom+xml"' in head and "/journey/feed.xml" in head
    tag_head = (built / "tags" / "food" / "index.html").read_text("utf-8").split("</head>")[0]
    assert 'href="/journey/tags/food/feed.xml"' in tag_head


def test_counter_badge_shows_the_count_toward_the_goal(tmp_path: Path) -> None:
    site = tmp_path / "s"
    shutil.copytree(SMALL, site)
    yaml = (site / "site.yaml").read_text("utf-8").replace("goal: 5", "goal: 1000")
    (site / "site.yaml").write_text(yaml.replace("milestones: [1, 3, 5]", ""), "utf-8")
    assert run_cli("-C", site, "build").returncode == 0
    journey = json.loads((site / "site" / "journey.json").read_text("utf-8"))
    svg = ET.parse(site / "site" / "counter.svg").getroot()
    label = f"{journey['rejections']} / 1,000 rejections"
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("aria-label") == label
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == label
    # the badge is regenerated by each build: one more rejection, one more on the badge
    (site / "content/entries/2026-03-09-no.md").write_text(
        entry(date="2026-03-09 09:00", ask="Could I skip the queue?", outcome="rejected"), "utf-8"
    )
    assert run_cli("-C", site, "build").returncode == 0
    svg = ET.parse(site / "site" / "counter.svg").getroot()
    assert svg.get("aria-label") == f"{journey['rejections'] + 1} / 1,000 rejections"
