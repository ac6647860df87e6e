"""`asklog init`: a new site, in the writer's time zone, asking for what it needs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..pipeline.build import now_from_env
from . import EXIT_OK, UsageError, print_problems

DEFAULT_GOAL = 1000


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "init",
        help="create a new site",
        description="Create a new site: site.yaml, content/, a first entry, a FAQ and a "
        "deploy workflow. In a terminal it asks for the title, author and goal.",
    )
    p.add_argument("dir", nargs="?", type=Path, default=None, help="folder (default: -C or .)")
    p.add_argument("--title", default=None, help="site title")
    p.add_argument("--author", default=None, help="your name")
    p.add_argument("--goal", type=int, default=None, help="how many rejections (default 1000)")
    p.add_argument(
        "--timezone",
        default=None,
        help="IANA time zone, e.g. Europe/London (default: the system's, from TZ or "
        "/etc/localtime)",
    )


def run(args: argparse.Namespace) -> int:
    from ..content import publish, scaffold

    target = args.dir if args.dir is not None else args.root
    if args.goal is not None and args.goal < 1:
        raise UsageError("--goal must be at least 1")
    if args.timezone is not None:
        if not valid_zone(args.timezone):
            raise UsageError(
                f"unknown time zone '{args.timezone}'; use an IANA name such as Europe/London"
            )
        zone, source = args.timezone, "--timezone"
    else:
        zone, source = system_timezone(os.environ.get("TZ"), Path("/etc/localtime"))
    title, author, goal = settings(args, input if sys.stdin.isatty() else None)
    today = now_from_env().astimezone(ZoneInfo(zone)).date()
    written = scaffold.init_site(target, today, title, author, zone, goal)
    for path in written:
        print(f"  created {path.as_posix()}")
    warning = publish.requirements_text()[1]
    if warning and target / "requirements.txt" in written:
        print_problems([replace(warning, path=(target / "requirements.txt").as_posix())])
    print(f"Time zone: {zone} ({source}); change it with 'timezone:' in site.yaml.")
    print(f"New site in {target}. Next: asklog -C {target} serve")
    return EXIT_OK


def settings(args: argparse.Namespace, prompt: Callable[[str], str] | None) -> tuple[str, str, int]:
    """Title, author and goal: from the flags, else asked at the terminal (`prompt`)."""
    goal = args.goal
    if goal is None and prompt is not None:
        goal = ask_number(prompt, f"Goal: how many rejections? [{DEFAULT_GOAL}] ", DEFAULT_GOAL)
    goal = goal or DEFAULT_GOAL
    default_title = f"My journey to {goal:,} rejections"
    title, author = args.title, args.author
    if title is None and prompt is not None:
        title = prompt(f"Site title [{default_title}]: ").strip()
    if author is None and prompt is not None:
        author = prompt("Your name (Enter to leave it out): ").strip()
    return title or default_title, author or "", goal


def ask_number(prompt: Callable[[str], str], question: str, default: int) -> int:
    """A positive whole number; asks again until it gets one (Enter: the default)."""
    while True:
        answer = prompt(question).strip().replace(",", "")
        if not answer:
            return default
        if answer.isdigit() and int(answer) > 0:
            return int(answer)
        print("  please type a whole number, e.g. 1000", file=sys.stderr)


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def system_timezone(tz_env: str | None, localtime: Path) -> tuple[str, str]:
    """The system's IANA zone and where it came from; UTC, said out loud, if none is found."""
    if tz_env:
        name = _zone_name(tz_env.removeprefix(":"))
        if name:
            return name, "from TZ"
    if localtime.is_symlink() or localtime.exists():
        name = _zone_name(os.path.realpath(localtime))
        if name:
            return name, f"from {localtime}"
    return "UTC", (
        "could not tell the system's time zone from TZ or /etc/localtime; "
        "pass --timezone to choose another"
    )


def _zone_name(text: str) -> str | None:
    """'Europe/Paris' or '/usr/share/zoneinfo/Europe/Paris' -> 'Europe/Paris'."""
    name = text.split("zoneinfo/", 1)[1] if "zoneinfo/" in text else text
    name = name.removeprefix("posix/").removeprefix("right/")
    if name.startswith("/") or not valid_zone(name):
        return None
    return name
