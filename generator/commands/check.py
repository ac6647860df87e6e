"""`asklog check`: validate content and config, optionally the built site's links."""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from ..core.errors import SiteError, SiteErrors
from ..core.followup import plural
from ..pipeline.build import Builder, BuildOptions, Loaded, now_from_env
from . import EXIT_OK, print_problems


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="validate content and config",
        description="Validate content and config without writing anything.",
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--links",
        action="store_true",
        help="also build the site (in a temporary folder) and check its links",
    )
    p.add_argument(
        "--external",
        action="store_true",
        help="with --links: also list external links (never fetched)",
    )


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="asklog-check-") as folder:
        return _check(args, Path(folder) / "site")


def _check(args: argparse.Namespace, out: Path) -> int:
    # The cache store is read, never written; the last build's pages are reused.
    builder = Builder.for_site(args.root, BuildOptions(strict=args.strict), read_only=True)
    builder.pages_from = args.root / "site"
    if args.links:  # the site the sources make now, not whatever site/ holds
        builder.options = replace(builder.options, out=out)
        loaded = builder.build().loaded
        assert loaded is not None  # a new folder is never "unchanged"
    else:
        loaded = builder.load()
        try:
            builder.render(loaded, {})  # theme and template errors too, written nowhere
        except SiteErrors as exc:  # with the content's warnings: one run shows everything
            raise SiteErrors(exc.errors, exc.warnings + loaded.warnings) from None
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
        check_site_links(args, loaded, out)
    site = loaded.site
    print(
        f"OK: {plural(len(site.entries), 'entry')}, "
        f"{plural(len(site.faq), 'FAQ section')}, {plural(len(site.pages), 'page')}, "
        f"{plural(len(problems), 'warning')}."
    )
    return EXIT_OK


def check_site_links(args: argparse.Namespace, loaded: Loaded, out: Path) -> None:
    """Links of the site as built from the sources now (into `out`, a temporary folder)."""
    from ..output.links import check_links, external_links

    start = time.perf_counter()
    broken = check_links(out, loaded.config, loaded.site, args.root)
    if args.external:
        found = external_links(out, loaded.config)
        print(f"External links (listed, not fetched): {len(found)}")
        for url, pages in found.items():
            more = f" and {len(pages) - 3} more" if len(pages) > 3 else ""
            print(f"  {url}  (on {', '.join(pages[:3])}{more})")
    if broken:  # named as `asklog build` would write them: site/...
        temporary = out.resolve().as_posix()
        raise SiteErrors(
            replace(e, path="site" + e.path.removeprefix(temporary))
            if e.path.startswith(temporary)
            else e
            for e in broken
        )
    print(
        "Links OK: every internal link and #anchor of the site resolves "
        f"({time.perf_counter() - start:.2f} s)."
    )


def follow_ups(loaded: Loaded) -> list[SiteError]:
    """Pending asks older than challenge.pending_days: time to follow up."""
    from ..core.followup import overdue

    now = loaded.site.journey.now or now_from_env()
    return [
        SiteError(
            f"this ask has been pending for {plural(w.days, 'day')}",
            w.entry.path,
            None,
            "follow up, then record it: asklog answer ENTRY OUTCOME",
            "warning",
        )
        for w in overdue(loaded.site, now, loaded.config.challenge.pending_days)
    ]
