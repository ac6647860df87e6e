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
    answer,
    check,
    import_csv,
    init,
    new,
    pending,
    print_problems,
    serve,
    stats,
)
from .commands import build as build_cmd
from .core.errors import SiteErrors, sort_key
from .core.followup import plural


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
    "pending": pending,
    "answer": answer,
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
    for command_parser in sub.choices.values():
        command_parser.set_defaults(command_parser=command_parser)
    return parser


def problem_count(exc: SiteErrors) -> str:
    """'2 errors', '1 error, 1 warning'."""
    text = plural(len(exc.errors), "error")
    return text + (f", {plural(len(exc.warnings), 'warning')}" if exc.warnings else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except SiteErrors as exc:
        print_problems(sorted(exc.errors + exc.warnings, key=sort_key))
        print(f"asklog: {problem_count(exc)}", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        # The command's own usage line, not the top-level one: `asklog new` shows `new`'s.
        command_parser: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        command_parser.error(str(exc))
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
