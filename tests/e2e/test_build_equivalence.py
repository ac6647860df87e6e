"""The cache and the worker processes are invisible: every way of building gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import entry, run_cli, write_site

from generator import markup
from generator.build import BuildOptions, build

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
    return write_site(root, files)


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
