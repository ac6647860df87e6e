"""`asklog stats`: the counter, pace and streaks in the terminal; `--patterns`: where the nos
pile up (also when `patterns: private` keeps them off the site)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from ..pipeline.build import BuildOptions, load_site
from . import EXIT_OK

if TYPE_CHECKING:
    from ..core.patterns import Group, Patterns


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "stats",
        help="the counter in the terminal",
        description="Print the counter, pace and streaks; --patterns: where the nos pile up.",
    )
    p.add_argument("--json", action="store_true", help="print journey.json's object")
    p.add_argument(
        "--patterns",
        action="store_true",
        help="yes rates per tag, weekday, time of day, month and patterns.by keys",
    )


def run(args: argparse.Namespace) -> int:
    from ..core.urls import Urls
    from ..render.feeds import journey_data

    loaded = load_site(args.root, BuildOptions())
    urls = Urls(loaded.config.base_url)
    if args.patterns and loaded.site.patterns is not None:
        from ..render.patternsdata import patterns_data

        if args.json:
            data = patterns_data(loaded.site.patterns, urls)
            print(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            print(patterns_text(loaded.config.title, loaded.site.patterns))
        return EXIT_OK
    data = journey_data(loaded.site, loaded.config, urls)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(stats_text(data))
    return EXIT_OK


def stats_text(data: dict[str, object]) -> str:
    d: dict = data  # type: ignore[type-arg]
    width = 30
    filled = round(d["progress"] * width)
    rate = "–" if d["yes_rate"] is None else f"{d['yes_rate'] * 100:.0f}%"
    pace = d["pace"]
    lines = [
        d["title"],
        f"  {d['counted']:,} / {d['goal']:,} {d['count']}  "
        f"[{'#' * filled}{'.' * (width - filled)}] {d['progress'] * 100:.1f}%",
        f"  {d['asks']:,} asks · {d['rejections']:,} rejections · {d['yeses']:,} yeses · "
        f"yes rate {rate} · {d['pending']} pending",
        f"  streak: {d['streak']['current']} day(s) now, longest {d['streak']['longest']}",
        f"  pace: {pace['asks_per_week']:.1f} asks and {pace['rejections_per_week']:.1f} "
        f"rejections a week",
    ]
    if pace["needed_per_week"] is not None:
        lines.append(
            f"  needed: {pace['needed_per_week']:.1f} {d['count']} a week "
            f"to finish by {pace['end']}"
        )
    if pace["projected_finish"]:
        lines.append(f"  at this pace you reach {d['goal']:,} on {pace['projected_finish']}")
    reached = [f"{m['number']:,} ({m['date'][:10]})" for m in d["milestones"] if m["reached"]]
    nxt = next((m["number"] for m in d["milestones"] if not m["reached"]), None)
    lines.append(
        f"  milestones reached: {', '.join(reached) or 'none yet'}"
        + (f"; next: {nxt:,}" if nxt else "")
    )
    return "\n".join(lines)


def _row(label: str, g: Group) -> str:
    from ..core.findings import percent

    span = f"{g.interval.low * 100:.0f}–{g.interval.high * 100:.0f}%" if g.decided else "–"
    return (
        f"  {label[:18]:<18} {g.asks:>5} {g.decided:>7} {g.yeses:>5} "
        f"{percent(g.yes_rate):>5} {span:>9}  {g.verdict}"
    )


def patterns_text(title: str, p: Patterns) -> str:
    """The findings as sentences, then one table per grouping."""
    from ..core import findings as f

    o = p.overall
    lines = [
        f"Patterns: {title}",
        f"  {o.yeses} yeses in {o.decided} decided asks ({f.percent(o.yes_rate)}, "
        f"95% range {f.percent(o.interval.low)}–{f.percent(o.interval.high)}); "
        f"a group needs {p.min_asks} decided asks before it gets a verdict",
        "",
    ]
    for finding in f.findings(p):
        lines.append(f"  * {finding.text}")
        if finding.hint:
            lines.append(f"    {finding.hint}")
    head = (
        f"  {'':<18} {'asks':>5} {'decided':>7} {'yeses':>5} {'rate':>5} {'95% range':>9}  verdict"
    )
    for d in p.dimensions:
        lines += ["", f"By {d.name}" + (f" ({d.unset} asks without one)" if d.unset else ""), head]
        lines += [_row(g.label, g) for g in d.groups]
    if p.responses:
        lines += [
            "",
            "Response times per tag",
            f"  {'':<18} {'answered':>8} {'median':>11} pending",
        ]
        lines += [
            f"  {r.label[:18]:<18} {r.answered:>8} {f.days(r.median_days):>11} {r.pending:>7}"
            for r in p.responses
        ]
    return "\n".join(lines)
