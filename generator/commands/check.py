"""`asklog check`: validate content and config, optionally the built site's links."""

from __future__ import annotations

import argparse
import datetime as dt
import time

from ..core.errors import SiteError, SiteErrors
from ..pipeline.build import BuildOptions, Loaded, load_site, now_from_env, render_site
from . import EXIT_OK, print_problems


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def run(args: argparse.Namespace) -> int:
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
    if args.strict and problems:
        raise SiteErrors(p.as_error() for p in problems)
    print_problems(problems)
    if args.links:
        check_site_links(args, loaded)
    site = loaded.site
    print(
        f"OK: {len(site.entries)} entries, {len(site.faq)} FAQ sections, "
        f"{len(site.pages)} pages, {len(problems)} warning(s)."
    )
    return EXIT_OK


def check_site_links(args: argparse.Namespace, loaded: Loaded) -> None:
    from ..output.links import check_links, external_links

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
    from ..core.model import Outcome

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
