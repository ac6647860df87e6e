"""The journey's charts as inline SVG strings, written at build time. Pure: no I/O, no JS.

Colours come from CSS classes (``c-rejected``, ``h2`` ...) so the theme's light and dark
palettes apply; every chart carries a <title> and <desc>, and the template adds a table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ..core.model import Entry, Figures, Journey, Month, Outcome
from ..core.patterns import Dimension, Group
from .heatmap import HeatmapYear, heatmap_year
from .patterncharts import rates_svg
from .svgparts import day_text, month_starts, next_month, nice_ceiling, num, plural, y_grid
from .svgparts import svg as svg_chart

# Stacking order of the monthly bars: rejections at the bottom, yeses on top.
STACK = (Outcome.REJECTED, Outcome.NO_ANSWER, Outcome.PENDING, Outcome.PARTIAL, Outcome.ACCEPTED)


@dataclass(frozen=True)
class CumulativeRow:
    """One row of the cumulative chart's table: the count and the pace line at a month's end."""

    label: str
    counted: int
    pace: int | None


@dataclass(frozen=True)
class Charts:
    """Chart builders for one site; templates call ``charts.cumulative()`` and friends."""

    journey: Journey
    # (date, moves the counter) of every entry, in order: all the charts read of entries,
    # so that a page drawing them is reused while only stories change.
    points: tuple[tuple[dt.datetime, bool], ...]
    tz: ZoneInfo
    # Entries reach these methods only inside `journey` (months, milestones); no method
    # reads their fields, so a page's charts are unchanged while only stories change.
    reads_entry_fields: ClassVar[bool] = False

    # ------------------------------------------------------------------ shared figures

    @property
    def today(self) -> dt.date:
        if self.journey.now is not None:
            return self.journey.now.astimezone(self.tz).date()
        return self.points[-1][0].astimezone(self.tz).date() if self.points else dt.date.today()

    @property
    def start(self) -> dt.date | None:
        return self.journey.pace.start

    @property
    def span_end(self) -> dt.date:
        """The chart's right edge: today, or the last entry if it is later."""
        last = self.points[-1][0].astimezone(self.tz).date() if self.points else self.today
        start = self.start or last
        return max(self.today, last, start + dt.timedelta(days=1))

    def counted_days(self) -> list[dt.date]:
        """The local day of every entry that moves the counter, in order."""
        asks = self.journey.count == "asks"
        return [date.astimezone(self.tz).date() for date, counts in self.points if asks or counts]

    def pace_at(self, day: dt.date) -> float | None:
        """The straight pace line from 0 at the start to the goal at the end date."""
        start, end = self.start, self.journey.pace.end
        if start is None or end is None or end <= start:
            return None
        share = (day - start).days / (end - start).days
        return self.journey.goal * min(max(share, 0.0), 1.0)

    # ------------------------------------------------------------------ cumulative

    def cumulative(self) -> Markup:
        """Cumulative count over time (a step line) against the straight pace line to the goal."""
        start = self.start
        if start is None or not self.points:
            return Markup("")
        end = self.span_end
        days = self.counted_days()
        pace_end = self.pace_at(end)
        # Scaled to the count, not the pace line: a pace far ahead would flatten the data.
        # The pace line is cut where it leaves the chart, and its value still labelled.
        top, step = nice_ceiling(len(days) * 1.1)
        w, h, left, right, up, down = 640, 300, 44, 16, 16, 34
        pw, ph = w - left - right, h - up - down
        span = (end - start).days

        def x(day: dt.date) -> float:
            return left + pw * (day - start).days / span

        def y(value: float) -> float:
            return up + ph * (1 - value / top)

        body: list[str] = y_grid(left, w - right, top, step, y)
        body += self._month_ticks(start, end, x, h - 6, w - right)
        if pace_end is not None:
            cut = min(1.0, top / pace_end) if pace_end else 1.0
            x2 = x(start) + (x(end) - x(start)) * cut
            body.append(
                f'<line class="pace" x1="{num(x(start))}" y1="{num(y(0))}" '
                f'x2="{num(x2)}" y2="{num(y(min(pace_end, top)))}"/>'
            )
        path = [f"M{num(x(start))} {num(y(0))}"]
        for n, day in enumerate(days, 1):
            path.append(f"H{num(x(day))}V{num(y(n))}")
        path.append(f"H{num(x(end))}")
        body.append(f'<path class="line" d="{"".join(path)}"/>')
        body.append(f'<circle class="dot" cx="{num(x(end))}" cy="{num(y(len(days)))}" r="4"/>')
        body.append(
            f'<text class="value" x="{num(x(end) - 8)}" y="{num(y(len(days)) - 10)}" '
            f'text-anchor="end">{len(days):,}</text>'
        )
        if pace_end is not None and pace_end > top:  # labelled where it leaves the chart
            side = f'x="{num(x2 + 6)}"' if x2 < w / 2 else f'x="{num(x2 - 6)}" text-anchor="end"'
            body.append(f'<text {side} y="{num(up + 10)}">pace: {pace_end:,.0f} by now ↑</text>')
        elif pace_end is not None:
            body.append(
                f'<text x="{num(x(end) - 8)}" y="{num(y(pace_end) - 10)}" '
                f'text-anchor="end">{pace_end:,.0f}</text>'
            )
        noun = self.journey.count
        desc = (
            f"{plural(len(days), noun[:-1])} from {day_text(start)} to {day_text(end)}, "
            f"as a line that steps up with each one."
        )
        if pace_end is not None and self.journey.pace.end is not None:
            desc += (
                f" A dashed straight line shows the pace needed to reach "
                f"{self.journey.goal:,} by {day_text(self.journey.pace.end)}: "
                f"{pace_end:,.0f} by {day_text(end)}."
            )
        return svg_chart("chart-cumulative", w, h, f"Cumulative {noun} over time", desc, body)

    def cumulative_rows(self) -> list[CumulativeRow]:
        """The cumulative chart as a table: the count and the pace line at each month's end."""
        if self.start is None or not self.points:
            return []
        end = self.span_end
        days = self.counted_days()
        rows = []
        for first in month_starts(self.start, end, include_first=True):
            last = min(next_month(first) - dt.timedelta(days=1), end)
            pace = self.pace_at(last)
            rows.append(
                CumulativeRow(
                    f"{last.day} {last:%b %Y}",
                    sum(1 for d in days if d <= last),
                    None if pace is None else round(pace),
                )
            )
        return rows

    def _month_ticks(
        self,
        start: dt.date,
        end: dt.date,
        x: Callable[[dt.date], float],
        baseline: float,
        edge: float,
    ) -> list[str]:
        firsts = month_starts(start, end)
        every = max(1, math.ceil(len(firsts) / 8))  # at most ~8 labels fit the width
        out = []
        for i, first in enumerate(firsts):
            if i % every:
                continue
            px = x(first)
            label = f"{first:%b}" if first.month != 1 else f"{first:%Y}"
            # Near the right edge the label ends at its tick, so phones' larger text stays in.
            anchor = "end" if px > edge - 30 else "middle"
            out.append(
                f'<text x="{num(px)}" y="{num(baseline)}" text-anchor="{anchor}">{label}</text>'
            )
        return out

    # ------------------------------------------------------------------ months

    def months(self) -> Markup:
        """Outcomes per month as stacked bars, rejections at the bottom."""
        months = self.all_months()
        if not months:
            return Markup("")
        top, step = nice_ceiling(max(m.figures.asks for m in months))
        w, h, left, right, up, down = 640, 260, 36, 8, 12, 34
        pw, ph = w - left - right, h - up - down
        slot = pw / len(months)
        bar = min(slot * 0.7, 48)
        body = y_grid(left, w - right, top, step, lambda v: up + ph * (1 - v / top))
        every = max(1, math.ceil(len(months) / 12))
        for i, month in enumerate(months):
            cx = left + slot * (i + 0.5)
            base = 0
            name = f"{dt.date(month.year, month.month, 1):%B %Y}"
            for outcome in STACK:
                count = month.figures.outcomes.get(outcome.value, 0)
                if not count:
                    continue
                y0 = up + ph * (1 - (base + count) / top)
                height = ph * count / top
                body.append(
                    f'<rect class="c-{outcome.value}" x="{num(cx - bar / 2)}" y="{num(y0)}" '
                    f'width="{num(bar)}" height="{num(height)}"><title>{name}: {count} '
                    f"{outcome.label.lower()}</title></rect>"
                )
                base += count
            if i % every == 0:
                label = f"{month.year}" if month.month == 1 or i == 0 else ""
                label = f"{dt.date(month.year, month.month, 1):%b}" + (f" {label}" if label else "")
                body.append(f'<text x="{num(cx)}" y="{h - 6}" text-anchor="middle">{label}</text>')
        busiest = max(months, key=lambda m: m.figures.asks)
        desc = (
            f"Asks per month from {months[0].key} to {months[-1].key}, each bar split by "
            f"outcome. The busiest month was {dt.date(busiest.year, busiest.month, 1):%B %Y} "
            f"with {plural(busiest.figures.asks, 'ask')}."
        )
        return svg_chart("chart-months", w, h, "Outcomes per month", desc, body)

    def all_months(self) -> list[Month]:
        """Every month from the first ask to the last, empty months included."""
        months = self.journey.months
        if not months:
            return []
        known = {m.key: m for m in months}
        first = dt.date(months[0].year, months[0].month, 1)
        last = dt.date(months[-1].year, months[-1].month, 1)
        result = []
        for day in month_starts(first, last, include_first=True):
            key = f"{day:%Y-%m}"
            result.append(known.get(key) or Month(key, day.year, day.month, _EMPTY, ()))
        return result

    # ------------------------------------------------------------------ patterns

    def rates(self, dimension: Dimension, overall: Group) -> Markup:
        """Yes rates of one grouping with their 95% ranges (render/patterncharts.py)."""
        return rates_svg(dimension, overall)

    # ------------------------------------------------------------------ heatmap

    def active_days(self) -> list[tuple[str, int, int]]:
        """(YYYY-MM, days with at least one ask, asks) per month: the heatmap as a table."""
        per_month: dict[str, list[int]] = {}
        for day, count in sorted(self.journey.days.items()):
            per_month.setdefault(f"{day:%Y-%m}", []).append(count)
        return [(key, len(counts), sum(counts)) for key, counts in per_month.items()]

    def heatmaps(self) -> list[HeatmapYear]:
        """A GitHub-style calendar of asks per day for each year of the journey, newest first."""
        days = self.journey.days
        if not days:
            return []
        first_year = min(min(days), self.start or min(days)).year
        last_year = max(max(days), self.today).year
        first = min(self.start or self.today, min(days))
        return [
            heatmap_year(year, days, first, self.today)
            for year in range(last_year, first_year - 1, -1)
        ]


_EMPTY = Figures()


def for_site(journey: Journey, entries: Sequence[Entry], tz: ZoneInfo) -> Charts:
    return Charts(journey, tuple((e.date, e.counts_as_rejection) for e in entries), tz)
