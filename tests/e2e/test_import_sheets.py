"""`asklog import` on spreadsheets as people export them (tests/fixtures/sheets/)."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from support import FIXTURES, SITE_YAML, run_cli, write_site
from test_import import entries

SHEETS = FIXTURES / "sheets"
ALIASES = "outcomes:\n  Blocked: rejected\n  Ghosted: no-answer\n  Said yes!: accepted\n"


def test_google_sheets_export_with_the_writers_outcome_words(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {}, SITE_YAML + ALIASES)
    result = run_cli("-C", site, "import", SHEETS / "google-sheets.csv")
    assert result.returncode == 0, result.stderr
    files = entries(site)
    assert sorted(files) == [
        "2026/2026-09-01-could-i-get-a-free-coffee-refill.md",
        "2026/2026-09-02-could-i-join-the-morning-run-club-without-a-membership.md",
        "2026/2026-09-03-could-i-pitch-my-column-to-the-local-paper.md",
        "2026/2026-09-03-could-i-swap-shifts-on-friday.md",
    ]
    coffee = files["2026/2026-09-01-could-i-get-a-free-coffee-refill.md"]
    assert coffee.startswith("---\ndate: 2026-09-01 09:15\n")
    assert "outcome: accepted" in coffee and coffee.endswith('said "sure".\n')
    run_club = files["2026/2026-09-02-could-i-join-the-morning-run-club-without-a-membership.md"]
    assert "date: 2026-09-02 14:30" in run_club and "outcome: rejected" in run_club
    assert run_club.endswith("---\n")  # an empty story stays empty: no placeholder prose
    assert "What happened?" not in "".join(files.values())
    stats = json.loads(run_cli("-C", site, "stats", "--json").stdout)
    assert (stats["asks"], stats["rejections"], stats["yeses"], stats["pending"]) == (4, 2, 1, 1)


def test_unknown_outcome_words_are_row_errors_naming_the_fix(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    sheet = SHEETS / "google-sheets.csv"
    result = run_cli("-C", site, "import", sheet)
    assert result.returncode == 1
    name = sheet.as_posix()
    assert (
        f"{name}:2: error: unknown outcome 'Said yes!'\n"
        "  hint: use one of: rejected (no, declined), no-answer (ghosted, ignored), "
        "accepted (yes), partial (maybe, counter-offer), pending (waiting); or add your word "
        "to site.yaml as outcomes: {Said yes!: rejected}"
    ) in result.stderr
    assert f"{name}:3: error: unknown outcome 'Blocked'" in result.stderr
    assert "asklog: 2 errors; nothing was written" in result.stderr
    assert entries(site) == {}


def test_excel_csv_with_semicolons_a_bom_and_day_first_dates(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    result = run_cli("-C", site, "import", SHEETS / "excel-semicolon-bom.csv")
    assert result.returncode == 0, result.stderr
    # 13/09/2026 shows the file is day first, so 02/09/2026 is 2 September
    assert sorted(entries(site)) == [
        "2026/2026-09-02-could-i-pay-5-50-instead-of-6.md",
        "2026/2026-09-13-could-i-bring-my-dog-to-the-office.md",
    ]


def test_liao_sheet_extra_columns_are_private_and_response_dates_fill_answered(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path / "s", {})
    result = run_cli("-C", site, "import", SHEETS / "liao-style.csv")
    assert result.returncode == 0, result.stderr
    assert (
        "Kept as private keys (in the files, never published): Venue -> _venue, Notes -> _notes."
    ) in result.stdout
    files = entries(site)
    radio = files["2026/2026-09-20-could-i-read-my-essay-on-air.md"]
    assert "answered: 2026-09-28 00:00" in radio
    assert "_venue: Local radio" in radio and "_notes: call back on Monday, ask for Jo" in radio
    # the same ask at another venue gets its own file
    assert "2026/2026-09-05-would-you-publish-my-essay-on-fear-2.md" in files
    out = tmp_path / "out"
    built = run_cli("-C", site, "build", "--out", out)
    assert built.returncode == 0, built.stderr
    published = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"Local radio" not in published and b"call back on Monday" not in published


def test_ambiguous_day_month_order_asks_for_a_flag(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    sheet = tmp_path / "asks.csv"
    sheet.write_text("date,ask,outcome\n09/02/2026,Could I?,no\n03/04/2026,Or I?,no\n", "utf-8")
    result = run_cli("-C", site, "import", sheet)
    assert result.returncode == 1
    assert (
        f"{sheet.as_posix()}:2: error: '09/02/2026' could be 9 February 2026 or 2 September "
        "2026: no date in the file shows whether the day or the month comes first\n"
        "  hint: run again with --day-first or --month-first"
    ) in result.stderr
    assert entries(site) == {}
    day = run_cli("-C", site, "import", sheet, "--day-first", "--dry-run")
    assert day.returncode == 0, day.stderr
    assert "would create " + (site / "content/entries/2026/2026-02-09-could-i.md").as_posix() in (
        day.stdout
    )
    assert "Nothing was written (--dry-run)." in day.stdout and entries(site) == {}
    month = run_cli("-C", site, "import", sheet, "--month-first")
    assert month.returncode == 0, month.stderr
    assert sorted(entries(site)) == ["2026/2026-03-04-or-i.md", "2026/2026-09-02-could-i.md"]


def test_mixed_day_month_order_is_an_error(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    sheet = tmp_path / "asks.csv"
    sheet.write_text("date,ask,outcome\n13/02/2026,Could I?,no\n02/14/2026,Or I?,no\n", "utf-8")
    result = run_cli("-C", site, "import", sheet)
    assert result.returncode == 1
    assert (
        f"{sheet.as_posix()}:3: error: dates are written day first ('13/02/2026', line 2) and "
        "month first ('02/14/2026', line 3)\n"
        "  hint: correct the odd ones, then run again with --day-first or --month-first"
    ) in result.stderr
    forced = run_cli("-C", site, "import", sheet, "--month-first")
    assert forced.returncode == 1
    assert (
        f"{sheet.as_posix()}:2: error: date: '13/02/2026' is not a real calendar date "
        "read month first"
    ) in forced.stderr


def test_an_empty_ask_or_outcome_is_a_row_error(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    sheet = tmp_path / "asks.csv"
    sheet.write_text(
        "date,ask,outcome,tags\n"
        "2026-02-01,Could I?,no,ok\n"
        '2026-02-02,Could I too?,no,"x, "\n'
        "2026-02-03,,maybe,\n"
        "2026-02-04,Could I again?,,\n",
        "utf-8",
    )
    result = run_cli("-C", site, "import", sheet)
    assert result.returncode == 1
    name = sheet.as_posix()
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"{name}:4: error: the ask is empty",
        f"{name}:5: error: the outcome is empty",
    ]
    assert entries(site) == {}


def test_a_killed_import_leaves_no_row_behind(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/entries/mine.md": "---\nask: a\n---\n"})
    sheet = SHEETS / "google-sheets.csv"
    site.joinpath("site.yaml").write_text(SITE_YAML + ALIASES, "utf-8")
    killed = run_cli("-C", site, "import", sheet, env={"ASKLOG_TEST_KILL_AFTER_LINKS": "2"})
    assert killed.returncode == -signal.SIGKILL
    assert len(entries(site)) == 3  # two rows linked when the kill came, and mine
    assert (site / ".asklog/import-journal.json").is_file()
    # the next command that reads the site undoes the half import first
    stats = run_cli("-C", site, "check")
    assert list(entries(site)) == ["mine.md"]
    assert not (site / ".asklog/import-journal.json").exists()
    assert not [p for p in (site / "content").rglob(".*.tmp")], "temporary files left"
    assert "unknown" not in stats.stderr
    again = run_cli("-C", site, "import", sheet)
    assert again.returncode == 0, again.stderr
    assert len(entries(site)) == 5


def test_a_killed_new_leaves_no_entry_and_the_next_one_works(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    args = ("-C", site, "new", "Could I?", "--outcome", "no", "--date", "2026-11-02")
    killed = run_cli(*args, env={"ASKLOG_TEST_KILL_AFTER_LINKS": "0"})
    assert killed.returncode == -signal.SIGKILL
    folder = site / "content/entries/2026"
    left = [p.name for p in folder.iterdir()]  # at most a hidden temporary file
    assert all(name.startswith(".") and name.endswith(".tmp") for name in left)
    checked = run_cli("-C", site, "check")
    assert checked.returncode == 0 and "OK: 0 entries" in checked.stdout
    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert Path(again.stdout.strip()).read_text("utf-8").startswith("---\ndate: 2026-11-02")
