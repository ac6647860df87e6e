"""Patterns through the real CLI: the /patterns/ page, journey.json, `stats --patterns`, and
`patterns: private` leaving no trace in any output file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import entry, run_cli, write_site

SITE = """\
title: Test Journey
base_url: https://example.org/
timezone: Europe/London
patterns:
  by: [channel]
{private}"""


def journey_files(private: bool = False) -> tuple[dict[str, str], str]:
    """8 morning nos about money by email, 12 afternoon yeses in person: money is flagged."""
    files = {
        f"content/entries/2026-09-{d:02d}-money.md": entry(
            date=f"2026-09-{d:02d} 09:30", tags="[money]", extra="channel: email"
        )
        for d in range(2, 10)
    }
    files.update(
        {
            f"content/entries/2026-10-{d:02d}-yes.md": entry(
                date=f"2026-10-{d:02d} 14:00",
                outcome="accepted",
                tags="[friends]",
                extra="channel: in person",
            )
            for d in range(1, 13)
        }
    )
    return files, SITE.format(private="  private: true\n" if private else "")


def build(folder: Path, private: bool) -> Path:
    files, config = journey_files(private)
    root = write_site(folder, files, config)
    result = run_cli("-C", root, "build", "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site root, built into out/ with its patterns published."""
    return build(tmp_path_factory.mktemp("public"), False)


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_patterns_page_says_what_stands_out_and_backs_it_with_tables(public: Path) -> None:
    out = public / "out"
    page = (out / "patterns" / "index.html").read_text("utf-8")
    text = words(page)
    assert "Asks about money have had no yes in 8, against 6 in 10 overall." in text
    assert "Asks in the morning have had no yes in 8, against 6 in 10 overall." in text
    assert "Asks with channel: email have had no yes in 8" in text
    assert "8 nos in a row in #money since 2 September." in text
    # the small table under the sentence: 0 of 8, range 0-32%, against 12 of 20
    assert "#money 8 0 0% 0–32% All asks 20 12 60% 39–78%" in text
    assert '<svg class="chart rates" id="chart-tag"' in page and 'id="chart-by-channel"' in page
    journey = (out / "journey" / "index.html").read_text("utf-8")
    assert 'href="/patterns/"' in journey
    assert "<loc>https://example.org/patterns/</loc>" in (out / "sitemap.xml").read_text("utf-8")


def test_journey_json_and_stats_patterns_give_the_same_figures(public: Path) -> None:
    root = public
    data = json.loads((root / "out" / "journey.json").read_text("utf-8"))["patterns"]
    money = next(g for g in data["groups"]["tag"]["groups"] if g["key"] == "money")
    assert (money["decided"], money["yeses"], money["verdict"]) == (8, 0, "lower")
    assert (money["low"], money["high"]) == (0.0, 0.324408)  # z²/(n + z²) at 0 of 8
    assert [g["label"] for g in data["by"]["channel"]["groups"]] == ["in person", "email"]
    assert data["runs"][0] == {
        "tag": "money",
        "label": "money",
        "length": 8,
        "since": "2026-09-02",
        "chance": round(0.4**8, 6),
    }
    printed = run_cli("-C", root, "stats", "--patterns", "--json")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == data
    terminal = run_cli("-C", root, "stats", "--patterns").stdout
    assert "* Asks about money have had no yes in 8, against 6 in 10 overall." in terminal
    assert re.search(r"\n  money +8 +8 +0 +0% +0–32%  lower\n", terminal)


def test_private_patterns_stay_in_the_terminal_and_leave_no_trace(
    public: Path, tmp_path: Path
) -> None:
    root = build(tmp_path / "private", True)
    out, public = root / "out", public / "out"
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file()}
    assert files == expected - {"patterns/index.html"}
    for rel in sorted(files):
        text = (out / rel).read_text("utf-8", errors="replace")
        for trace in ("/patterns/", "Patterns", '"patterns"', "95% range", "no yes in", "in a row"):
            assert trace not in text, (rel, trace)
        # Besides the link, the JSON key and the sitemap line, every file is as published.
        if rel not in {
            "journey/index.html",
            "journey.json",
            "sitemap.xml",
            ".asklog-manifest.json",
        }:
            assert (out / rel).read_bytes() == (public / rel).read_bytes(), rel
    assert "patterns" not in json.loads(run_cli("-C", root, "stats", "--json").stdout)
    terminal = run_cli("-C", root, "stats", "--patterns")
    assert terminal.returncode == 0, terminal.stderr
    assert "Asks about money have had no yes in 8" in terminal.stdout
