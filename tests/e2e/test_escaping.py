"""SPEC 8.7: front matter and config values are HTML-escaped in every page and feed.

Hostile text goes into every front matter field of entries, FAQ sections and pages (and the
text fields of site.yaml); Markdown bodies stay harmless, since they are the author's HTML.
No built page may then hold a script, an event-handler attribute or an element the values
smuggled in, and the feeds must parse, giving back the exact hostile text.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import entry, run_cli, write_site

# Breaks out of text, attributes (both quotes), <title>, <script> and JSON, and XML.
EVIL = (
    "</title></script><script>alert(1)</script><img src=x onerror=alert(2)>"
    "\" onmouseover=\"alert(4)' onfocus='alert(5)&amp;]]>"
)
EVIL_TAG = "<evil-tag onclick=alert(3)>tag</evil-tag>"


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


SITE_YAML = f"""\
title: {q("Journey " + EVIL)}
description: {q("About " + EVIL)}
author: {q("Sam " + EVIL)}
base_url: https://example.org/journey/
challenge:
  goal: 10
"""
FILES = {
    "content/entries/2026-03-01-a.md": entry(
        ask=q("Ask " + EVIL),
        lesson=q("Lesson " + EVIL),
        tags=f"[{q(EVIL_TAG)}, {q('plain')}]",
        extra=f"title: {q('Title ' + EVIL)}\ndescription: {q('Desc ' + EVIL)}\nvenue: {q(EVIL)}",
    ),
    "content/entries/2026-03-02-b.md": entry(
        date="2026-03-02 10:00",
        ask=q("Second " + EVIL),
        lesson=None,
        outcome="pending",
        tags=q(EVIL_TAG),
    ),
    "content/faq/basics.md": (
        f"---\ntitle: {q('FAQ ' + EVIL)}\ndescription: {q('FAQ desc ' + EVIL)}\n---\n"
        "## Why ask at all?\nBecause.\n"
    ),
    "content/pages/about.md": (
        f"---\ntitle: {q('About ' + EVIL)}\ndescription: {q('Page desc ' + EVIL)}\nmenu: true\n"
        "---\nPlain words.\n"
    ),
}


class Inspector(HTMLParser):
    """Collects what a browser would run or create from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = self.in_ld_json = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ld_json = tag == "script" and ("type", "application/ld+json") in attrs
        if tag == "evil-tag" or (tag == "img" and ("src", "x") in attrs):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= attribute on <{tag}>")
            if name in ("href", "src") and value and value.lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")
        self.in_script = tag == "script"
        self.in_ld_json = ld_json

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = self.in_ld_json = False

    def handle_data(self, data: str) -> None:
        if self.in_script and not self.in_ld_json and "alert(" in data:
            self.problems.append("a script from a front matter value")
        if self.in_ld_json:
            try:
                json.loads(data)
            except ValueError:
                self.problems.append("JSON-LD that is not valid JSON")
        self.text.append(data)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("evil") / "site", FILES, SITE_YAML)
    done = run_cli("-C", root, "build")
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_every_page_escapes_front_matter(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 10
    seen_text = ""
    for page in pages:
        inspector = Inspector()
        inspector.feed(page.read_text(encoding="utf-8"))
        inspector.close()
        assert inspector.problems == [], f"{page.relative_to(built)}: {inspector.problems}"
        seen_text += "".join(inspector.text)
    # The values were shown, as text, somewhere: escaping did not just drop them.
    for shown in (
        "Ask " + EVIL,
        "Lesson " + EVIL,
        "Title " + EVIL,
        EVIL_TAG,
        "FAQ " + EVIL,
        "About " + EVIL,
        "Journey " + EVIL,
    ):
        assert shown in seen_text, shown


def test_atom_feeds_parse_and_keep_the_text(built: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feeds = [built / "feed.xml", *sorted((built / "tags").rglob("feed.xml"))]
    assert feeds[0].is_file()  # per-tag feeds are checked too, once they exist
    for feed in feeds:
        root = ET.parse(feed).getroot()  # raises on any escaping mistake
        assert root.findtext("a:title", namespaces=ns).startswith("Journey " + EVIL)
        for item in root.findall("a:entry", ns):
            for link in item.findall("a:link", ns):
                assert link.get("href", "").startswith("https://example.org/journey/")
    titles = [
        e.findtext("a:title", namespaces=ns)
        for e in ET.parse(built / "feed.xml").getroot().findall("a:entry", ns)
    ]
    assert "Title " + EVIL in titles and "Second " + EVIL in titles


def test_json_and_xml_outputs_parse(built: Path) -> None:
    data = json.loads((built / "journey.json").read_text(encoding="utf-8"))
    assert EVIL_TAG in [t["label"] for t in data["tags"].values()]
    if (built / "feed.json").exists():
        feed = json.loads((built / "feed.json").read_text(encoding="utf-8"))
        assert "Title " + EVIL in [i.get("title") for i in feed["items"]]
    ET.parse(built / "sitemap.xml")
    if (built / "counter.svg").exists():
        ET.parse(built / "counter.svg")


def test_private_keys_never_reach_output(tmp_path: Path) -> None:
    secret = "Dr Jones at the clinic"
    root = write_site(
        tmp_path / "s",
        {
            "content/entries/a.md": entry(
                extra=f"private: {secret}\n_who: {secret}\n_notes: {secret}"
            )
        },
    )
    assert run_cli("-C", root, "build").returncode == 0
    for path in (root / "site").rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
