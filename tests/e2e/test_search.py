"""`search: true`: a Pagefind index when Pagefind is installed, an honest page when it is not."""

from __future__ import annotations

from pathlib import Path

from sitecheck import parse_html
from support import SITE_YAML, entry, run_cli, write_site

FILES = {
    "content/entries/2026-03-01-a.md": entry(ask="Could I have a discount?", tags="[money]"),
    "content/entries/2026-03-02-b.md": entry(date="2026-03-02 10:00", ask="Could I dance?"),
}
NO_PAGEFIND = {"PAGEFIND_BINARY_PATH": "/nonexistent/pagefind"}


def nav_links(site: Path) -> list[str]:
    return parse_html(site / "site" / "index.html").links


def test_search_page_and_index_when_pagefind_is_installed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", FILES, SITE_YAML + "search: true\n")
    result = run_cli("-C", site, "build")
    assert result.returncode == 0, result.stderr
    out = site / "site"
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    assert list((out / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert list((out / "pagefind" / "filter").glob("*.pf_filter"))  # outcome and tag filters
    search = (out / "search" / "index.html").read_text("utf-8")
    assert "/pagefind/pagefind-ui.js" in search and "Search is unavailable" not in search
    assert "/search/" in nav_links(site)
    assert run_cli("-C", site, "check", "--links").returncode == 0
    # the index is part of the build: it goes away with search
    write_site(site, {}, SITE_YAML)
    assert run_cli("-C", site, "build").returncode == 0
    assert not (out / "pagefind").exists() and not (out / "search").exists()


def test_without_pagefind_the_search_page_says_so_and_links_stay_valid(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", FILES, SITE_YAML + "search: true\n")
    result = run_cli("-C", site, "build", env=NO_PAGEFIND)
    assert result.returncode == 0, result.stderr
    # `build` says so, not only `check`: once, and again when nothing changed
    warning = "site.yaml: warning: search: true, but Pagefind is not installed"
    assert result.stderr.count(warning) == 1
    again = run_cli("-C", site, "build", env=NO_PAGEFIND)
    assert again.returncode == 0 and warning in again.stderr
    out = site / "site"
    assert not (out / "pagefind").exists()
    search = (out / "search" / "index.html").read_text("utf-8")
    assert "Search is unavailable" in search and "pagefind" not in search
    links = run_cli("-C", site, "check", "--links", env=NO_PAGEFIND)
    assert links.returncode == 0, links.stderr
    assert links.stderr.count(warning) == 1


def test_search_is_off_by_default(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", FILES)
    assert run_cli("-C", site, "build").returncode == 0
    assert not (site / "site" / "search").exists()
    assert "/search/" not in nav_links(site)
