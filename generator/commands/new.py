"""`asklog new`: write one entry file."""

from __future__ import annotations

import argparse
import sys

from ..pipeline.build import now_from_env
from . import EXIT_OK, UsageError


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "new",
        help="write a new entry",
        description="Write a new entry file "
        "content/entries/YYYY/YYYY-MM-DD-slug.md and print its path.",
    )
    p.add_argument("ask", help='what you asked, e.g. "Could I sit in the cockpit?"')
    p.add_argument("--outcome", help="rejected, no-answer, accepted, partial or pending")
    p.add_argument("--lesson", default=None, help="what you learned")
    p.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    p.add_argument("--date", help="when you asked (default: now), e.g. 2026-03-14 18:30")
    p.add_argument("--title", help="a title other than the ask")
    p.add_argument("--draft", action="store_true", help="mark the entry as a draft")


def run(args: argparse.Namespace) -> int:
    from ..content import scaffold
    from ..core import dates
    from ..core.config import load_config
    from ..core.model import parse_outcome

    root = args.root
    config, _ = load_config(root)
    interactive = sys.stdin.isatty()
    outcome_text = args.outcome
    if outcome_text is None and interactive:
        outcome_text = input("Outcome (rejected, no-answer, accepted, partial, pending): ").strip()
    outcome = parse_outcome(outcome_text or "pending")
    if outcome is None:
        raise UsageError(
            f"unknown outcome '{outcome_text}'; use rejected, no-answer, "
            "accepted, partial or pending"
        )
    lesson = args.lesson
    if lesson is None and interactive and outcome.is_decided:
        lesson = input("Lesson (one line, Enter to skip): ").strip()
    if args.date:
        try:
            when = dates.parse_datetime(args.date, config.tz).astimezone(config.tz)
        except ValueError as exc:
            raise UsageError(f"--date: {exc}; {dates.HINT}") from None
    else:
        when = now_from_env().astimezone(config.tz)
    path = scaffold.entry_path(root, when, args.ask, args.title)
    text = scaffold.entry_text(
        args.ask, outcome, lesson or "", args.tag, when, args.title, args.draft
    )
    scaffold.write_new(path, text)
    print(path.as_posix())
    return EXIT_OK
