"""The preview: the site kept up to date in its own folder, and what open pages are told.

`serve` never writes into site/: that folder only ever holds what `build` made, so a
preview's drafts and future entries cannot be published by uploading it.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.errors import SiteError, SiteErrors
from ..core.urls import Urls
from ..pipeline.builder import Builder
from ..pipeline.report import BuildOptions

# -------------------------------------------------------------------------- live state


@dataclass
class LiveState:
    """What open pages need to know: the site's generation and the current errors."""

    site: int = 0  # bumps whenever the output folder changed
    errors: list[dict[str, Any]] = field(default_factory=list)
    version: int = 0  # bumps on every change worth telling pages about
    closed: bool = False
    _cond: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def message(self) -> bytes:
        data = json.dumps({"site": self.site, "errors": self.errors})
        return f"data: {data}\n\n".encode()

    def publish(self, changed: bool, errors: list[dict[str, Any]]) -> bool:
        """Record a build's result; True when open pages should hear about it."""
        with self._cond:
            if not changed and errors == self.errors:
                return False
            self.site += changed
            self.errors = errors
            self.version += 1
            self._cond.notify_all()
            return True

    def wait(self, seen: int, timeout: float) -> int:
        with self._cond:
            self._cond.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def error_dicts(errors: Iterable[SiteError], root: Path | None = None) -> list[dict[str, Any]]:
    return [
        {
            "path": e.path,
            "line": e.line,
            "message": e.message,
            "hint": e.hint,
            "source": source_line(root, e.path, e.line) if root else None,
        }
        for e in errors
    ]


def source_line(root: Path, path: str | None, line: int | None, limit: int = 300) -> str | None:
    """The text of the line an error points at, for the overlay to quote; None if unreadable.

    Error paths are relative to the site, or to the bundled themes' folder for its templates.
    """
    if not path or not line or line < 1:
        return None
    from ..render.theme import bundled_themes_dir

    for base in (root, bundled_themes_dir().parent):
        file = (base / path).resolve()
        if not file.is_relative_to(base.resolve()) or not file.is_file():
            continue
        try:
            with file.open(encoding="utf-8", errors="replace") as text:
                for number, content in enumerate(text, 1):
                    if number == line:
                        return content.rstrip("\r\n")[:limit]
        except OSError:
            return None
        return None
    return None


# ----------------------------------------------------------------------------- rebuilds


@dataclass
class BuildResult:
    ok: bool
    changed: bool
    seconds: float
    written: int = 0
    removed: int = 0
    errors: list[SiteError] = field(default_factory=list)
    note: str = ""  # asks pending too long: said once, after the first build


class Preview:
    """The site kept up to date in its own folder by one in-memory Builder: same bytes as build."""

    def __init__(self, root: Path, options: BuildOptions, out: Path) -> None:
        self.root = root
        self.out = out
        self.builder = Builder(root, replace(options, out=out, cache=False))
        self.state = LiveState()
        self.prefix = "/"
        self._lock = threading.Lock()
        self._warnings: list[str] = []

    def rebuild(self) -> BuildResult:
        """Build into the preview folder; on errors keep the last good site and report them."""
        with self._lock:
            start = time.perf_counter()
            try:
                report = self.builder.build()
            except SiteErrors as exc:
                return self._failed(exc.errors, start)
            except Exception as exc:  # the server must outlive any bug a bad edit triggers
                problem = SiteError(
                    f"internal error: {type(exc).__name__}: {exc}",
                    "",
                    None,
                    "please report it; the server keeps running",
                )
                return self._failed([problem], start)
            if report.loaded is not None:
                self.prefix = Urls(report.loaded.config.base_url).base_path
            self._print_warnings([w.format() for w in report.warnings])
            written, removed = report.write.written, report.write.removed
            changed = bool(written or removed)
            self.state.publish(changed, [])
            seconds = time.perf_counter() - start
            note = report.outline.pending
            return BuildResult(True, changed, seconds, len(written), len(removed), note=note)

    def _failed(self, errors: list[SiteError], start: float) -> BuildResult:
        self.state.publish(False, error_dicts(errors, self.root))
        return BuildResult(False, False, time.perf_counter() - start, errors=errors)

    def _print_warnings(self, warnings: list[str]) -> None:
        if warnings != self._warnings:
            for warning in warnings:
                print(warning, file=sys.stderr, flush=True)
        self._warnings = warnings


def describe(result: BuildResult, changed_paths: Iterable[str] = (), first: bool = False) -> str:
    """One terminal line per rebuild."""
    ms = result.seconds * 1000
    if first and result.ok:
        return f"Built in {ms:.0f} ms: {result.written} written, {result.removed} removed."
    if not result.ok:
        count = len(result.errors)
        return (
            f"Build failed in {ms:.0f} ms with {count} error{'s' if count != 1 else ''}; "
            "still serving the last good site."
        )
    paths = sorted(changed_paths)
    more = f" (+{len(paths) - 3} more)" if len(paths) > 3 else ""
    what = f" after {', '.join(paths[:3])}{more} changed" if paths else ""
    if not result.changed:
        return f"Rebuilt in {ms:.0f} ms{what}: nothing changed."
    return f"Rebuilt in {ms:.0f} ms{what}: {result.written} written, {result.removed} removed."


def print_result(
    result: BuildResult, changed_paths: Iterable[str] = (), first: bool = False
) -> None:
    for problem in result.errors:
        print(problem.format(), file=sys.stderr, flush=True)
    print(describe(result, changed_paths, first), flush=True)
    if first and result.note:
        print(result.note, flush=True)
