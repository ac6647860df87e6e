"""Share cards: the theme's `card.svg` template, rasterized to a 1200x630 PNG by resvg.

The card is rendered like a page (so the page cache reuses it while what it shows is
unchanged); only its final step, SVG text to PNG bytes, happens here. resvg draws
with the theme's own fonts and never the system's, so a card is the same bytes on
every machine, and its PNG carries no time or other metadata.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.errors import SiteError

WIDTH, HEIGHT = 1200, 630
TEMPLATE = "card.svg"
FONT_SUFFIXES = (".ttf", ".otf")


def is_card(site_path: str) -> bool:
    """Card outputs are the site paths ending in `card.png` (`/asks/x/card.png`)."""
    return site_path.endswith("card.png")


def font_files(dirs: Sequence[Path]) -> tuple[str, ...]:
    """The theme's fonts/ files by name; a site's override of a file wins over the bundled one."""
    found: dict[str, Path] = {}
    for theme in reversed(dirs):
        folder = theme / "fonts"
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in FONT_SUFFIXES:
                    found[path.name] = path
    return tuple(str(found[name]) for name in sorted(found))


def rasterize(svg: bytes, fonts: Sequence[str]) -> bytes:
    """PNG bytes of the card; raises ValueError for SVG that resvg cannot read."""
    import resvg_py  # imported on use: a build that reuses every card never loads it

    png = resvg_py.svg_to_bytes(
        svg_string=svg.decode(),
        skip_system_fonts=True,  # system fonts differ between machines; the theme's do not
        font_files=list(fonts),
        width=WIDTH,
        height=HEIGHT,
    )
    return bytes(png)


def wrap(text: str, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of at most `width` characters; cut text ends in '…'.

    SVG has no line wrapping; a character count suits the card's one font and size.
    """
    out: list[str] = []
    line = ""
    for word in text.split():
        if len(word) > width:  # a URL or a run of emoji: cut, never overflow the card
            word = word[: width - 1] + "…"
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1] if len(out[-1]) < width else out[-1][: width - 1].rstrip()
        out[-1] = last + "…"
    return out


def card_error(exc: ValueError, template: str) -> SiteError:
    """resvg's refusal of the card template's output, pointing at the template."""
    return SiteError(
        f"share card: resvg cannot draw the SVG: {exc}",
        f"templates/{template}",
        None,
        "the card template must produce one valid <svg> document",
    )
