"""The cache and the worker processes are invisible: every way of building gives the same bytes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest
from support import EPOCH, SITE_YAML, entry, run_cli, write_site

from generator.content import markup
from generator.pipeline.build import BuildOptions, build

TAGS = ["food", "work", "strangers", "money", "travel"]
# More entries than parallel.MIN_PARALLEL, so that --jobs 2 really uses two processes.
ENTRIES = 80


def _journey(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        f"content/entries/2026-{m:02d}-{d:02d}-ask-{i}.md": entry(
            date=f"2026-{m:02d}-{d:02d} 1{i % 10}:00",
            ask=f"Could I have thing number {i}?",
            outcome=["rejected", "accepted", "partial", "no-answer", "pending"][i % 5],
            lesson=None if i % 5 == 4 else f"Lesson {i} -- ask, it works...",
            tags=f"[{TAGS[i % 5]}, {TAGS[(i * 3) % 5]}]",
            body=f'## What happened\n\nI asked *{i}* times -- "politely".\n\n- one\n- two\n',
        )
        for i in range(ENTRIES)
        for m, d in [(1 + i % 11, 1 + i % 27)]
    }
    files["content/faq/01-rules.md"] = "---\ntitle: Rules\n---\n\n## Why?\n\nBecause.\n"
    files["content/pages/about.md"] = "---\ntitle: About\n---\n\nAbout *me*.\n"
    # Cards off: these builds compare caches, skips and workers on 80 pages; the cards'
    # own reuse is tested in test_share_cards.py and by the random-edit builds.
    return write_site(root, files, SITE_YAML + "share_cards: false\n")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(root: Path, out: str, *flags: str) -> dict[str, bytes]:
    result = run_cli("-C", root, "build", "--out", root / out, *flags)
    assert result.returncode == 0, result.stderr
    return _tree(root / out)


def test_cache_workers_and_a_corrupt_cache_give_identical_output(tmp_path: Path) -> None:
    root = _journey(tmp_path / "s")
    reference = _build(root, "plain", "--no-cache", "--jobs", "1")
    assert not (root / ".asklog").exists(), "--no-cache must not write a cache"
    assert len([p for p in reference if p.startswith("asks/")]) == ENTRIES

    assert _build(root, "cold-2-workers", "--jobs", "2") == reference
    cache_files = list((root / ".asklog" / "cache").iterdir())
    assert cache_files, "a normal build keeps its parse results"
    assert _build(root, "warm-1-worker", "--jobs", "1") == reference
    assert _build(root, "warm-2-workers", "--jobs", "2") == reference

    for damaged in cache_files:
        damaged.write_bytes(damaged.read_bytes()[:100])
    assert _build(root, "after-corruption", "--jobs", "2") == reference
    assert _build(root, "rebuilt-cache", "--jobs", "1") == reference


def test_no_change_build_writes_nothing_but_notices_every_change(tmp_path: Path) -> None:
    root = _journey(tmp_path / "s")
    first = _build(root, "site")
    again = run_cli("-C", root, "build")
    assert again.returncode == 0, again.stderr
    assert " 0 files written" in again.stdout and " 0 removed" in again.stdout
    assert _tree(root / "site") == first

    # A deleted output file is restored, not trusted to the manifest.
    (root / "site" / "about" / "index.html").unlink()
    assert _build(root, "site") == first

    # One edited entry: its page changes, and the build says it wrote something.
    path = root / "content/entries/2026-01-01-ask-0.md"
    path.write_text(path.read_text().replace("I asked", "I begged"))
    edited = run_cli("-C", root, "build")
    assert edited.returncode == 0 and " 0 files written" not in edited.stdout
    after = _tree(root / "site")
    assert b"I begged" in after["asks/ask-0/index.html"]
    assert after == _build(root, "fresh", "--no-cache")

    # A theme override is an input too.
    override = root / "themes" / "default" / "static" / "extra.css"
    override.parent.mkdir(parents=True)
    override.write_text("body{}")
    assert _build(root, "site")["extra.css"] == b"body{}"


def test_changed_markdown_settings_are_not_served_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _journey(tmp_path / "s")
    options = BuildOptions(out=root / "site", jobs=1)
    build(root, options)
    page = root / "site" / "asks" / "ask-1" / "index.html"
    assert "&ldquo;politely&rdquo;" in page.read_text()  # smarty quotes

    monkeypatch.setattr(markup, "EXTENSIONS", tuple(e for e in markup.EXTENSIONS if e != "smarty"))
    monkeypatch.setattr(markup, "_converter", None)
    monkeypatch.setattr(markup, "_fingerprint", None)
    build(root, options)
    assert "&quot;politely&quot;" in page.read_text() or '"politely"' in page.read_text()


DAY = 86400


def _age_content(root: Path) -> None:
    """Content an hour old, as between real builds, so its stamps are trusted and reused."""
    old = time.time_ns() - 3600 * 10**9
    for path in (root / "content").rglob("*.md"):
        os.utime(path, ns=(old, old))


def _build_at(
    root: Path, epoch: int, out: str = "site", *flags: str
) -> tuple[str, dict[str, bytes]]:
    result = run_cli(
        "-C",
        root,
        "build",
        "-v",
        "--out",
        root / out,
        *flags,
        env={"SOURCE_DATE_EPOCH": str(epoch)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, _tree(root / out)


def _clean_at(root: Path, epoch: int) -> dict[str, bytes]:
    shutil.rmtree(root / "clean", ignore_errors=True)
    return _build_at(root, epoch, "clean", "--no-cache")[1]


def _skipped(stdout: str) -> bool:
    """A build that skipped loading prints no parse stage (it never parsed)."""
    return " parse " not in stdout and " 0 files written" in stdout


def test_a_skipped_build_still_sees_every_change(tmp_path: Path) -> None:
    root = _journey(tmp_path / "s")
    late = root / "content/entries/2026-12-20-late.md"
    late.write_text(entry(date="2026-12-20 12:00", ask="Could I ask late?", body="Late.\n"))
    _age_content(root)
    epoch = int(EPOCH)  # 2026-12-01: the late entry is in the future
    _build_at(root, epoch)
    stdout, tree = _build_at(root, epoch)
    assert _skipped(stdout), stdout
    assert "2026-12-20-late.md (2026-12-20 12:00)" in stdout  # the summary still names it
    assert tree == _clean_at(root, epoch)

    def rebuilt_equals_clean(epoch: int) -> None:
        stdout, tree = _build_at(root, epoch)
        assert not _skipped(stdout), stdout
        assert tree == _clean_at(root, epoch)
        assert _skipped(_build_at(root, epoch)[0])  # and the next build skips again

    # An edit that keeps the size and the mtime (only the ctime moves).
    path = root / "content/entries/2026-01-01-ask-0.md"
    before = path.stat()
    time.sleep(0.05)
    path.write_text(path.read_text().replace("I asked", "I ASKED"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    rebuilt_equals_clean(epoch)
    assert b"I ASKED" in (root / "site/asks/ask-0/index.html").read_bytes()

    # A new entry, then a deleted one.
    new = root / "content/entries/2026-02-02-new.md"
    new.write_text(entry(date="2026-02-02 09:00", ask="Could I be new?"))
    _age_content(root)
    rebuilt_equals_clean(epoch)
    new.unlink()
    rebuilt_equals_clean(epoch)

    # A changed site.yaml.
    config = root / "site.yaml"
    config.write_text(config.read_text().replace("Test Journey", "Another Journey"))
    rebuilt_equals_clean(epoch)

    # A new day, then the day the late entry is published, then back in time.
    rebuilt_equals_clean(epoch + DAY)
    publish = int(dt.datetime(2026, 12, 20, 12, 0, tzinfo=dt.UTC).timestamp())
    assert _skipped(_build_at(root, publish - 60)[0]) is False  # a new day: 20 Dec
    stdout, tree = _build_at(root, publish)  # same day, the late entry is now due
    assert not _skipped(stdout) and "asks/late/index.html" in tree
    assert tree == _clean_at(root, publish)
    rebuilt_equals_clean(publish - 60)  # an hour earlier, same day: the entry is future again
    assert "asks/late/index.html" not in _tree(root / "site")


def test_a_skipped_build_still_fails_under_strict(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"content/entries/2026-03-01-a.md": entry(lesson=None)})
    _age_content(root)
    assert run_cli("-C", root, "build").returncode == 0
    again = run_cli("-C", root, "build")
    assert again.returncode == 0 and "lesson" in again.stderr  # the warning is repeated
    assert run_cli("-C", root, "build", "--strict").returncode == 1
