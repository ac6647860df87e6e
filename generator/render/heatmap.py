"""The calendar heatmap: one SVG of asks per day for each year of the journey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from .svgparts import day_text, plural
from .svgparts import svg as svg_chart

CELL = 12  # cell pitch (10 px square + 2 px gap)


@dataclass(frozen=True)
class HeatmapYear:
    year: int
    asks: int
    active_days: int
    svg: Markup


def heatmap_year(
    year: int, days: Mapping[dt.date, int], first: dt.date, last: dt.date
) -> HeatmapYear:
    """One year's calendar of asks per day; days outside [first, last] are drawn dashed."""
    jan1 = dt.date(year, 1, 1)
    grid_start = jan1 - dt.timedelta(days=jan1.weekday())  # the Monday on or before
    left, up = 38, 22
    weeks = (dt.date(year, 12, 31) - grid_start).days // 7 + 1
    w, h = left + weeks * CELL, up + 7 * CELL
    body = [
        f'<text x="{left - 6}" y="{up + row * CELL + 5}" dy=".35em" text-anchor="end">{name}</text>'
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    asks = active = 0
    busiest: tuple[int, dt.date] | None = None
    day = jan1
    while day.year == year:
        col, row = (day - grid_start).days // 7, day.weekday()
        if day.day == 1:
            body.append(f'<text x="{left + col * CELL}" y="15">{day:%b}</text>')
        count = days.get(day, 0)
        if count:
            asks += count
            active += 1
            if busiest is None or count > busiest[0]:
                busiest = (count, day)
        # Every day is a square with its own tooltip; sizes and corners come from CSS.
        kind = f"h{min(count, 4)}" if count or first <= day <= last else "h-out"
        what = plural(count, "ask") if count else "no asks"
        what = what if kind != "h-out" else "outside the journey"
        body.append(
            f'<rect class="{kind}" x="{left + col * CELL}" y="{up + row * CELL}" '
            f'width="10" height="10"><title>{day_text(day)}: {what}</title></rect>'
        )
        day += dt.timedelta(days=1)
    desc = f"{plural(asks, 'ask')} on {plural(active, 'day')} in {year}."
    if busiest is not None:
        desc += f" The busiest day was {day_text(busiest[1])} with {plural(busiest[0], 'ask')}."
    desc += " Darker squares mean more asks that day; dashed ones lie outside the journey."
    svg = svg_chart(f"chart-heatmap-{year}", w, h, f"Asks per day in {year}", desc, body)
    return HeatmapYear(year, asks, active, svg)
