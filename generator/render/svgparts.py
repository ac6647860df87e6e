"""Small pieces every inline SVG chart is made of: axes, numbers, words and months."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable

from markupsafe import Markup, escape


def nice_ceiling(value: float, ticks: int = 4) -> tuple[float, float]:
    """A round axis maximum >= value and its step (1, 2 or 5 times a power of ten), with
    about `ticks` steps, so the data fills most of the height."""
    raw = max(value, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    # Counts are whole numbers: a step below 1 would label the axis 0, 0, 1.
    step = max(next(m * power for m in (1, 2, 5, 10) if m * power >= raw), 1)
    return math.ceil(max(value, 1) / step) * step, step


def num(value: float) -> str:
    """Coordinates with at most one decimal, so the SVG stays small and byte-stable."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def svg(uid: str, width: int, height: int, title: str, desc: str, body: Iterable[str]) -> Markup:
    head = (
        f'<svg class="chart" id="{uid}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def y_grid(
    left: float, right: float, top: float, step: float, y: Callable[[float], float]
) -> list[str]:
    """Horizontal grid lines with their labels at every step from 0 to top."""
    out = []
    for i in range(round(top / step) + 1):
        value = step * i
        out.append(
            f'<line class="grid" x1="{num(left)}" x2="{num(right)}" y1="{num(y(value))}" '
            f'y2="{num(y(value))}"/><text x="{num(left - 6)}" y="{num(y(value))}" dy=".35em" '
            f'text-anchor="end">{value:,.0f}</text>'
        )
    return out


def day_text(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_starts(start: dt.date, end: dt.date, include_first: bool = False) -> list[dt.date]:
    """The first day of every month within [start, end]; with include_first, start's month too."""
    first = dt.date(start.year, start.month, 1)
    if first < start and not include_first:
        first = next_month(first)
    out = []
    while first <= end:
        out.append(first)
        first = next_month(first)
    return out
