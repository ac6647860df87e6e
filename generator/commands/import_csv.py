"""`asklog import`: turn a spreadsheet saved as CSV into entry files, all rows or none."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import SiteErrors
from . import EXIT_CONTENT, EXIT_OK, print_problems


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="turn a CSV of past asks into entries",
        description="Turn a spreadsheet saved as CSV (columns date, ask, outcome, "
        "lesson, tags; optional title, story) into entry files. Existing files are "
        "never overwritten; if any row is bad, nothing is written.",
    )
    p.add_argument("csv", type=Path, metavar="FILE.csv", help="the spreadsheet, saved as CSV")


def run(args: argparse.Namespace) -> int:
    from ..content.importer import import_csv

    try:
        written, already = import_csv(args.root, args.csv)
    except SiteErrors as exc:
        problems = exc.errors
        print_problems(problems)
        count = len(problems)
        print(
            f"asklog: {count} error{'s' if count != 1 else ''}; nothing was written "
            "(fix them and run asklog import again)",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    for path in written:
        print(f"  created {path.as_posix()}")
    note = f" ({already} row(s) were imported before: left as they are)" if already else ""
    print(f"Imported {len(written)} entries from {args.csv.as_posix()}{note}.")
    return EXIT_OK
