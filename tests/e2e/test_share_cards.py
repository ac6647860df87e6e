"""Share cards: a 1200x630 PNG per entry, home and journey page, the same bytes every build,
drawn again only when what they show changes."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from support import EPOCH, entry, run_cli, write_site

from generator.incremental import rendercache
from generator.pipeline.build import BuildOptions, load_site, render_site
from generator.render import cards

PNG = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking the signature and CRC."""
    assert data[:8] == PNG
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    assert struct.unpack(">I", data[29:33])[0] == zlib.crc32(data[12:29])
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _site(root: Path) -> Path:
    return write_site(
        root,
        {
            "content/entries/2026-03-01-a.md": entry(ask="Could I have a discount?"),
            "content/entries/2026-03-02-b.md": entry(
                date="2026-03-02 10:00", ask="Could I have the window seat?", outcome="yes"
            ),
        },
    )


def test_cards_are_1200x630_pngs_named_in_the_pages(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    assert run_cli("-C", root, "build").returncode == 0
    out = root / "site"
    for rel in ("card.png", "journey/card.png", "asks/a/card.png", "asks/b/card.png"):
        assert png_size((out / rel).read_bytes()) == (1200, 630), rel
    page = (out / "asks/b/index.html").read_text()
    assert '<meta property="og:image" content="https://example.org/asks/b/card.png">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert (
        'content="https://example.org/journey/card.png"' in (out / "journey/index.html").read_text()
    )
    assert 'content="https://example.org/card.png"' in (out / "index.html").read_text()
    assert "https://example.org/asks/a/card.png" not in (out / "sitemap.xml").read_text()


def test_cards_are_the_same_bytes_in_every_clean_build(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    builds = []
    for name in ("one", "two"):
        assert run_cli("-C", root, "build", "--no-cache", "--out", tmp_path / name).returncode == 0
        builds.append((tmp_path / name / "asks/a/card.png").read_bytes())
    assert builds[0] == builds[1]
    assert b"tIME" not in builds[0] and b"tEXt" not in builds[0]


def test_a_card_is_drawn_again_only_when_what_it_shows_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = _site(tmp_path / "s")
    drawn: list[bytes] = []
    rasterize = cards.rasterize
    monkeypatch.setattr(
        cards, "rasterize", lambda svg, fonts: drawn.append(svg) or rasterize(svg, fonts)
    )
    memo = rendercache.RenderCache()

    def render() -> dict[str, bytes]:
        drawn.clear()
        return render_site(root, load_site(root, BuildOptions(cache=False)), {}, memo, jobs=1)

    first = render()
    assert len(drawn) == 4
    story = root / "content/entries/2026-03-01-a.md"
    story.write_text(entry(body="A longer story that no card shows.\n"))
    assert render()["asks/a/card.png"] == first["asks/a/card.png"] and drawn == []
    story.write_text(entry(ask="Could I have a bigger discount?"))
    files = render()
    assert len(drawn) == 1 and b"bigger" in drawn[0]
    assert files["asks/a/card.png"] != first["asks/a/card.png"]


def test_a_broken_card_template_is_a_one_line_error(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    write_site(root, {"themes/default/templates/card.svg": "<svg oops"}, site_yaml=None)
    result = run_cli("-C", root, "build")
    assert result.returncode == 1
    assert "templates/card.svg: error: share card: resvg cannot draw the SVG" in result.stderr
    assert "Traceback" not in result.stderr


def test_share_cards_false_writes_no_cards_and_no_og_image(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    yaml = (root / "site.yaml").read_text()
    (root / "site.yaml").write_text(yaml + "share_cards: false\n")
    assert run_cli("-C", root, "build").returncode == 0
    assert list((root / "site").rglob("*.png")) == []
    page = (root / "site/asks/a/index.html").read_text()
    assert "og:image" not in page and '<meta name="twitter:card" content="summary">' in page
