"""The default theme in a real browser: axe-core in light and dark, phones, no third parties."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from axe import format_violations, run_axe
from screenshots import build_example

if TYPE_CHECKING:
    from conftest import StaticServer
    from playwright.sync_api import Browser, Page

PREFIX = "/nos/"  # served under a path, as on a GitHub project site
PAGES = {
    "home": "",
    "entry": "asks/museum-archive/",  # reaches the 10-rejection milestone
    "yes": "asks/first-pull-request/",
    "tag": "tags/community/",
    "journey": "journey/",
    "patterns": "patterns/",
    "faq": "faq/getting-started/",
    "wall": "outcomes/accepted/",
    "outcome": "outcomes/rejected/",
    "lessons": "lessons/",
    "archive": "archive/",
    "tags": "tags/",
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, static_server_session: StaticServer) -> str:
    out = build_example(
        tmp_path_factory.mktemp("theme") / "site", "--base-url", f"https://example.org{PREFIX}"
    )
    for path in PAGES.values():
        assert (out / path / "index.html").is_file(), path
    return static_server_session(out, prefix=PREFIX)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(base: str, page: Page, name: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    response = page.goto(base + PAGES[name])
    assert response is not None and response.ok
    dark = page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    assert dark is (scheme == "dark")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


@pytest.mark.browser
def test_dark_mode_changes_the_colours(base: str, page: Page) -> None:
    colours = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        page.goto(base)
        colours.append(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))
    assert colours == ["rgb(250, 248, 245)", "rgb(22, 20, 18)"]


@pytest.mark.browser
def test_counter_progress_bar_is_accessible(base: str, page: Page) -> None:
    page.goto(base)
    bar = page.get_by_role("progressbar", name="39 of 1,000 rejections")
    assert bar.get_attribute("value") == "39" and bar.get_attribute("max") == "1000"
    assert page.get_by_role("heading", level=1).inner_text() == "One Thousand Nos"


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_fits_a_360px_phone_without_sideways_scrolling(base: str, phone: Page, name: str) -> None:
    phone.goto(base + PAGES[name])
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{name} is {width}px wide on a 360px screen"


@pytest.mark.browser
def test_pattern_chart_labels_stay_inside_their_svg_on_a_375px_phone(
    base: str, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(base + "patterns/")
        texts = page.evaluate(
            """() => [...document.querySelectorAll('svg.rates text')].map(t => {
                const box = t.getBBox(), width = t.ownerSVGElement.viewBox.baseVal.width;
                return [t.textContent, box.x >= 0 && box.x + box.width <= width];
            })"""
        )
        assert len(texts) > 20
        assert [label for label, inside in texts if not inside] == []
    finally:
        context.close()


@pytest.mark.browser
def test_pages_request_nothing_outside_the_site(base: str, page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        page.goto(base + path)
    assert requested and all(url.startswith(base) for url in requested), requested
    # The share links do point elsewhere: only clicking one may leave the site.
    page.goto(base + PAGES["entry"])
    shares = page.locator(".share-links a").evaluate_all("links => links.map(a => a.href)")
    assert len(shares) == 5 and any(s.startswith("https://bsky.app/") for s in shares)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_chart_label_leaves_its_svg_on_a_375px_phone(
    browser: Browser, base: str, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(base + PAGES["journey"])
        outside = page.evaluate(
            """() => [...document.querySelectorAll("main svg text")].flatMap(text => {
                const svg = text.ownerSVGElement.getBoundingClientRect();
                const box = text.getBoundingClientRect();
                const inside = box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5
                    && box.top >= svg.top - 0.5 && box.bottom <= svg.bottom + 0.5;
                return inside ? [] : [text.ownerSVGElement.id + ": " + text.textContent];
            })"""
        )
        assert page.locator("main svg text").count() > 20
        assert outside == []
    finally:
        context.close()


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of a computed colour "rgb(r, g, b)"."""
    parts = [int(p) / 255 for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    r, g, b = ((c / 12.92) if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in parts)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_heatmap_one_ask_day_stands_out_from_an_empty_day(
    base: str, page: Page, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base + PAGES["journey"])
    fill = "sel => getComputedStyle(document.querySelector(sel)).fill"
    one, empty = page.evaluate(fill, ".heatmap rect.h1"), page.evaluate(fill, ".heatmap rect.h0")
    light, dark = sorted((_luminance(one), _luminance(empty)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 3, (one, empty)
    # Days before the journey began look different again, and every day has a tooltip.
    outside = page.locator(".heatmap rect.h-out").first
    assert outside.evaluate("r => getComputedStyle(r).fill") != empty
    titles = page.locator(".heatmap svg").first.evaluate(
        "svg => [...svg.querySelectorAll('rect')].every(r => r.querySelector('title'))"
    )
    assert titles


@pytest.mark.browser
def test_phone_menu_folds_the_navigation_without_script(browser: Browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base)
        assert not page.locator("nav.nav-wide").is_visible()
        journey = page.locator(".nav-menu").get_by_role("link", name="Journey")
        assert not journey.is_visible()
        page.locator(".nav-menu summary").click()
        journey.click()
        assert page.url == base + "journey/"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_touch_targets_are_at_least_24px(browser: Browser, base: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        small: list[str] = []
        for name in ("home", "entry", "wall", "archive"):
            page.goto(base + PAGES[name])
            if width < 700:
                page.locator(".nav-menu summary").click()
            small += page.evaluate(
                """() => [...document.querySelectorAll(
                    "header a, header summary, nav a, footer a, .tags a, .chips a, .share a, " +
                    ".follow a, .related a, .pagination a, .hero-links a")]
                  .filter(a => a.getClientRects().length)
                  .map(a => [a.textContent.trim(), a.getBoundingClientRect()])
                  .filter(([, r]) => r.width < 24 || r.height < 24)
                  .map(([t, r]) => t + " " + Math.round(r.width) + "x" + Math.round(r.height))"""
            )
        assert small == []
    finally:
        context.close()


@pytest.mark.browser
def test_everything_reads_with_javascript_off(browser: Browser, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "journey/")
        assert page.locator("svg#chart-cumulative").is_visible()
        page.get_by_text("Table: rejections at the end of each month").click()
        assert page.get_by_role("columnheader", name="Pace line").is_visible()
        page.goto(base + "faq/getting-started/")
        first = page.locator("nav.toc a").first
        first.click()
        assert page.url.startswith(base + "faq/getting-started/#")
    finally:
        context.close()
