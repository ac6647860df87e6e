"""`asklog init` and `asklog new` as a writer meets them in the first week."""

from __future__ import annotations

import argparse
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from support import EPOCH, REPO, run_cli, write_site

from generator.commands.init import settings, system_timezone
from generator.commands.new import ask_outcome


def test_init_takes_the_zone_from_tz_and_writes_no_start_date(tmp_path: Path) -> None:
    target = tmp_path / "j"
    result = run_cli("init", target, "--author", "Sam", env={"TZ": "Europe/Paris"})
    assert result.returncode == 0, result.stderr
    site_yaml = (target / "site.yaml").read_text("utf-8")
    assert "timezone: Europe/Paris\n" in site_yaml
    assert "\n  start:" not in site_yaml  # the first entry's date is the start
    assert 'author: "Sam"' in site_yaml and 'title: "My journey to 1,000 rejections"' in site_yaml
    assert "Time zone: Europe/Paris (from TZ)" in result.stdout
    strict = run_cli("-C", target, "build", "--strict")  # a new site has nothing to warn about
    assert strict.returncode == 0, strict.stderr


def test_init_timezone_flag_and_goal_without_a_terminal(tmp_path: Path) -> None:
    target = tmp_path / "j"
    result = run_cli(
        "init", target, "--timezone", "America/New_York", "--goal", "100", "--title", "T: yes"
    )
    assert result.returncode == 0, result.stderr
    site_yaml = (target / "site.yaml").read_text("utf-8")
    assert "timezone: America/New_York" in site_yaml and "  goal: 100\n" in site_yaml
    assert 'title: "T: yes"' in site_yaml
    assert run_cli("-C", target, "check").returncode == 0
    bad = run_cli("init", tmp_path / "k", "--timezone", "Mars/Olympus")
    assert bad.returncode == 2 and bad.stderr.startswith("usage: asklog init")
    assert "unknown time zone 'Mars/Olympus'" in bad.stderr


def test_system_timezone_sources(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Asia/Tokyo")
    assert system_timezone(None, link) == ("Asia/Tokyo", f"from {link}")
    assert system_timezone(":Europe/Berlin", link) == ("Europe/Berlin", "from TZ")
    zone, why = system_timezone("Nowhere/Land", tmp_path / "none")
    assert zone == "UTC" and why.startswith("could not tell the system's time zone")


def test_init_prompts_for_title_author_and_goal() -> None:
    answers = iter(["lots", "250", "", "Sam"])
    prompts: list[str] = []

    def fake(question: str) -> str:
        prompts.append(question)
        return next(answers)

    args = argparse.Namespace(title=None, author=None, goal=None)
    assert settings(args, fake) == ("My journey to 250 rejections", "Sam", 250)
    assert prompts[0] == prompts[1] == "Goal: how many rejections? [1000] "
    assert prompts[2] == "Site title [My journey to 250 rejections]: "
    flags = argparse.Namespace(title="Mine", author="A", goal=5)
    assert settings(flags, None) == ("Mine", "A", 5)


def test_init_in_a_real_terminal(tmp_path: Path) -> None:
    target = tmp_path / "j"
    pid, fd = pty.fork()
    if pid == 0:  # the child: asklog with a terminal as stdin
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC"}
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "generator", "init", str(target)], env)
    output = b""
    replies = iter([b"500\n", b"No to yes\n", b"Kim\n"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if chunk.rstrip().endswith((b"]", b":")):
            os.write(fd, next(replies, b"\n"))
    os.waitpid(pid, 0)
    text = (target / "site.yaml").read_text("utf-8")
    assert 'title: "No to yes"' in text and 'author: "Kim"' in text and "goal: 500" in text
    assert b"Goal: how many rejections? [1000]" in output


def test_new_same_ask_twice_on_one_day_gets_a_second_file(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    args = ("-C", site, "new", "Same ask?", "--outcome", "no", "--date", "2026-11-02")
    first = run_cli(*args)
    second = run_cli(*args)
    assert first.returncode == second.returncode == 0, second.stderr
    assert Path(second.stdout.strip()).name == "2026-11-02-same-ask-2.md"
    assert Path(first.stdout.strip()).name == "2026-11-02-same-ask.md"
    built = run_cli("-C", site, "stats", "--json")
    assert '"asks": 2' in built.stdout


def test_new_relative_dates(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})  # now: 2026-12-01 00:00 UTC
    for flag, day in (("today", "12-01"), ("yesterday", "11-30"), ("-3", "11-28")):
        result = run_cli("-C", site, "new", f"Ask {flag}?", "--date", flag)
        assert result.returncode == 0, result.stderr
        assert Path(result.stdout.strip()).name.startswith(f"2026-{day}-"), flag
    bad = run_cli("-C", site, "new", "Ask?", "--date", "last week")
    assert bad.returncode == 2 and bad.stderr.startswith("usage: asklog new")
    assert "error: --date: 'last week' is not a date; when you asked: today" in bad.stderr


def test_new_usage_errors_print_news_usage(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    result = run_cli("-C", site, "new", "Ask?", "--outcome", "perhaps")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: asklog new [-h]")
    assert "asklog new: error: unknown outcome 'perhaps'" in result.stderr


def test_the_outcome_prompt_asks_again_and_enter_means_pending(capsys: object) -> None:
    from generator.core.model import Outcome

    answers = iter(["perhaps", "Blocked"])
    asked: list[str] = []

    def fake(question: str) -> str:
        asked.append(question)
        return next(answers)

    assert ask_outcome(fake, {"blocked": Outcome.REJECTED}) is Outcome.REJECTED
    assert len(asked) == 2 and "Enter: pending" in asked[0]
    assert ask_outcome(lambda q: "", {}) is Outcome.PENDING


def test_new_outside_a_terminal_asks_nothing(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(site), "new", "Quiet?"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        timeout=60,
    )
    assert result.returncode == 0 and "outcome: pending" in Path(result.stdout.strip()).read_text()


def test_new_and_answer_know_entry_folders(tmp_path: Path) -> None:
    from support import entry

    bundle = "content/entries/2026/2026-11-02-same-ask/index.md"
    site = write_site(tmp_path / "s", {bundle: entry(outcome="pending", lesson=None)})
    made = run_cli("-C", site, "new", "Same ask?", "--date", "2026-11-02")
    assert made.returncode == 0, made.stderr
    assert Path(made.stdout.strip()).name == "2026-11-02-same-ask-2.md"
    answered = run_cli("-C", site, "answer", "2026-11-02-same-ask", "no")
    assert answered.returncode == 0, answered.stderr
    assert "outcome: rejected" in (site / bundle).read_text("utf-8")
