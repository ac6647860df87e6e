"""The embeddable counter badge, /counter.svg: "347 / 1,000 rejections" with a progress bar."""

from __future__ import annotations

from ..core.model import Journey
from .xmltext import escape

HEIGHT = 20
PADDING = 8
# Rough advance widths of 11px Verdana/DejaVu Sans; the badge only needs to fit its text.
NARROW = {" ": 3.9, ",": 3.9, ".": 3.9, "/": 4.6, "i": 3.1, "j": 3.5, "l": 3.1, "t": 4.3}
DIGIT = 7.0
LETTER = 6.6


def text_width(text: str) -> float:
    return sum(NARROW.get(c, DIGIT if c.isdigit() else LETTER) for c in text)


def counter_text(journey: Journey) -> str:
    return f"{journey.counted:,} / {journey.goal:,} {journey.count}"


def counter_svg(journey: Journey) -> bytes:
    """A self-contained SVG (no fonts or scripts fetched) that renders anywhere images do."""
    text = counter_text(journey)
    width = round(text_width(text) + 2 * PADDING)
    filled = round(width * journey.progress, 1)
    label = escape(text)
    svg = f"""\
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" \
viewBox="0 0 {width} {HEIGHT}" role="img" aria-label="{label}">
<title>{label}</title>
<clipPath id="r"><rect width="{width}" height="{HEIGHT}" rx="3"/></clipPath>
<g clip-path="url(#r)">
<rect width="{width}" height="{HEIGHT}" fill="#4a4a4a"/>
<rect width="{filled}" height="{HEIGHT}" fill="#b3261e"/>
</g>
<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
<text x="{width / 2}" y="14">{label}</text>
</g>
</svg>
"""
    return svg.encode()
