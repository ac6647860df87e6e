"""Site search with Pagefind (optional): index the entries, return the bundle's files."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import SiteError, SiteErrors
from ..core.model import Entry
from ..core.urls import Urls

BUNDLE = "pagefind"  # output folder of the search bundle, under the site root
_TAGS = re.compile(r"<[^>]+>")
# One build's index, kept so that `serve` does not restart Pagefind when no entry changed.
_last: tuple[Any, dict[str, bytes]] | None = None


def available() -> bool:
    """True when the `pagefind` package and its binary (the [extended] or [bin] extra) are here."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return False
    executable = get_executable()
    return executable is not None and executable.exists()


def missing_warnings(search: bool) -> list[SiteError]:
    """With `search: true` but no Pagefind, the warning `build` and `check` print."""
    if not search or available():
        return []
    hint = "pip install 'pagefind[extended]' (the search page says search is unavailable)"
    return [
        SiteError("search: true, but Pagefind is not installed", "site.yaml", None, hint, "warning")
    ]


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def records(entries: Sequence[Entry], urls: Urls) -> list[dict[str, Any]]:
    """One search record per entry: its ask, story, lesson and tags, filterable by outcome/tag."""
    return [
        {
            # Site paths: Pagefind's UI prefixes the folder it is served from (the base path).
            "url": urls.path("entry", e),
            "content": " ".join(
                [e.ask, plain_text(e.body_html), e.lesson, *(t.label for t in e.tags)]
            ),
            "meta": {"title": e.title, "outcome": e.outcome.label},
            "filters": {"outcome": [e.outcome.label], "tag": [t.label for t in e.tags]},
        }
        for e in entries
    ]


def index_files(entries: Sequence[Entry], urls: Urls, language: str) -> dict[str, bytes]:
    """The Pagefind bundle by site path ('/pagefind/pagefind-ui.js' ...), built in a temp folder."""
    global _last
    items = records(entries, urls)
    key = (language, items)
    if _last is not None and _last[0] == key:
        return _last[1]
    with tempfile.TemporaryDirectory(prefix="asklog-search-") as tmp:
        src, out = Path(tmp, "src"), Path(tmp, "out")
        for item in items:
            # Synthetic pages, one per entry, at their site path, so that the
            # index does not depend on how a theme lays out its entry pages.
            page = src / item["url"].strip("/") / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(search_page(item, language), encoding="utf-8")
        _run_pagefind(src, out, language.split("-")[0].lower() or "en")
        files = {
            f"/{BUNDLE}/{p.relative_to(out).as_posix()}": p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }
    _last = (key, files)
    return files


def search_page(item: dict[str, Any], language: str) -> str:
    esc = html.escape
    filters = "".join(
        f'<span data-pagefind-filter="{name}">{esc(value)}</span>'
        for name, values in item["filters"].items()
        for value in values
    )
    return (
        f'<!DOCTYPE html><html lang="{esc(language)}"><head><meta charset="utf-8">'
        f"<title>{esc(item['meta']['title'])}</title></head><body>"
        # Title and outcome are result metadata, kept out of the excerpt text.
        f'<main data-pagefind-body><h1 data-pagefind-ignore data-pagefind-meta="title">'
        f"{esc(item['meta']['title'])}</h1>"
        f'<p data-pagefind-ignore data-pagefind-meta="outcome">{esc(item["meta"]["outcome"])}</p>'
        f"<p>{esc(item['content'])}</p><div hidden>{filters}</div></main></body></html>"
    )


def _run_pagefind(src: Path, out: Path, language: str) -> None:
    from pagefind.service import get_executable

    command = [
        str(get_executable()),
        "--site",
        str(src),
        "--output-path",
        str(out),
        "--force-language",
        language,
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        problem = done.stderr.strip() or done.stdout.strip() if done.returncode else ""
    except (OSError, subprocess.TimeoutExpired) as exc:
        problem = str(exc)
    if problem:
        raise SiteErrors.of(
            f"Pagefind could not build the search index: {problem.splitlines()[-1]}",
            "site.yaml",
            None,
            "reinstall it with pip install 'pagefind[extended]', or set search: false",
        )
