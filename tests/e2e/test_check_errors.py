"""`check` and `build` errors as a writer reads them: did-you-mean, warnings, wording."""

from __future__ import annotations

import json
from pathlib import Path

from support import SITE_YAML, entry, run_cli, write_site


def test_a_missing_required_key_with_a_near_spelling_gets_did_you_mean(tmp_path: Path) -> None:
    text = "---\ndate: 2026-03-01\nask: Could I?\noutcom: no\nlesson: L\n---\nStory.\n"
    site = write_site(tmp_path / "s", {"content/entries/a.md": text})
    result = run_cli("-C", site, "check")
    assert result.returncode == 1
    assert (
        "content/entries/a.md:4: error: missing required key 'outcome'; did you mean 'outcom'?\n"
        "  hint: rename 'outcom' to 'outcome'\n"
    ) in result.stderr
    assert "unknown key 'outcom'" not in result.stderr  # said once, not twice


def test_warnings_print_together_with_errors(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            "content/entries/a.md": entry(outcome="perhaps"),
            "content/entries/b.md": entry(lesson=None),
        },
    )
    result = run_cli("-C", site, "build")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/entries/a.md:4: error: unknown outcome 'perhaps'" in lines
    assert "content/entries/b.md:4: warning: missing 'lesson' for a decided ask" in lines
    assert lines[-1] == "asklog: 1 error, 1 warning"


def test_config_errors_do_not_hide_content_errors(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {"content/entries/a.md": entry(outcome="perhaps")},
        SITE_YAML + "paginate: many\n",
    )
    result = run_cli("-C", site, "check")
    assert result.returncode == 1
    assert "site.yaml:7: error: 'paginate' must be a positive whole number" in result.stderr
    assert "content/entries/a.md:4: error: unknown outcome 'perhaps'" in result.stderr
    assert "asklog: 2 errors" in result.stderr
    broken = write_site(tmp_path / "t", {"content/entries/a.md": entry()}, "title: [unclosed\n")
    yaml_error = run_cli("-C", broken, "check")
    assert yaml_error.returncode == 1 and "site.yaml:1: error: invalid YAML" in yaml_error.stderr


def test_unfinished_entries_are_warnings(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            "content/entries/a.md": entry(body="What happened? Tell the story here.\n"),
            "content/entries/b.md": entry(lesson="TODO", body="Real story.\n"),
            "content/entries/c.md": entry(body=""),
        },
    )
    result = run_cli("-C", site, "check")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "content/entries/a.md:8: warning: the story is still the placeholder text" in lines
    assert "content/entries/b.md:5: warning: the lesson is still 'TODO'" in lines
    assert "content/entries/c.md:7: warning: this entry has no story" in lines
    assert result.stdout.strip() == "OK: 3 entries, 0 FAQ sections, 0 pages, 3 warnings."


def test_counted_words_read_well(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/entries/a.md": entry()})
    checked = run_cli("-C", site, "check")
    assert checked.stdout.strip() == "OK: 1 entry, 0 FAQ sections, 0 pages, 0 warnings."
    built = run_cli("-C", site, "build")
    assert "(1 entry)" in built.stdout and "(s)" not in built.stdout
    bad = write_site(tmp_path / "t", {"content/entries/a.md": entry(outcome="x")})
    assert run_cli("-C", bad, "build").stderr.splitlines()[-1] == "asklog: 1 error"


def test_outcome_aliases_are_honoured_by_build_and_key_the_parse_cache(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {"content/entries/a.md": entry(outcome="Said yes!")},
        SITE_YAML + "outcomes:\n  Said yes!: accepted\n",
    )
    first = run_cli("-C", site, "build")
    assert first.returncode == 0, first.stderr
    assert json.loads((site / "site/journey.json").read_text())["yeses"] == 1
    # the same content, another table: the cached parse result must not be reused
    (site / "site.yaml").write_text(SITE_YAML + "outcomes:\n  Said yes!: rejected\n", "utf-8")
    second = run_cli("-C", site, "build")
    assert second.returncode == 0, second.stderr
    data = json.loads((site / "site/journey.json").read_text())
    assert (data["yeses"], data["rejections"]) == (0, 1)
    (site / "site.yaml").write_text(SITE_YAML + "outcomes:\n  Said yes!: maybe-ish\n", "utf-8")
    bad = run_cli("-C", site, "check")
    assert bad.returncode == 1
    assert (
        "site.yaml:8: error: outcomes: 'Said yes!' maps to 'maybe-ish', which is not an outcome"
    ) in bad.stderr
