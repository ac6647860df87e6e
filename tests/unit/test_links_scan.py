"""links.py: reading links and ids out of HTML, and classifying each link."""

from __future__ import annotations

from pathlib import Path

from generator.output.links import Checker, Link, Scan, scan_page

PAGE = """<!DOCTYPE html>
<html><head>
<link rel="stylesheet" href="/style.css">
<script src='/app.js'></script>
<script>if (a < b) { document.write('<a href="/in-script/">x</a>'); }</script>
</head><body>
<!-- <a href="/commented-out/">old</a> -->
<h2 id="why">Why?</h2>
<a name=legacy href=/bare/>bare</a>
<img src="/a.png" srcset="/a-2x.png 2x, /a-3x.png 3x" alt="">
<a href="mailto:me@example.org">mail</a>
</body></html>
"""


def test_scan_finds_links_with_lines_and_ids_but_not_in_comments_or_scripts() -> None:
    scan = scan_page("x/index.html", PAGE)
    found = [(link.line, link.target) for link in scan.links]
    assert found == [
        (3, "/style.css"),
        (4, "/app.js"),
        (9, "/bare/"),
        (10, "/a.png"),
        (10, "/a-2x.png"),
        (10, "/a-3x.png"),
        (11, "mailto:me@example.org"),
    ]
    assert scan.ids == {"why", "legacy"}


def check(target: str, base: str = "https://example.org/journey/") -> str:
    scans = {
        "index.html": Scan(),
        "asks/a/index.html": Scan(ids={"top-story"}),
        "asks/b/index.html": Scan(),
    }
    checker = Checker(Path("/nonexistent"), base, scans)
    return checker.classify(Link("asks/b/index.html", 1, target))[0]


def test_classify_links() -> None:
    assert check("../a/") == "ok"
    assert check("/journey/asks/a/#top-story") == "ok"
    assert check("https://example.org/journey/asks/a/") == "ok"
    assert check("/journey/asks/a/#missing") == "broken"
    assert check("/asks/a/") == "broken"  # leaves the base path
    assert check("../../../../etc/passwd") == "broken"
    assert check("https://en.wikipedia.org/wiki/Rejection") == "external"
    assert check("mailto:me@example.org") == "skip"
    assert check("#") == "ok"  # the page itself
    assert check("#nowhere") == "broken"
