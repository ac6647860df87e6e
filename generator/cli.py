"""Command line: parses arguments, runs a command, turns user errors into reports and exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .build import (
    BuildOptions,
    BuildReport,
    Loaded,
    build,
    load_site,
    now_from_env,
    render_site,
)
from .errors import SiteError, SiteErrors

# Commands import what only they need (YAML, the model, feeds) when they run: a build
# that changes nothing is mostly Python's start-up, so every import shows.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the command line itself (exit status 2)."""


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

    p = sub.add_parser(
        "init",
        help="create a new site",
        description="Create a new site: "
        "site.yaml, content/, a first entry, a FAQ and a deploy workflow.",
    )
    p.add_argument("dir", nargs="?", type=Path, default=None, help="folder (default: -C or .)")
    p.add_argument("--title", default="My journey to 1,000 rejections", help="site title")
    p.add_argument("--author", default="", help="your name")

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

    p = sub.add_parser("build", help="build the site", description="Build the site into site/.")
    _build_flags(p)
    p.add_argument("--out", type=Path, help="output folder (default: site/)")
    p.add_argument("--base-url", help="override base_url, e.g. https://me.github.io/journey/")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="print the time of each stage")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="ignore and do not update the parse cache in .asklog/cache/",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="processes for converting Markdown (default: one per core)",
    )

    p = sub.add_parser(
        "serve",
        help="preview with live reload",
        description="Build, serve on http://127.0.0.1:8000/, rebuild on save.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--no-drafts", action="store_true", help="hide drafts (shown by default)")
    p.add_argument("--open", action="store_true", help="open the site in a browser")
    p.add_argument("--poll", action="store_true", help="poll for changes (network file systems)")

    p = sub.add_parser(
        "check",
        help="validate content and config",
        description="Validate content and config without writing anything.",
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--links", action="store_true", help="also check the built site's links")
    p.add_argument(
        "--external",
        action="store_true",
        help="with --links: also list external links (never fetched)",
    )

    p = sub.add_parser(
        "import",
        help="turn a CSV of past asks into entries",
        description="Turn a spreadsheet saved as CSV (columns date, ask, outcome, "
        "lesson, tags; optional title, story) into entry files. Existing files are "
        "never overwritten; if any row is bad, nothing is written.",
    )
    p.add_argument("csv", type=Path, metavar="FILE.csv", help="the spreadsheet, saved as CSV")

    p = sub.add_parser(
        "stats",
        help="the counter in the terminal",
        description="Print the counter, pace and streaks.",
    )
    p.add_argument("--json", action="store_true", help="print journey.json's object")
    return parser


def _build_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--drafts", action="store_true", help="include drafts")
    p.add_argument("--future", action="store_true", help="include entries dated in the future")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _print_problems(problems: Sequence[SiteError]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    root = args.root
    options = BuildOptions(
        out=_resolve(root, args.out) if args.out else None,
        drafts=args.drafts,
        future=args.future,
        base_url=args.base_url,
        strict=args.strict,
        cache=not args.no_cache,
        jobs=args.jobs,
    )
    report = build(root, options)
    if not args.quiet:
        _print_problems(report.warnings)
        if args.verbose:
            for stage, seconds in report.stages.items():
                print(f"  {stage:<9} {seconds * 1000:8.1f} ms")
        print(summary(report))
    return EXIT_OK


def summary(report: BuildReport) -> str:
    site = report.outline
    w = report.write
    line = (
        f"Built {report.pages} pages ({site.entries} entries) in {report.seconds:.2f} s: "
        f"{len(w.written)} files written, {w.unchanged} unchanged, {len(w.removed)} removed"
    )
    if site.drafts_skipped:
        line += f"; {site.drafts_skipped} draft(s) left out (--drafts shows them)"
    if site.future_skipped:
        named = ", ".join(f"{path} ({date})" for path, date in site.future_skipped)
        line += f"; future-dated, left out (--future shows them): {named}"
    return line + "."


def _resolve(root: Path, path: Path) -> Path:
    return path if path.is_absolute() else Path.cwd() / path


def cmd_check(args: argparse.Namespace) -> int:
    loaded = load_site(args.root, BuildOptions(strict=args.strict))
    render_site(args.root, loaded, {})  # theme and template errors too, written nowhere
    problems = loaded.warnings + follow_ups(loaded)
    if not loaded.config.base_url_set:
        problems.append(
            SiteError(
                "base_url is not set; feeds will point at localhost",
                "site.yaml",
                None,
                "add base_url: https://your-site.example/ to site.yaml",
                "warning",
            )
        )
    problems += search_warnings(loaded)
    if args.strict and problems:
        raise SiteErrors(p.as_error() for p in problems)
    _print_problems(problems)
    if args.links:
        check_site_links(args, loaded)
    site = loaded.site
    print(
        f"OK: {len(site.entries)} entries, {len(site.faq)} FAQ sections, "
        f"{len(site.pages)} pages, {len(problems)} warning(s)."
    )
    return EXIT_OK


def search_warnings(loaded: Loaded) -> list[SiteError]:
    from . import search

    if not loaded.config.search or search.available():
        return []
    hint = "pip install 'pagefind[extended]' (the search page says search is unavailable)"
    return [
        SiteError("search: true, but Pagefind is not installed", "site.yaml", None, hint, "warning")
    ]


def check_site_links(args: argparse.Namespace, loaded: Loaded) -> None:
    from .links import check_links, external_links

    out = args.root / "site"
    start = time.perf_counter()
    broken = check_links(out, loaded.config, loaded.site, args.root)
    if args.external:
        found = external_links(out, loaded.config)
        print(f"External links (listed, not fetched): {len(found)}")
        for url, pages in found.items():
            more = f" and {len(pages) - 3} more" if len(pages) > 3 else ""
            print(f"  {url}  (on {', '.join(pages[:3])}{more})")
    if broken:
        raise SiteErrors(broken)
    print(
        f"Links OK: every internal link and #anchor in {out.as_posix()}/ resolves "
        f"({time.perf_counter() - start:.2f} s)."
    )


def follow_ups(loaded: Loaded) -> list[SiteError]:
    """Pending asks older than challenge.pending_days: time to follow up."""
    from .model import Outcome

    days = loaded.config.challenge.pending_days
    now = loaded.site.journey.now or now_from_env()
    return [
        SiteError(
            f"this ask has been pending for {(now - e.date).days} days",
            e.path,
            None,
            "follow up, or record the silence as 'outcome: no-answer'",
            "warning",
        )
        for e in loaded.site.entries
        if e.outcome is Outcome.PENDING and (now - e.date) > dt.timedelta(days=days)
    ]


def cmd_stats(args: argparse.Namespace) -> int:
    from .feeds import journey_data
    from .urls import Urls

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


def cmd_new(args: argparse.Namespace) -> int:
    from . import dates, scaffold
    from .config import load_config
    from .model import parse_outcome

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


def cmd_init(args: argparse.Namespace) -> int:
    from . import scaffold

    target = args.dir if args.dir is not None else args.root
    today = now_from_env().date()
    written = scaffold.init_site(target, today, args.title, args.author)
    for path in written:
        print(f"  created {path.as_posix()}")
    print(f"New site in {target}. Next: asklog -C {target} serve")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import import_csv

    try:
        written, already = import_csv(args.root, args.csv)
    except (SiteError, SiteErrors) as exc:
        problems = exc.errors if isinstance(exc, SiteErrors) else [exc]
        _print_problems(problems)
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


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "new": cmd_new,
    "build": cmd_build,
    "serve": cmd_serve,
    "check": cmd_check,
    "import": cmd_import,
    "stats": cmd_stats,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SiteErrors as exc:
        _print_problems(exc.errors)
        count = len(exc.errors)
        print(f"asklog: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return EXIT_CONTENT
    except SiteError as exc:
        _print_problems([exc])
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
