"""Command line: builds the parser from the commands, runs one, maps user errors to exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from . import __version__
from .commands import (
    EXIT_CONTENT,
    UsageError,
    check,
    import_csv,
    init,
    new,
    print_problems,
    serve,
    stats,
)
from .commands import build as build_cmd
from .core.errors import SiteErrors


# Commands import what only they need (YAML, the model, feeds) when they run: a build
# that changes nothing is mostly Python's start-up, so every import shows.
class Command(Protocol):
    def add_parser(self, sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...
    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS: dict[str, Command] = {
    "init": init,
    "new": new,
    "build": build_cmd,
    "serve": serve,
    "check": check,
    "import": import_csv,
    "stats": stats,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asklog",
        description="Turn Markdown asks into a site that counts toward 1,000 rejections.",
    )
    parser.add_argument(
        "-C",
        dest="root",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="site root (default: the current folder)",
    )
    parser.add_argument("--version", action="version", version=f"asklog {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS.values():
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except SiteErrors as exc:
        print_problems(exc.errors)
        count = len(exc.errors)
        print(f"asklog: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        parser.error(str(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"asklog: internal error: {type(exc).__name__}: {exc}\n"
            "  hint: run again with --debug for the traceback, and please report it",
            file=sys.stderr,
        )
        return EXIT_CONTENT


if __name__ == "__main__":
    sys.exit(main())
