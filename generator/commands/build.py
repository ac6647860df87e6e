"""`asklog build`: build the site into site/ and print one summary line."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.followup import plural
from ..pipeline.build import BuildOptions, BuildReport, build
from . import EXIT_OK, print_problems


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("build", help="build the site", description="Build the site into site/.")
    add_site_flags(p)
    p.add_argument("--out", type=Path, help="output folder (default: site/)")
    p.add_argument("--base-url", help="override base_url, e.g. https://me.github.io/journey/")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="print the time of each stage")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="ignore and do not update the cache store in .asklog/cache/",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="processes for converting Markdown (default: one per core)",
    )


def add_site_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--drafts", action="store_true", help="include drafts")
    p.add_argument("--future", action="store_true", help="include entries dated in the future")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


def run(args: argparse.Namespace) -> int:
    root = args.root
    options = BuildOptions(
        out=_resolve(args.out) if args.out else None,
        drafts=args.drafts,
        future=args.future,
        base_url=args.base_url,
        strict=args.strict,
        cache=not args.no_cache,
        jobs=args.jobs,
    )
    report = build(root, options)
    if not args.quiet:
        print_problems(report.warnings)
        if args.verbose:
            for stage, seconds in report.stages.items():
                print(f"  {stage:<9} {seconds * 1000:8.1f} ms")
        print(summary(report))
        if report.outline.pending:
            print(report.outline.pending)
    return EXIT_OK


def summary(report: BuildReport) -> str:
    site = report.outline
    w = report.write
    line = (
        f"Built {plural(report.pages, 'page')} ({plural(site.entries, 'entry')}) "
        f"in {report.seconds:.2f} s: "
        f"{len(w.written)} files written, {w.unchanged} unchanged, {len(w.removed)} removed"
    )
    if site.drafts_skipped:
        line += f"; {plural(site.drafts_skipped, 'draft')} left out (--drafts shows them)"
    if site.future_skipped:
        named = ", ".join(f"{path} ({date})" for path, date in site.future_skipped)
        line += f"; future-dated, left out (--future shows them): {named}"
    return line + "."


def _resolve(path: Path) -> Path:
    return path if path.is_absolute() else Path.cwd() / path
