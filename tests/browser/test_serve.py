"""Live preview in a real browser: saves show up by themselves, errors show as an overlay."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support import EPOCH, entry, write_site

from generator.render.theme import bundled_themes_dir
from generator.serve.server import LiveServer, options_for_serve

if TYPE_CHECKING:
    from playwright.sync_api import Page


ENTRY = "content/entries/2026-03-01-discount.md"
OVERLAY = "#asklog-errors"


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """`asklog serve` in this process, watching a small site, on a free port."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = write_site(tmp_path / "s", {ENTRY: entry(body="The first version of the story.\n")})
    server = LiveServer(root.resolve(), options_for_serve(False), port=0)
    assert server.start().ok
    try:
        yield server
    finally:
        server.stop()


def save(live: LiveServer, rel: str, text: str) -> None:
    """Save as editors do: write a temporary file, then rename it over the original."""
    path = live.preview.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def open_entry(page: Page, live: LiveServer) -> None:
    page.goto(live.url + "asks/discount/")
    page.get_by_text("The first version of the story.").wait_for()
    # The page keeps this only until it reloads itself.
    page.evaluate("window.__untouched = true")
    page.wait_for_function("document.querySelector('script[data-asklog]') !== null")


@pytest.mark.browser
def test_saved_markdown_appears_without_touching_the_browser(page: Page, live: LiveServer) -> None:
    open_entry(page, live)
    save(live, ENTRY, entry(body="A **second** version, saved in the editor.\n"))
    page.get_by_text("version, saved in the editor.").wait_for()
    assert page.locator(".story strong").inner_text() == "second"
    assert page.evaluate("window.__untouched === undefined")  # it reloaded by itself
    assert not (live.out / "asks/discount/index.html").read_text().count("data-asklog")


@pytest.mark.browser
def test_broken_front_matter_shows_an_overlay_until_fixed(page: Page, live: LiveServer) -> None:
    open_entry(page, live)
    save(live, ENTRY, "---\ndate: 2026-03-01\nask: [unclosed\n---\nBody.\n")
    overlay = page.locator(OVERLAY)
    overlay.wait_for()
    assert ENTRY in overlay.inner_text()
    assert "hint:" in overlay.inner_text()
    # The last good page stays underneath.
    assert page.get_by_text("The first version of the story.").count() == 1

    save(live, ENTRY, entry(body="Fixed and saved again.\n"))
    page.get_by_text("Fixed and saved again.").wait_for()
    assert page.locator(OVERLAY).count() == 0


@pytest.mark.browser
def test_template_changes_and_template_errors(page: Page, live: LiveServer) -> None:
    open_entry(page, live)
    template = (bundled_themes_dir() / "default/templates/entry.html").read_text("utf-8")
    override = "themes/default/templates/entry.html"
    marker = '<p class="edited">Edited in the theme</p>'
    changed = template.replace("{% block main %}", "{% block main %}" + marker, 1)
    assert changed != template
    save(live, override, changed)
    page.locator("p.edited").wait_for()
    assert page.locator("p.edited").inner_text() == "Edited in the theme"

    save(live, override, changed.replace("{% endblock %}", "{% endblok %}", 1))
    overlay = page.locator(OVERLAY)
    overlay.wait_for()
    assert override in overlay.inner_text()

    save(live, override, template)
    page.wait_for_function(f"document.querySelector('{OVERLAY}') === null")
    page.wait_for_function("document.querySelector('p.edited') === null")
    page.get_by_role("heading", level=1, name="Could I have a discount?").wait_for()


@pytest.mark.browser
def test_a_page_opened_during_an_error_shows_the_overlay(page: Page, live: LiveServer) -> None:
    save(live, "site.yaml", "title: [broken\n")
    page.wait_for_timeout(50)
    for _ in range(100):  # wait for the rebuild to notice
        if live.preview.state.errors:
            break
        page.wait_for_timeout(50)
    page.goto(live.url + "asks/discount/")
    page.locator(OVERLAY).wait_for()
    assert "site.yaml" in page.locator(OVERLAY).inner_text()
    assert page.get_by_text("The first version of the story.").count() == 1


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_overlay_quotes_the_line_reads_well_and_can_be_dismissed(
    page: Page, live: LiveServer, scheme: str
) -> None:
    from axe import format_violations, run_axe

    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    open_entry(page, live)
    broken = "---\ndate: 2026-03-01\nask: [unclosed\n---\nBody.\n"
    save(live, ENTRY, broken)
    overlay = page.locator(OVERLAY)
    overlay.wait_for()
    error = live.preview.state.errors[0]
    quoted = overlay.locator("pre").first.inner_text()
    assert quoted == f"{error['line']} | {broken.splitlines()[error['line'] - 1]}"
    violations = run_axe(page, context=OVERLAY, options={"runOnly": ["color-contrast"]})
    assert violations == [], format_violations(violations)
    overlay.get_by_role("button", name="Dismiss and look at the last good page").click()
    assert page.locator(OVERLAY).count() == 0
    assert page.get_by_text("The first version of the story.").is_visible()
