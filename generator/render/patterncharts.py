"""Yes rates with their 95% ranges as inline SVG: one dot and whisker per group, and a
dashed line at the overall rate. Pure; the page puts a table next to every chart."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..core.patterns import BELOW, FEW, Dimension, Group

# Sized so the labels still fit at 375 px, where the theme sets chart text to 22 units.
WIDTH, LEFT, RIGHT, TOP, ROW = 640, 200, 80, 40, 36
LABEL_CHARS = 12


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def rates_svg(dimension: Dimension, overall: Group) -> Markup:
    """Each group's yes rate (dot) and 95% range (line) against the overall rate (dashed)."""
    groups = [g for g in dimension.groups if g.decided]
    base = overall.yes_rate
    if not groups or base is None:
        return Markup("")
    uid = "chart-" + "".join(c if c.isalnum() else "-" for c in dimension.key.lower())
    height = TOP + ROW * len(groups) + 8
    plot = WIDTH - LEFT - RIGHT

    def x(rate: float) -> float:
        return LEFT + plot * rate

    body = []
    for tick in (0.0, 0.5, 1.0):
        body.append(
            f'<line class="grid" x1="{_n(x(tick))}" x2="{_n(x(tick))}" y1="{TOP - 8}" '
            f'y2="{height - 4}"/><text x="{_n(x(tick))}" y="{TOP - 14}" '
            f'text-anchor="middle">{_pct(tick)}</text>'
        )
    body.append(
        f'<line class="pace" x1="{_n(x(base))}" x2="{_n(x(base))}" y1="{TOP - 8}" '
        f'y2="{height - 4}"/>'
    )
    for i, g in enumerate(groups):
        y = TOP + ROW * i + ROW / 2
        kind = "few" if g.verdict == FEW else "low" if g.verdict == BELOW else "level"
        rate = g.yes_rate or 0.0
        body.append(
            f'<g class="rate-{kind}"><title>{escape(g.label)}: {g.yeses} of {g.decided} '
            f"({_pct(rate)}, 95% range {_pct(g.interval.low)} to {_pct(g.interval.high)}): "
            f"{g.verdict}</title>"
            f'<text x="{LEFT - 10}" y="{_n(y)}" dy=".35em" text-anchor="end">'
            f"{escape(_short(g.key if dimension.key == 'month' else g.label))}</text>"
            f'<line class="range" x1="{_n(x(g.interval.low))}" x2="{_n(x(g.interval.high))}" '
            f'y1="{_n(y)}" y2="{_n(y)}"/><circle class="dot" cx="{_n(x(rate))}" cy="{_n(y)}" '
            f'r="6"/><text x="{WIDTH - 4}" y="{_n(y)}" dy=".35em" text-anchor="end">'
            f"{g.yeses}/{g.decided}</text></g>"
        )
    flagged = [g.label for g in groups if g.verdict == BELOW]
    desc = (
        f"Yes rate per {dimension.name} with its 95% range, against {_pct(base)} for all asks "
        f"(dashed line). "
        + (
            f"Clearly lower: {', '.join(flagged)}."
            if flagged
            else "No group is clearly lower than the overall rate."
        )
    )
    head = (
        f'<svg class="chart rates" id="{uid}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-t">Yes rate per {escape(dimension.name)}</title>'
        f'<desc id="{uid}-d">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")
