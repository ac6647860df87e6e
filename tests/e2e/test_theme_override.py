"""A site overrides one template or stylesheet of the bundled theme; the rest falls back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.render.theme import bundled_themes_dir

ENTRY = """---
date: 2026-03-01 10:00
ask: Could I have a discount?
outcome: rejected
lesson: Asking is cheap.
tags: [money]
---
The story.
"""

CARD = '<p class="my-card">{{ entry.title }}</p>\n'

# Extends the bundled base.html: only the entry's main block changes.
OVERRIDE = """{% extends "base.html" %}
{% block main %}<p class="mine">My own entry page: {{ entry.ask }} (#{{ entry.ask_number }})</p>
{% endblock %}
"""


def test_one_overridden_template_and_stylesheet_the_rest_falls_back(
    make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    root = make_site(
        {
            "content/entries/2026-03-01-discount.md": ENTRY,
            "themes/default/templates/entry.html": OVERRIDE,
            "themes/default/static/style.css": "body{color:rebeccapurple}\n",
        }
    )
    result = cli("-C", root, "build", "-q")
    assert result.returncode == 0, result.stderr
    site = root / "site"

    entry = (site / "asks" / "discount" / "index.html").read_text(encoding="utf-8")
    assert '<p class="mine">My own entry page: Could I have a discount? (#1)</p>' in entry
    assert 'class="site-header"' in entry  # the bundled base.html still wraps it
    assert "<blockquote>" not in entry

    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<section class="counter"' in home and "Could I have a discount?" in home
    assert (site / "journey" / "index.html").is_file()

    assert (site / "style.css").read_text(encoding="utf-8") == "body{color:rebeccapurple}\n"
    bundled = bundled_themes_dir() / "default" / "static" / "favicon.svg"
    assert (site / "favicon.svg").read_bytes() == bundled.read_bytes()


def test_an_override_partial_shows_on_every_list_page(
    make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    root = make_site(
        {
            "content/entries/2026-03-01-discount.md": ENTRY,
            "themes/default/templates/_entry_card.html": CARD,
        }
    )
    assert cli("-C", root, "build", "-q").returncode == 0
    for page in ("index.html", "tags/money/index.html", "outcomes/rejected/index.html"):
        text = (root / "site" / page).read_text(encoding="utf-8")
        assert '<p class="my-card">Could I have a discount?</p>' in text, page
        assert '<article class="card' not in text, page
