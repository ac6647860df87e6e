"""`asklog import FILE.csv`: a spreadsheet of past asks becomes entry files, all rows or none."""

from __future__ import annotations

import json
from pathlib import Path

from support import run_cli, write_site

GOOD = (
    "Date,ASK, Outcome ,lesson,Tags\n"
    '2026-02-01,Could I get a discount?,no,Ask early.,"money, shops"\n'
    "2026-02-02 18:30,Could I join the band on stage?,Yes,Just ask.,music\n"
    "2026-02-03,Could I get a discount?,ghosted,Follow up.,money\n"
    "2026-02-04,Could I have a tour of the kitchen?,pending,,\n"
)


def entries(site: Path) -> dict[str, str]:
    """Relative path -> text of every entry file (none yet: empty)."""
    folder = site / "content" / "entries"
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*.md")}


def test_rows_become_entries_that_build_and_count(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    (tmp_path / "asks.csv").write_text(GOOD, "utf-8")
    result = run_cli("-C", site, "import", tmp_path / "asks.csv")
    assert result.returncode == 0, result.stderr
    assert "Imported 4 entries" in result.stdout
    files = entries(site)
    assert sorted(files) == [
        "2026/2026-02-01-could-i-get-a-discount.md",
        "2026/2026-02-02-could-i-join-the-band-on-stage.md",
        # the same ask on another day gets its own file and URL
        "2026/2026-02-03-could-i-get-a-discount-2.md",
        "2026/2026-02-04-could-i-have-a-tour-of-the-kitchen.md",
    ]
    first = files["2026/2026-02-01-could-i-get-a-discount.md"]
    assert "outcome: rejected" in first and "lesson: Ask early." in first
    assert "- money\n- shops\n" in first
    stats = json.loads(run_cli("-C", site, "stats", "--json").stdout)
    assert (stats["asks"], stats["rejections"], stats["yeses"], stats["pending"]) == (4, 2, 1, 1)
    assert set(stats["tags"]) == {"money", "shops", "music"}
    assert "4 rows without a story" in result.stdout
    built = run_cli("-C", site, "build")
    assert built.returncode == 0, built.stderr
    assert built.stderr.count("warning: this entry has no story") == 4


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    csv = tmp_path / "asks.csv"
    csv.write_text(
        "date,ask,outcome,lesson,tags\n"
        "2026-02-01,Could I get a discount?,no,Ask early.,money\n"
        "2026-13-01,Could I sit in the cockpit?,no,,\n"
        "\n"
        "2026-02-05,,nope,,\n"
        "2026-02-06,Could I swap seats?,accepted,Smile.,travel\n",
        "utf-8",
    )
    result = run_cli("-C", site, "import", csv)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    name = csv.as_posix()
    assert errors == [
        f"{name}:3: error: date: '2026-13-01' is not a real calendar date",
        f"{name}:5: error: the ask is empty",
        f"{name}:5: error: unknown outcome 'nope'",
    ]
    assert result.stderr.count("  hint: ") == 3
    assert "nothing was written" in result.stderr
    assert not (site / "content").exists()


def test_a_misspelled_required_column_is_named_with_did_you_mean(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    csv = tmp_path / "asks.csv"
    csv.write_text("date,ask,outcomes\n2026-02-01,Could I?,no\n", "utf-8")
    result = run_cli("-C", site, "import", csv)
    assert result.returncode == 1
    assert (
        f"{csv.as_posix()}:1: error: missing column 'outcome'\n"
        "  hint: did you mean 'outcomes'? rename that column to 'outcome'"
    ) in result.stderr
    assert not (site / "content").exists()


def test_import_never_overwrites_and_can_run_twice(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    csv = tmp_path / "asks.csv"
    csv.write_text(GOOD, "utf-8")
    assert run_cli("-C", site, "import", csv).returncode == 0
    again = run_cli("-C", site, "import", csv)
    assert again.returncode == 0, again.stderr
    assert "Imported 0 entries" in again.stdout
    assert "4 rows imported before: left as they are." in again.stdout
    # a file the writer has edited since is never replaced
    edited = site / "content/entries/2026/2026-02-01-could-i-get-a-discount.md"
    edited.write_text(edited.read_text("utf-8") + "My own story.\n", "utf-8")
    before = entries(site)
    third = run_cli("-C", site, "import", csv)
    assert third.returncode == 1
    assert (
        f"{csv.as_posix()}:2: error: content/entries/2026/2026-02-01-could-i-get-a-discount.md "
        "already exists; asklog never overwrites"
    ) in third.stderr
    assert entries(site) == before


def test_excel_style_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    csv = tmp_path / "asks.csv"
    text = "DATE;Ask;OUTCOME;Lesson;Tags;Story\r\n"
    text += (
        '2026-02-01;Could I pay 5,50 instead?;declined;Try;money;"Line one.\r\n\r\nLine two."\r\n'
    )
    csv.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run_cli("-C", site, "import", csv)
    assert result.returncode == 0, result.stderr
    (only,) = entries(site).values()
    assert "ask: Could I pay 5,50 instead?" in only
    assert only.endswith("---\nLine one.\n\nLine two.\n")


def test_a_file_that_is_not_utf8_gets_a_hint(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    csv = tmp_path / "asks.csv"
    csv.write_bytes("date,ask,outcome\n2026-02-01,Un caf\xe9?,no\n".encode("latin-1"))
    result = run_cli("-C", site, "import", csv)
    assert result.returncode == 1
    assert f"{csv.as_posix()}:2: error: the file is not UTF-8 text" in result.stderr
    assert "CSV UTF-8" in result.stderr and "Traceback" not in result.stderr
