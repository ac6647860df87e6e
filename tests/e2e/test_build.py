"""The real CLI on the small fixture site, read back from the built files."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitecheck import broken_links, parse_html, tree
from support import FIXTURES, run_cli

SMALL = FIXTURES / "sites" / "small"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small") / "site"
    result = run_cli("-C", SMALL, "build", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def text(out: Path, rel: str) -> str:
    return (out / rel).read_text("utf-8")


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_summary_names_drafts_and_future_entries(tmp_path: Path) -> None:
    result = run_cli("-C", SMALL, "build", "--out", tmp_path / "o")
    line, pending = result.stdout.strip().splitlines()[-2:]
    assert pending.startswith("1 ask pending for more than 14 days")
    assert line.startswith("Built 30 pages (7 entries) in ")
    assert "54 files written, 0 unchanged, 0 removed" in line  # 9 share cards, 2 feeds
    assert "1 draft left out" in line and "(s)" not in line
    assert "content/entries/2027-01-05-future.md (2027-01-05 10:00)" in line


def test_journey_json_holds_the_counter(built: Path) -> None:
    data = json.loads(text(built, "journey.json"))
    assert data["goal"] == 5 and data["count"] == "rejections"
    assert (data["asks"], data["rejections"], data["yeses"]) == (7, 4, 2)
    assert data["yes_rate"] == pytest.approx(2 / 6, abs=1e-6)
    assert data["progress"] == pytest.approx(0.8) and data["remaining"] == 1
    assert data["outcomes"] == {
        "rejected": 3,
        "no-answer": 1,
        "accepted": 1,
        "partial": 1,
        "pending": 1,
    }
    assert data["streak"] == {"current": 0, "longest": 6}
    assert [(m["number"], m["reached"]) for m in data["milestones"]] == [
        (1, True),
        (3, True),
        (5, False),
    ]
    assert data["milestones"][1]["url"] == "https://example.org/asks/photo/"
    assert data["tags"]["strangers"] == {
        "label": "Strangers",
        "asks": 3,
        "rejections": 3,
        "yeses": 0,
        "yes_rate": 0.0,
    }
    assert data["updated"] == "2026-03-06T21:00:00+00:00"


def test_home_page_shows_the_counter_and_paginates(built: Path) -> None:
    home = squash(text(built, "index.html"))
    assert "4 of 5 rejections" in home
    assert "7 asks 2 yeses 33% yes rate" in home
    # 7 entries, 3 per page: newest first on page 1, oldest on page 3.
    assert "Would you dance one song with me?" in home
    assert "Could I have a free coffee?" in squash(text(built, "page/3/index.html"))
    assert not (built / "page/4").exists()


def test_entry_page_has_numbers_milestone_and_neighbours(built: Path) -> None:
    page = squash(text(built, "asks/photo/index.html"))
    assert "Ask #5 Rejection #3" in page
    assert "Milestone" in page and "number 3" in page
    assert "Ask before boarding." in page
    links = parse_html(built / "asks/photo/index.html").links
    assert "/asks/upgrade/" in links and "/asks/gym/" in links  # prev and next
    assert "/tags/travel/" in links and "/tags/strangers/" in links


def test_tags_merge_spellings_and_show_figures(built: Path) -> None:
    assert sorted(p.name for p in (built / "tags").iterdir() if p.is_dir()) == [
        "fitness",
        "food",
        "strangers",
        "travel",
        "work",
    ]
    food = squash(text(built, "tags/food/index.html"))
    assert "Tag: Food" in food
    assert "2 asks 1 rejection 1 yes 50% yes rate" in food
    index = squash(text(built, "tags/index.html"))
    assert re.search(r"Strangers 3 3 0 0%", index)  # asks, rejections, yeses, yes rate


def test_outcome_pages_and_lessons(built: Path) -> None:
    yeses = squash(text(built, "outcomes/accepted/index.html"))
    assert "The wall of yeses" in yeses and "Could I get a refill?" in yeses
    assert "Could I have a raise?" in squash(text(built, "outcomes/no-answer/index.html"))
    lessons = squash(text(built, "lessons/index.html"))
    assert lessons.index("The barista smiled anyway.") < lessons.index("Ask before boarding.")
    assert "They will call back" not in lessons


def test_archive_groups_by_year_and_month(built: Path) -> None:
    archive = squash(text(built, "archive/index.html"))
    assert "2026 7 asks" in archive and "March 7 asks · 4 rejections" in archive


def test_faq_anchors_and_json_ld(built: Path) -> None:
    html = text(built, "faq/basics/index.html")
    assert 'id="what-counts-as-a-rejection"' in html and 'id="why-do-this"' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@type"] == "FAQPage"
    assert [q["name"] for q in data["mainEntity"]] == [
        "What counts as a rejection?",
        "Why do this?",
    ]
    assert "<em>no</em>" in data["mainEntity"][0]["acceptedAnswer"]["text"]
    index = parse_html(built / "faq/index.html").links
    assert "/faq/hard/#what-if-a-no-stings" in index


def test_feed_is_atom_with_absolute_links(built: Path) -> None:
    root = ET.fromstring((built / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 7
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Would you dance one song with me?"
    assert first.findtext(f"{ATOM}id") == "https://example.org/asks/dance/"
    assert first.find(f"{ATOM}link").get("href") == "https://example.org/asks/dance/"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/feed.xml"


def test_sitemap_lists_every_page(built: Path) -> None:
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {e.text for e in ET.fromstring((built / "sitemap.xml").read_bytes()).iter(f"{ns}loc")}
    pages = {
        "https://example.org/" + p.relative_to(built).as_posix().removesuffix("index.html")
        for p in built.rglob("*.html")
        if p.name != "404.html"
    }
    assert locs == pages
    assert "Sitemap: https://example.org/sitemap.xml" in text(built, "robots.txt")


def test_drafts_future_and_private_keys_never_reach_the_output(built: Path) -> None:
    everything = b"".join(tree(built).values())
    for secret in (b"A secret draft ask", b"A future ask", b"Barista at Kiosk 3", b"_who"):
        assert secret not in everything
    assert (built / "asks/coffee/index.html").is_file()


def test_drafts_and_future_flags_include_them(tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert run_cli("-C", SMALL, "build", "--out", out, "--drafts", "--future").returncode == 0
    assert (out / "asks/draft/index.html").is_file() and (out / "asks/future/index.html").is_file()
    # Shown, but the counter keeps the figures that will be published (a preview).
    assert json.loads(text(out, "journey.json"))["asks"] == 7
    assert b"draft-mark" in (out / "asks/draft/index.html").read_bytes()
    assert b"draft-mark" not in (out / "asks/future/index.html").read_bytes()


def test_no_broken_internal_links_under_a_subpath(tmp_path: Path) -> None:
    out = tmp_path / "o"
    base = "https://me.github.io/journey/"
    assert run_cli("-C", SMALL, "build", "--out", out, "--base-url", base).returncode == 0
    assert broken_links(out, "/journey/") == []
    feed = text(out, "feed.xml")
    assert "https://me.github.io/journey/asks/dance/" in feed
    assert 'href="https://example.org' not in feed


def test_second_build_rewrites_nothing_and_removes_deleted_pages(tmp_path: Path) -> None:
    site = tmp_path / "s"
    shutil.copytree(SMALL, site)
    assert run_cli("-C", site, "build").returncode == 0
    again = run_cli("-C", site, "build")
    assert "0 files written, 54 unchanged, 0 removed" in again.stdout
    (site / "content/entries/2026-03-06-dance.md").unlink()
    after = run_cli("-C", site, "build")
    # The entry's page and share card, and the home page's page 3.
    assert "3 removed" in after.stdout
    assert not (site / "site/asks/dance").exists()
    assert not (site / "site/page/3").exists()
    assert json.loads(text(site / "site", "journey.json"))["asks"] == 6
