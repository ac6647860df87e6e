"""Published URLs never move (issue 16.4, issue 11.8), through the real CLI."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from support import entry

Make = Callable[..., Path]
Cli = Callable[..., subprocess.CompletedProcess[str]]


def test_back_filling_a_repeated_file_name_moves_no_url(make_site: Make, cli: Cli) -> None:
    may = "content/entries/2026-05-01-free-coffee.md"
    root = make_site({may: entry(date="2026-05-01 10:00", ask="May coffee?")})
    assert cli("-C", root, "build").returncode == 0
    page = root / "site/asks/free-coffee/index.html"
    assert b"May coffee?" in page.read_bytes()
    feb = root / "content/entries/2026-02-01-free-coffee.md"
    feb.write_text(entry(date="2026-02-01 10:00", ask="February coffee?"))
    done = cli("-C", root, "build")
    assert done.returncode == 1
    assert (
        "two entries claim the URL /asks/free-coffee/: "
        f"content/entries/2026-02-01-free-coffee.md and {may}" in done.stderr
    )
    assert "slug: 2026-02-01-free-coffee" in done.stderr
    assert b"May coffee?" in page.read_bytes()
    feb.write_text(entry(date="2026-02-01 10:00", ask="February coffee?", extra="slug: feb"))
    assert cli("-C", root, "build").returncode == 0
    assert b"May coffee?" in page.read_bytes()
    assert b"February coffee?" in (root / "site/asks/feb/index.html").read_bytes()
    assert not (root / "site/asks/2026-05-01-free-coffee").exists()


def test_an_explicit_slug_never_takes_an_existing_url(make_site: Make, cli: Cli) -> None:
    root = make_site({"content/entries/2026-01-05-upgrade.md": entry(ask="First upgrade?")})
    assert cli("-C", root, "build").returncode == 0
    (root / "content/entries/2026-01-08-seat.md").write_text(
        entry(date="2026-01-08 10:00", ask="Seat upgrade?", extra="slug: upgrade")
    )
    done = cli("-C", root, "build")
    assert done.returncode == 1
    assert (
        "content/entries/2026-01-08-seat.md:1: error: two entries claim the URL /asks/upgrade/: "
        "content/entries/2026-01-05-upgrade.md and content/entries/2026-01-08-seat.md"
    ) in done.stderr
    assert "choose another 'slug:' in content/entries/2026-01-08-seat.md" in done.stderr
    assert b"First upgrade?" in (root / "site/asks/upgrade/index.html").read_bytes()


def test_a_new_tag_moves_no_tag_url(make_site: Make, cli: Cli) -> None:
    root = make_site({"content/entries/2026-03-01-a.md": entry(tags="[C++]")})
    assert cli("-C", root, "build").returncode == 0
    page = root / "site/tags/c-plus-plus/index.html"
    assert b"C++" in page.read_bytes()
    (root / "content/entries/2026-03-02-b.md").write_text(entry(ask="In C?", tags="[C, 'C#']"))
    assert cli("-C", root, "build").returncode == 0
    assert b"C++" in page.read_bytes() and b"In C?" not in page.read_bytes()
    assert b"In C?" in (root / "site/tags/c/index.html").read_bytes()
    assert b"In C?" in (root / "site/tags/c-sharp/index.html").read_bytes()
