"""The one early exit: a build that can stop before parsing because nothing it reads changed.

The key digests every input of loading and rendering (code, options, site.yaml, the
content files, the theme and static folders by content, whether Pagefind is here);
the window is the span of "now" with the same date and the same published entries.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..content import markup
from ..incremental import fingerprint
from ..incremental.outputs import OutputRecord
from ..output.writer import WriteReport, current_files
from .report import BuildOptions, BuildReport, Loaded, Outline

if TYPE_CHECKING:
    from ..core.model import Site

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def inputs_key(
    root: Path,
    options: BuildOptions,
    listing: str,
    theme_dirs: tuple[str, ...],
    known: fingerprint.Known,
) -> str:
    """Digest of everything a build reads, computed without parsing any of it."""
    folders = [*(Path(d) for d in theme_dirs), root / "themes", root / "static"]
    # themes/ as a whole: a new override folder of the theme in use is a change too.
    return fingerprint.of(
        f"asklog={__version__};{fingerprint.code()};{markup.settings_fingerprint()}",
        f"options={options.drafts};{options.future};{options.base_url};{options.strict}",
        f"config={_config(root)}",
        f"sources={listing}",
        f"pagefind={_pagefind()}",
        f"files={fingerprint.tree(folders, known)}",
    )


def _pagefind() -> str:
    """Where Pagefind and its binaries are installed, found without importing them
    (installing it after a build is a change: the search page is then made)."""
    import importlib.util

    names = ("pagefind", "pagefind_bin", "pagefind_bin_extended")
    return ";".join(str(getattr(importlib.util.find_spec(n), "origin", None)) for n in names)


def _config(root: Path) -> str:
    try:
        return fingerprint.digest((root / "site.yaml").read_bytes())
    except OSError:
        return "missing"


def skipped(
    record: OutputRecord | None, key: str, out: Path, options: BuildOptions
) -> BuildReport | None:
    """The report of a build that can stop now, or None: the inputs are the last build's,
    "now" has the same date and published entries, and the output is as it was left."""
    if record is None or record.key != key:
        return None
    if options.strict and record.warnings:  # strict must fail again
        return None
    assert options.now is not None
    if not record.window[0] <= micros(options.now) < record.window[1]:
        return None
    current = current_files(out, record.written)
    if current is None:
        return None
    outline = Outline(record.entries, record.drafts_skipped, record.future_skipped, record.pending)
    pages = sum(1 for p in current if p.endswith(".html"))
    return BuildReport(outline, list(record.warnings), pages, WriteReport(unchanged=len(current)))


def record_of(
    key: str,
    dirs: tuple[str, ...],
    loaded: Loaded,
    outline: Outline,
    options: BuildOptions,
    written: WriteReport,
) -> OutputRecord:
    return OutputRecord(
        key=key,
        theme_dirs=dirs,
        window=window(loaded.site, loaded.config.tz, options.future),
        entries=outline.entries,
        drafts_skipped=outline.drafts_skipped,
        future_skipped=outline.future_skipped,
        pending=outline.pending,
        warnings=tuple(loaded.warnings),
        written=written.stamps,
    )


def window(site: Site, tz: dt.tzinfo, future: bool) -> tuple[int, int]:
    """The span of "now" with the same date in the site's zone and the same published entries."""
    now = site.journey.now
    if now is None:
        return 0, 0  # an empty window: never skip
    if not site.entries:  # an empty journey dates its feed by "now" itself
        return micros(now), micros(now) + 1
    day = now.astimezone(tz).date()
    start = dt.datetime.combine(day, dt.time(), tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz)
    if start.astimezone(tz).date() != day or end.astimezone(tz).date() == day:
        return micros(now), micros(now) + 1  # midnight in a DST gap: do not guess
    low, high = micros(start), micros(end)
    if not future:  # published means dated at or before now
        low = max(low, max(micros(e.date) for e in site.entries))
        high = min([high, *(micros(e.date) for e in site.future_skipped)])
    return low, high


def micros(moment: dt.datetime) -> int:
    return (moment - EPOCH) // dt.timedelta(microseconds=1)
