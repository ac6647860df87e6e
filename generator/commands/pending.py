"""`asklog pending`: the asks still waiting for an answer, oldest first, with their age."""

from __future__ import annotations

import argparse

from ..pipeline.build import BuildOptions, load_site, now_from_env
from . import EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser(
        "pending",
        help="list asks waiting for an answer",
        description="List pending asks, oldest first, with how long each has waited; "
        "record an answer with asklog answer.",
    )


def run(args: argparse.Namespace) -> int:
    from ..core.followup import plural, waiting

    loaded = load_site(args.root, BuildOptions(drafts=True, future=True))
    now = now_from_env()
    days = loaded.config.challenge.pending_days
    found = waiting(loaded.site, now)
    if not found:
        print("No pending asks.")
        return EXIT_OK
    for item in found:
        late = "  follow up" if item.days > days else ""
        print(f"{plural(item.days, 'day'):>9}  {item.entry.path}  {item.entry.ask}{late}")
    print(
        f"{plural(len(found), 'pending ask')}; record an answer with: "
        "asklog answer ENTRY OUTCOME [--lesson L]"
    )
    return EXIT_OK
