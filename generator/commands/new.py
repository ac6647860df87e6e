"""`asklog new`: write one entry file."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..pipeline.build import now_from_env
from . import EXIT_OK, UsageError

if TYPE_CHECKING:
    from ..core.model import Outcome

OUTCOMES = "rejected, no-answer, accepted, partial or pending"
DATE_HELP = "when you asked: today, yesterday, -N (days ago), 2026-03-14 or 2026-03-14 18:30"
_DAYS_AGO = re.compile(r"^-(\d{1,4})$")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "new",
        help="write a new entry",
        description="Write a new entry file "
        "content/entries/YYYY/YYYY-MM-DD-slug.md and print its path.",
    )
    p.add_argument("ask", help='what you asked, e.g. "Could I sit in the cockpit?"')
    p.add_argument("--outcome", help=f"{OUTCOMES} (or a word from outcomes: in site.yaml)")
    p.add_argument("--lesson", default=None, help="what you learned")
    p.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    p.add_argument("--date", help=f"{DATE_HELP} (default: now)")
    p.add_argument("--title", help="a title other than the ask")
    p.add_argument("--draft", action="store_true", help="mark the entry as a draft")


def run(args: argparse.Namespace) -> int:
    from ..content import scaffold
    from ..core import slugs
    from ..core.config import load_config
    from ..core.errors import SiteErrors
    from ..core.model import parse_outcome

    root = args.root
    config, _ = load_config(root)
    now = now_from_env().astimezone(config.tz)
    when = parse_when(args.date, now, config.tz) if args.date else now
    prompt = input if sys.stdin.isatty() else None
    if args.outcome is not None:
        outcome = parse_outcome(args.outcome, config.aliases)
        if outcome is None:
            raise UsageError(f"unknown outcome '{args.outcome}'; use {OUTCOMES}")
    else:
        outcome = ask_outcome(prompt, config.aliases)
    lesson = args.lesson
    if lesson is None and prompt is not None and outcome.is_decided:
        lesson = prompt("Lesson (one line, Enter to skip): ").strip()
    text = scaffold.entry_text(
        args.ask, outcome, lesson or "", args.tag, when, args.title, args.draft
    )
    taken = scaffold.existing_slugs(root)
    for _attempt in range(100):  # another `new` may take a name between look and link
        path = scaffold.unique_path(scaffold.entry_path(root, when, args.ask, args.title), taken)
        try:
            scaffold.write_new(path, text)
            break
        except SiteErrors:
            if not path.exists():
                raise
            taken[slugs.file_slug(path.stem)[0]] = path.with_name("(taken)")
    print(path.as_posix())
    return EXIT_OK


def ask_outcome(prompt: Callable[[str], str] | None, aliases: Mapping[str, Outcome]) -> Outcome:
    """The outcome typed at the terminal, asking again after a typo; Enter means pending."""
    from ..core.model import Outcome, parse_outcome

    while prompt is not None:
        text = prompt(f"Outcome ({OUTCOMES}; Enter: pending): ").strip()
        if not text:
            break
        outcome = parse_outcome(text, aliases)
        if outcome is not None:
            return outcome
        print(f"  unknown outcome '{text}'; type one of {OUTCOMES}", file=sys.stderr)
    return Outcome.PENDING


def parse_when(text: str, now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """--date: today, yesterday, -N days ago (at the time it is now), or a date."""
    from ..core import dates

    word = text.strip().lower()
    match = _DAYS_AGO.match(word)
    days = {"today": 0, "yesterday": 1}.get(word, int(match.group(1)) if match else None)
    if days is not None:  # the same wall-clock time, days earlier in the site's zone
        return (now.replace(tzinfo=None) - dt.timedelta(days=days)).replace(tzinfo=tz)
    try:
        return dates.parse_datetime(text, tz).astimezone(tz)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}; {DATE_HELP}") from None
