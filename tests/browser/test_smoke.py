"""Smoke tests for the browser-test infrastructure: Chromium, static_server and axe-core."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe import format_violations, run_axe

if TYPE_CHECKING:
    from conftest import StaticServer
    from playwright.sync_api import Page

TINY_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Smoke test - asklog</title>
  <style>
    :root { color-scheme: light dark; }
    body { background: #ffffff; color: #1a1a1a; font-family: "DejaVu Sans", sans-serif; }
    a { color: #0645ad; }
    @media (prefers-color-scheme: dark) {
      body { background: #121212; color: #e8e8e8; }
      a { color: #8ab4f8; }
    }
  </style>
</head>
<body>
  <header><p><a href="./">asklog</a></p></header>
  <main>
    <h1>One hundred rejections</h1>
    <p>Every <em>no</em> is a step. <a href="./">Back to the journey</a>.</p>
  </main>
  <footer><p>Made with asklog.</p></footer>
</body>
</html>
"""


def _write_site(root: Path, html: str = TINY_PAGE) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(html, encoding="utf-8")
    return root


def _background(page: Page) -> str:
    return str(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))


@pytest.mark.browser
def test_page_title_and_no_axe_violations(
    tmp_path: Path, static_server: StaticServer, page: Page
) -> None:
    base = static_server(_write_site(tmp_path / "site"))
    response = page.goto(base)
    assert response is not None and response.ok
    assert page.title() == "Smoke test - asklog"
    assert page.get_by_role("heading", level=1).inner_text() == "One hundred rejections"
    assert _background(page) == "rgb(255, 255, 255)"
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


@pytest.mark.browser
def test_dark_mode_has_no_axe_violations(
    tmp_path: Path, static_server: StaticServer, page: Page
) -> None:
    base = static_server(_write_site(tmp_path / "site"), prefix="/journey/")
    page.emulate_media(color_scheme="dark")
    response = page.goto(base)
    assert response is not None and response.ok
    assert page.url == base
    assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    assert _background(page) == "rgb(18, 18, 18)"
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


@pytest.mark.browser
def test_axe_reports_real_problems(tmp_path: Path, static_server: StaticServer, page: Page) -> None:
    """Guards against a vacuous run_axe: a broken page must produce violations."""
    broken = '<!doctype html><html><body><img src="x.png"><a href="#"></a></body></html>'
    page.goto(static_server(_write_site(tmp_path / "broken", broken)))
    ids = {v["id"] for v in run_axe(page)}
    assert {"html-has-lang", "document-title", "image-alt", "link-name"} <= ids


def test_static_server_prefix(tmp_path: Path, static_server: StaticServer) -> None:
    site = _write_site(tmp_path / "site")
    (site / "posts").mkdir()
    (site / "posts" / "index.html").write_text("<p>post</p>", encoding="utf-8")
    base = static_server(site, prefix="journey")
    assert base.startswith("http://127.0.0.1:") and base.endswith("/journey/")
    origin = base.removesuffix("journey/")

    with urllib.request.urlopen(base) as resp:
        assert resp.status == 200
        assert "One hundred rejections" in resp.read().decode()
    with urllib.request.urlopen(base + "posts/") as resp:
        assert resp.read() == b"<p>post</p>"
    # "/journey" and "/journey/posts" redirect to their slash forms.
    with urllib.request.urlopen(origin + "journey") as resp:
        assert resp.url == base
        resp.read()
    with urllib.request.urlopen(base + "posts") as resp:
        assert resp.url == base + "posts/"
        resp.read()
    for missing in (origin, origin + "index.html", base + "nope.html"):
        with pytest.raises(urllib.error.HTTPError) as excinfo:
            urllib.request.urlopen(missing)
        assert excinfo.value.code == 404
        excinfo.value.close()
