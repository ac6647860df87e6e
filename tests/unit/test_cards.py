"""The share card helpers: line wrapping for SVG text and the theme's fonts."""

from __future__ import annotations

from pathlib import Path

from generator.render import cards
from generator.render.theme import bundled_themes_dir


def test_wrap_keeps_words_whole_and_within_the_width() -> None:
    lines = cards.wrap("Could I sit in the cockpit of the plane for a photo?", 20, 4)
    assert lines == ["Could I sit in the", "cockpit of the plane", "for a photo?"]


def test_wrap_cuts_long_text_with_an_ellipsis() -> None:
    lines = cards.wrap("one two three four five six seven", 9, 2)
    assert lines == ["one two", "three…"]
    assert cards.wrap("x" * 50, 10, 3) == ["x" * 9 + "…"]


def test_the_default_theme_ships_its_fonts_with_their_licence() -> None:
    theme = bundled_themes_dir() / "default"
    fonts = cards.font_files([theme])
    assert [Path(f).name for f in fonts] == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf"]
    assert "Bitstream" in (theme / "fonts" / "LICENSE-DejaVu.txt").read_text()


def test_a_site_font_overrides_the_bundled_one_by_name(tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "DejaVuSans.ttf").write_bytes(b"")
    fonts = cards.font_files([tmp_path, bundled_themes_dir() / "default"])
    assert str(tmp_path / "fonts" / "DejaVuSans.ttf") in fonts and len(fonts) == 2
