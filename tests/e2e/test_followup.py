"""Following up: `asklog pending`, `asklog answer`, and the one-line nudge of build and serve."""

from __future__ import annotations

from pathlib import Path

from support import entry, run_cli, write_site

ODD = (
    b"\xef\xbb\xbf---\r\n"
    b"# asked at the fair\r\n"
    b"date: 2026-10-01 09:00  # local time\r\n"
    b"ask: 'Could I: have a stand, free?'\r\n"
    b"outcome: pending   # chase on Monday\r\n"
    b"tags: [fairs,   money]\r\n"
    b"_who: |\r\n"
    b"  Mrs Example\r\n"
    b"  (the organiser)\r\n"
    b"---\r\n"
    b"Story with trailing spaces   \r\n"
    b"\r\n"
    b"and a last line without a newline"
)


def site_with_pending(tmp_path: Path) -> Path:
    return write_site(
        tmp_path / "s",
        {
            "content/entries/2026/2026-10-01-could-i-have-a-stand.md": ODD,
            "content/entries/2026/2026-11-20-later.md": entry(
                date="2026-11-20 10:00", ask="Could I come later?", outcome="pending", lesson=None
            ),
            "content/entries/2026/2026-09-01-old.md": entry(date="2026-09-01 10:00"),
        },
    )


def test_pending_lists_oldest_first_with_age(tmp_path: Path) -> None:
    site = site_with_pending(tmp_path)
    result = run_cli("-C", site, "pending")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "  60 days  content/entries/2026/2026-10-01-could-i-have-a-stand.md  "
        "Could I: have a stand, free?  follow up",
        "  10 days  content/entries/2026/2026-11-20-later.md  Could I come later?",
        "2 pending asks; record an answer with: asklog answer ENTRY OUTCOME [--lesson L]",
    ]


def test_build_ends_with_one_line_about_old_pending_asks(tmp_path: Path) -> None:
    site = site_with_pending(tmp_path)
    line = (
        "1 ask pending for more than 14 days (oldest: 60 days); `asklog pending` lists them, "
        "`asklog answer` records the answer."
    )
    for _ in range(2):  # the second build changes nothing and stops early: same last line
        result = run_cli("-C", site, "build")
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1] == line


def test_answer_changes_only_the_answer_lines_byte_for_byte(tmp_path: Path) -> None:
    site = site_with_pending(tmp_path)
    path = site / "content/entries/2026/2026-10-01-could-i-have-a-stand.md"
    result = run_cli(
        "-C",
        site,
        "answer",
        "could-i-have-a-stand",
        "Declined",
        "--lesson",
        "Ask: early, #1 rule",
        "--date",
        "yesterday",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "content/entries/2026/2026-10-01-could-i-have-a-stand.md: pending -> rejected, "
        "answered 2026-11-30 00:00\n"
    )
    expected = ODD.replace(
        b"outcome: pending   # chase on Monday\r\n",
        b"outcome: rejected   # chase on Monday\r\n"
        b"answered: 2026-11-30 00:00\r\n"
        b"lesson: 'Ask: early, #1 rule'\r\n",
    )
    assert path.read_bytes() == expected
    built = run_cli("-C", site, "stats", "--json")
    assert '"rejections": 2' in built.stdout and '"pending": 1' in built.stdout


def test_answer_replaces_existing_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    text = (
        "---\nask: Could I?\noutcome: waiting\nlesson: |\n  TODO\n  later\n"
        "answered: 2026-01-01\ndate: 2026-10-01\n---\nBody\n"
    )
    site = write_site(tmp_path / "s", {"content/entries/a.md": text})
    result = run_cli("-C", site, "answer", site / "content/entries/a.md", "yes", "--lesson", "Ok")
    assert result.returncode == 0, result.stderr
    assert (site / "content/entries/a.md").read_text("utf-8") == (
        "---\nask: Could I?\noutcome: accepted\nlesson: Ok\n"
        "answered: 2026-12-01 00:00\ndate: 2026-10-01\n---\nBody\n"
    )


def test_answer_usage_errors(tmp_path: Path) -> None:
    site = site_with_pending(tmp_path)
    unknown = run_cli("-C", site, "answer", "nope", "no")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("usage: asklog answer")
    assert "error: no entry 'nope'; asklog pending lists the pending ones" in unknown.stderr
    bad = run_cli("-C", site, "answer", "later", "perhaps")
    assert bad.returncode == 2
    assert (
        "error: 'perhaps' is not an answer; use rejected, no-answer, accepted, partial"
        in bad.stderr
    )


def test_serve_says_the_same_after_its_first_build(tmp_path: Path) -> None:
    from test_serve_incremental import start_serve, stop

    site = site_with_pending(tmp_path)
    proc, _, before = start_serve(site, "--port", "0")
    out = before + stop(proc)[0]
    assert (
        "1 ask pending for more than 14 days (oldest: 60 days); `asklog pending` lists them, "
        "`asklog answer` records the answer.\n"
    ) in out
