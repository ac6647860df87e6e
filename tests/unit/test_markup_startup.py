"""The Markdown converter is built without Python-Markdown's entry-point scan (~45 ms)."""

from __future__ import annotations

import pytest
from markdown import util

from generator.content import markup


def test_the_converter_never_scans_installed_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    def scan() -> list[object]:
        raise AssertionError("extensions were looked up by name among entry points")

    monkeypatch.setattr(util, "get_installed_extensions", scan)
    monkeypatch.setattr(markup, "_converter", None)
    html = markup.to_html('A table:\n\n| a |\n|---|\n| "b" |\n\n[^1]\n\n[^1]: Note.\n')
    assert "<table>" in html and "&ldquo;b&rdquo;" in html and 'class="footnote"' in html
