"""`asklog import`: turn a spreadsheet saved as CSV into entry files, all rows or none."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import SiteErrors
from ..core.followup import plural
from . import EXIT_CONTENT, EXIT_OK, print_problems


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="turn a CSV of past asks into entries",
        description="Turn a spreadsheet saved as CSV (columns date, ask, outcome; "
        "optional lesson, tags, title, story, answered; any other column is kept as a "
        "private key) into entry files. Existing files are never overwritten; if any row "
        "is bad, nothing is written.",
    )
    p.add_argument("csv", type=Path, metavar="FILE.csv", help="the spreadsheet, saved as CSV")
    p.add_argument(
        "--dry-run", action="store_true", help="print what would be written; write nothing"
    )
    order = p.add_mutually_exclusive_group()
    order.add_argument(
        "--day-first",
        dest="order",
        action="store_const",
        const="day",
        help="read dates like 09/02/2026 as 9 February",
    )
    order.add_argument(
        "--month-first",
        dest="order",
        action="store_const",
        const="month",
        help="read dates like 09/02/2026 as September 2",
    )


def run(args: argparse.Namespace) -> int:
    from ..content.importer import import_csv

    try:
        plan = import_csv(args.root, args.csv, args.order, args.dry_run)
    except SiteErrors as exc:
        print_problems(exc.errors)
        print(
            f"asklog: {plural(len(exc.errors), 'error')}; nothing was written "
            "(fix them and run asklog import again)",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    for item in plan.fresh:
        if args.dry_run:
            print(f"==> would create {item.path.as_posix()} (from line {item.row}) <==")
            print(item.text, end="")
        else:
            print(f"  created {item.path.as_posix()}")
    verb = "Would import" if args.dry_run else "Imported"
    lines = [f"{verb} {plural(len(plan.fresh), 'entry')} from {args.csv.as_posix()}."]
    if plan.already:
        lines.append(f"  {plural(plan.already, 'row')} imported before: left as they are.")
    if plan.private:
        kept = ", ".join(f"{header} -> {key}" for header, key in plan.private.items())
        lines.append(f"  Kept as private keys (in the files, never published): {kept}.")
    if plan.no_story:
        lines.append(
            f"  {plural(plan.no_story, 'row')} without a story: build warns about each "
            "until you write it."
        )
    if args.dry_run:
        lines.append("  Nothing was written (--dry-run).")
    print("\n".join(lines))
    return EXIT_OK
