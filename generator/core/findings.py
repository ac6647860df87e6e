"""The patterns as plain, kind sentences, each with what to try; shared by page and terminal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Entry
from .patterns import ABOVE, BELOW, FEW, Dimension, Group, Patterns, Run


@dataclass(frozen=True)
class Finding:
    kind: str  # "lower", "higher", "run", "trend", "responses", "surprise", "quiet", "few"
    text: str
    hint: str = ""
    dimension: Dimension | None = None
    group: Group | None = None
    run: Run | None = None
    entry: Entry | None = None  # a surprising yes
    detail: str = ""  # where a surprising yes is surprising: '#money: 1 yes in 9'


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def times_in(group: Group) -> str:
    """'1 time in 9', '3 times in 12', 'no yes in 9'."""
    if group.yeses == 0:
        return f"no yes in {group.decided}"
    return f"a yes {group.yeses} time{'s' if group.yeses != 1 else ''} in {group.decided}"


def about_one_in(rate: float | None) -> str:
    """A rate as people say it: '1 in 4', 'about 1 in 5', 'about 6 in 10'."""
    if rate is None:
        return "no decided asks yet"
    if rate == 0:
        return "no yes yet"
    if rate >= 0.5:
        tens = round(rate * 10)
        return f"{'' if abs(rate * 10 - tens) < 1e-9 else 'about '}{tens} in 10"
    n = int(1 / rate + 0.5)
    return f"{'' if abs(1 / rate - n) < 1e-9 else 'about '}1 in {n}"


def subject(dimension: Dimension, group: Group) -> str:
    """'Asks about money', 'Asks on Mondays', 'Asks in the morning', 'Asks by channel: email'."""
    kind, label = dimension.key, group.label
    if kind == "tag":
        return f"Asks about {label}"
    if kind == "weekday":
        return f"Asks on {label}s"
    if kind == "time":
        return "Asks at night" if label == "night" else f"Asks in the {label}"
    if kind == "month":
        return f"Asks in {label}"
    return f"Asks with {dimension.name}: {label}"


def place(dimension: Dimension, group: Group) -> str:
    """'#money', 'on Mondays', 'in the morning', 'in June 2026', 'channel: email'."""
    if dimension.key == "tag":
        return f"#{group.label}"
    return subject(dimension, group).removeprefix("Asks ").replace("with ", "", 1)


def _hint(dimension: Dimension, group: Group) -> str:
    if group.verdict == ABOVE:
        return "Whatever you do there is working: more asks like these?"
    return {
        "tag": f"It may help to change how you ask about {group.label}: another person, "
        "another moment, or a smaller first ask.",
        "weekday": "Try a few of these asks on another day of the week.",
        "time": "Try a few of these asks at another time of day.",
        "month": f"What was different in {group.label}? Your notes from then may tell.",
    }.get(dimension.key, f"Try another {dimension.name} for a few of these asks.")


def group_sentence(patterns: Patterns, dimension: Dimension, group: Group) -> str:
    overall = about_one_in(patterns.overall.yes_rate)
    verb = "have had" if group.yeses == 0 else "get"
    return f"{subject(dimension, group)} {verb} {times_in(group)}, against {overall} overall."


def run_sentence(run: Run) -> str:
    return f"{run.length} nos in a row in #{run.label} since {run.since.day} {run.since:%B}."


def findings(patterns: Patterns, runs_from: int = 3) -> list[Finding]:
    """What stands out, most useful first: low groups, high groups, runs, trend, surprises."""
    out: list[Finding] = []
    for verdict, kind in ((BELOW, "lower"), (ABOVE, "higher")):
        for d, g in patterns.notable(verdict):
            out.append(Finding(kind, group_sentence(patterns, d, g), _hint(d, g), d, g))
    if not out:
        out.append(
            Finding(
                "quiet",
                "No group of asks stands out from your overall yes rate yet: "
                "every difference so far could be chance.",
                "Keep asking; patterns show once a group has a few more decided asks.",
            )
        )
    for run in [r for r in patterns.runs if r.length >= runs_from][:3]:
        hint = (
            f"At your overall yes rate, {run.length} nos in a row happen about "
            f"{percent(run.chance)} of the time by chance: a run, not a verdict. "
            "A fresh approach is still worth a try."
        )
        out.append(Finding("run", run_sentence(run), hint, run=run))
    out.append(trend_finding(patterns))
    for surprise in patterns.surprises:
        where = "; ".join(
            f"{place(d, g)}: {g.yeses} yes{'es' if g.yeses != 1 else ''} in {g.decided}"
            for d, g in surprise.groups
        )
        out.append(
            Finding(
                "surprise",
                f"A yes where yeses are rare: “{surprise.entry.title}” ({where}).",
                "What was different that time? It may be worth doing again.",
                entry=surprise.entry,
                detail=where,
            )
        )
    return out


def trend_finding(patterns: Patterns) -> Finding:
    t = patterns.trend
    if t.verdict == FEW:
        need = patterns.min_asks
        return Finding(
            "trend",
            f"Too few asks to tell a trend yet: it takes your last {t.recent.label.split()[-1]} "
            f"decided asks and at least {need} before them.",
        )
    said = {
        "up": "clearly more than before. Keep doing what changed.",
        "down": "clearly fewer than before. What changed?",
        "steady": "no clear change.",
    }[t.verdict]
    return Finding(
        "trend",
        f"Your last {t.recent.decided} decided asks got {times_in(t.recent)} "
        f"({percent(t.recent.yes_rate)}), against {t.before.yeses} in {t.before.decided} "
        f"before ({percent(t.before.yes_rate)}): {said}",
    )


def too_few(patterns: Patterns) -> tuple[int, int]:
    """(groups with too few decided asks to tell, all groups)."""
    groups = [g for d in patterns.dimensions for g in d.groups]
    return sum(1 for g in groups if g.verdict == FEW), len(groups)


def days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} days"


def since(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
