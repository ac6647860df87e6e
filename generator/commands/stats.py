"""`asklog stats`: the counter, pace and streaks in the terminal."""

from __future__ import annotations

import argparse
import json

from ..core.followup import plural
from ..pipeline.build import BuildOptions, load_site
from . import EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "stats",
        help="the counter in the terminal",
        description="Print the counter, pace and streaks.",
    )
    p.add_argument("--json", action="store_true", help="print journey.json's object")


def run(args: argparse.Namespace) -> int:
    from ..core.urls import Urls
    from ..render.feeds import journey_data

    loaded = load_site(args.root, BuildOptions())
    data = journey_data(loaded.site, loaded.config, Urls(loaded.config.base_url))
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
        f"  streak: {plural(d['streak']['current'], 'day')} now, longest {d['streak']['longest']}",
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
