"""Every command as a new user runs it: init, new, build, check, stats; exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import FIXTURES, REPO, entry, run_cli, write_site

SMALL = FIXTURES / "sites" / "small"
COMMANDS = ["init", "new", "build", "serve", "check", "import", "pending", "answer", "stats"]


def test_version_and_help() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("asklog ")
    for command in COMMANDS:
        result = run_cli(command, "--help")
        assert result.returncode == 0 and f"usage: asklog {command}" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("build", "--no-such-flag").returncode == 2
    assert run_cli().returncode == 2


def test_init_then_build_then_refuse_a_second_init(tmp_path: Path) -> None:
    target = tmp_path / "journey"
    result = run_cli("init", target)
    assert result.returncode == 0, result.stderr
    for rel in (
        "site.yaml",
        "content/faq/01-getting-started.md",
        "content/pages/about.md",
        ".gitignore",
        ".github/workflows/pages.yml",
        "requirements.txt",
    ):
        assert (target / rel).is_file(), rel
    assert len(list((target / "content/entries").rglob("*.md"))) == 1
    built = run_cli("-C", target, "build")
    assert built.returncode == 0, built.stderr
    assert (target / "site/index.html").is_file()
    again = run_cli("init", target)
    assert again.returncode == 1 and "already a site here" in again.stderr


def test_new_writes_an_entry_that_builds(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    result = run_cli(
        "-C",
        site,
        "new",
        "Could I pet your dog?",
        "--outcome",
        "yes",
        "--lesson",
        "Dog people love to be asked.",
        "--tag",
        "Strangers",
        "--tag",
        "animals",
        "--date",
        "2026-11-02 15:45",
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == site / "content/entries/2026/2026-11-02-could-i-pet-your-dog.md"
    text = path.read_text("utf-8")
    assert "outcome: accepted" in text and "- Strangers" in text
    built = run_cli("-C", site, "build")
    assert built.returncode == 0, built.stderr
    data = json.loads((site / "site/journey.json").read_text())
    assert data["yeses"] == 1 and sorted(data["tags"]) == ["animals", "strangers"]


def test_new_never_overwrites(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    args = ("-C", site, "new", "Same ask?", "--outcome", "no", "--date", "2026-11-02")
    first = run_cli(*args)
    assert first.returncode == 0
    before = Path(first.stdout.strip()).read_bytes()
    second = run_cli(*args)
    assert second.returncode == 0 and second.stdout.strip() != first.stdout.strip()
    assert Path(first.stdout.strip()).read_bytes() == before


def test_new_rejects_an_unknown_outcome_as_a_usage_error(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    result = run_cli("-C", site, "new", "Ask?", "--outcome", "perhaps")
    assert result.returncode == 2 and "unknown outcome 'perhaps'" in result.stderr
    assert not (site / "content").exists()


def test_new_asks_nothing_when_stdin_is_not_a_terminal(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    result = run_cli("-C", site, "new", "Quiet ask?", input="")
    assert result.returncode == 0 and "outcome: pending" in Path(result.stdout.strip()).read_text()


def test_content_errors_exit_1_listing_every_file_without_traceback(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            "content/entries/a.md": entry(outcome="perhaps"),
            "content/entries/b.md": entry(date="yesterday"),
            "content/entries/c.md": entry(),
        },
    )
    result = run_cli("-C", site, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "content/entries/a.md:4: error: unknown outcome 'perhaps'" in lines
    assert "content/entries/b.md:2: error: invalid date: 'yesterday' is not a date" in lines
    assert sum(line.startswith("  hint: ") for line in lines) == 2
    assert not (site / "site").exists()


def test_check_reports_warnings_and_follow_ups(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            "content/entries/a.md": entry(lesson=None),
            "content/entries/b.md": entry(date="2026-10-01", outcome="pending", lesson=None),
        },
    )
    result = run_cli("-C", site, "check")
    assert result.returncode == 0
    assert "content/entries/a.md:4: warning: missing 'lesson' for a decided ask" in result.stderr
    assert "content/entries/b.md: warning: this ask has been pending for 61 days" in result.stderr
    assert not (site / "site").exists()  # check writes nothing
    strict = run_cli("-C", site, "check", "--strict")
    assert strict.returncode == 1 and "error: missing 'lesson'" in strict.stderr


def test_strict_build_fails_on_warnings(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/entries/a.md": entry(extra="outcom: no")})
    assert run_cli("-C", site, "build").returncode == 0
    strict = run_cli("-C", site, "build", "--strict", "--out", tmp_path / "o")
    assert strict.returncode == 1
    assert "content/entries/a.md:7: error: unknown key 'outcom'" in strict.stderr


def test_stats_prints_the_counter_and_json_equals_journey_json(tmp_path: Path) -> None:
    text = run_cli("-C", SMALL, "stats")
    assert text.returncode == 0
    assert "4 / 5 rejections" in text.stdout and "longest 6" in text.stdout
    as_json = run_cli("-C", SMALL, "stats", "--json")
    out = tmp_path / "o"
    run_cli("-C", SMALL, "build", "--out", out)
    assert json.loads(as_json.stdout) == json.loads((out / "journey.json").read_text())


@pytest.mark.parametrize("command", ["build", "check", "stats"])
def test_dash_c_and_cwd_agree(command: str, tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/entries/a.md": entry()})
    assert run_cli("-C", site, command).returncode == 0
    assert run_cli(command, cwd=site).returncode == 0


def test_readme_documents_every_command_and_flag() -> None:
    import argparse

    from generator.cli import build_parser

    readme = (REPO / "README.md").read_text("utf-8")
    commands = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(sub.choices) == sorted(COMMANDS)
    for name, parser in sub.choices.items():
        assert f"`asklog {name}" in commands, name
        for action in parser._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in commands, f"{name} {flag} is not in the README"


def test_check_finds_theme_and_template_errors_without_writing(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            "content/entries/a.md": entry(),
            "themes/default/templates/page.html": "{% block main %}{{ nope.x }}{% endblock %}",
            "content/pages/about.md": "---\ntitle: About\n---\nHi\n",
        },
    )
    result = run_cli("-C", site, "check")
    assert result.returncode == 1
    assert "themes/default/templates/page.html:1: error: template error:" in result.stderr
    assert not (site / "site").exists()
    (site / "site.yaml").write_text("title: T\ntheme: nosuch\n")
    unknown = run_cli("-C", site, "check")
    assert unknown.returncode == 1
    assert "site.yaml:2: error: unknown theme 'nosuch'" in unknown.stderr
