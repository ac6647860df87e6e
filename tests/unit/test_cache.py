"""The parse cache: in memory, in the store, and what happens when a stored row is damaged."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from support import entry, run_cli, write_site

from generator.content import markup
from generator.content.sources import read_sources
from generator.core.config import load_config
from generator.core.errors import SiteErrors
from generator.incremental import fingerprint
from generator.incremental.cache import ParseCache
from generator.incremental.store import STORE, Store, cache_dir
from generator.pipeline import build, load, parallel


def _site(tmp_path: Path, n: int = 3) -> Path:
    files = {
        f"content/entries/2026-03-0{i}-ask-{i}.md": entry(
            date=f"2026-03-0{i} 10:00", body=f"Story *{i}*.\n"
        )
        for i in range(1, n + 1)
    }
    return write_site(tmp_path / "s", files)


def _parse(root: Path, cache: ParseCache | None = None) -> list[object]:
    """Parse with the site's store (as a build does), or with `cache`."""
    cache = cache or ParseCache(parallel.CODEC, Store.for_site(root))
    config, _ = load_config(root)
    files, _ = read_sources(root)
    try:
        records, _ = build.parse_sources(files, config, cache)
    finally:
        cache.save()
        if cache.store is not None:
            cache.store.close()
    return records


def _stored(root: Path) -> ParseCache:
    return ParseCache(parallel.CODEC, Store.for_site(root))


def _count_conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = markup.to_html

    def counting(text: str) -> str:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(markup, "to_html", counting)
    return seen


def test_a_second_process_reads_parse_results_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    first = _parse(root)
    assert (cache_dir(root) / STORE).is_file()
    conversions = _count_conversions(monkeypatch)
    second = _parse(root)
    assert second == first
    assert conversions == []


def test_an_edit_converts_only_the_edited_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _parse(root)
    (root / "content/entries/2026-03-02-ask-2.md").write_text(
        entry(date="2026-03-02 10:00", body="A new story.\n")
    )
    conversions = _count_conversions(monkeypatch)
    records = _parse(root)
    assert conversions == ["A new story.\n"]
    assert "<p>A new story.</p>" in [r.body_html for r in records]  # type: ignore[attr-defined]


def test_a_damaged_row_is_parsed_again(tmp_path: Path) -> None:
    root = _site(tmp_path)
    expected = _parse(root)
    db = sqlite3.connect(cache_dir(root) / STORE)
    changed = db.execute(
        "UPDATE rows SET value = CAST(replace(CAST(value AS TEXT), 'Story', 'Glory') AS BLOB)"
        " WHERE space LIKE 'parse:%'"
    ).rowcount
    db.commit()
    db.close()
    assert changed == 3
    assert _parse(root) == expected


def test_new_markdown_settings_start_a_new_cache_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _parse(root)
    monkeypatch.setattr(markup, "_fingerprint", "markdown=other-version")
    conversions = _count_conversions(monkeypatch)
    _parse(root)
    assert len(conversions) == 3
    db = sqlite3.connect(cache_dir(root) / STORE)
    spaces = db.execute("SELECT DISTINCT space FROM rows WHERE space LIKE 'parse:%'").fetchall()
    db.close()
    assert len(spaces) == 1  # the stale results are gone


def test_a_new_asklog_version_starts_a_new_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _parse(root)
    monkeypatch.setattr(load, "__version__", "99.0")
    conversions = _count_conversions(monkeypatch)
    _parse(root)
    assert len(conversions) == 3


def test_the_site_time_zone_is_part_of_the_key(tmp_path: Path) -> None:
    root = _site(tmp_path, n=1)
    utc = _parse(root)
    (root / "site.yaml").write_text(
        (root / "site.yaml").read_text().replace("timezone: UTC", "timezone: Asia/Tokyo")
    )
    tokyo = _parse(root)
    assert utc[0].date != tokyo[0].date  # type: ignore[attr-defined]


def test_errors_come_back_from_the_cache(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"content/entries/2026-03-01-bad.md": entry(outcome="won")})
    messages = []
    for _ in range(2):  # cold, then from disk
        with pytest.raises(SiteErrors) as caught:
            _parse(root)
        messages.append([e.format() for e in caught.value.errors])
    assert messages[0] == messages[1]
    assert "content/entries/2026-03-01-bad.md" in messages[0][0]


def test_warnings_come_back_from_the_cache(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"content/entries/2026-03-01-a.md": entry(lesson=None)})
    config, _ = load_config(root)
    files, _ = read_sources(root)
    runs = []
    for _ in range(2):
        cache = _stored(root)
        runs.append(build.parse_sources(files, config, cache)[1])
        cache.save()
    assert runs[0] == runs[1]
    assert [w.severity for w in runs[1]] == ["warning"]


def test_a_cache_without_a_directory_writes_nothing(tmp_path: Path) -> None:
    root = _site(tmp_path)
    _parse(root, ParseCache())
    assert not (root / ".asklog").exists()


def test_enough_files_are_converted_on_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path, n=9)
    config, _ = load_config(root)
    files, _ = read_sources(root)
    files = files * (parallel.MIN_PARALLEL // len(files) + 1)
    serial = parallel.parse_all(files, config.tz, 1)
    # pytest's own threads would make asklog parse serially, as it does under `serve`.
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)
    assert parallel.parse_all(files, config.tz, 2) == serial

    def slow_pid(text: str) -> str:
        time.sleep(0.02)  # long enough that one worker cannot take every chunk
        return str(os.getpid())

    monkeypatch.setattr(markup, "to_html", slow_pid)
    pids = {p.record.body_html for p in parallel.parse_all(files, config.tz, 2)}  # type: ignore[union-attr]
    assert len(pids) == 2 and str(os.getpid()) in pids  # this one and a forked one


def test_a_tree_fingerprint_sees_an_edit_that_keeps_size_and_mtime(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    page = theme / "templates" / "page.html"
    page.write_text("aa")
    old = time.time_ns() - 10 * fingerprint.RACY_NS  # long ago: trusted by its stamp
    os.utime(page, ns=(old, old))
    known: fingerprint.Known = {}
    before = fingerprint.tree([theme], known)
    assert known and fingerprint.tree([theme], known) == before
    page.write_text("bb")  # same size; `cp -p` or `rsync -t` would also keep the mtime
    os.utime(page, ns=(old, old))
    assert fingerprint.tree([theme], known) != before


def test_check_reads_the_cache_but_writes_nothing(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert run_cli("-C", root, "check").returncode == 0
    assert not (root / ".asklog").exists()
    assert run_cli("-C", root, "build").returncode == 0
    before = {p: p.read_bytes() for p in cache_dir(root).iterdir()}
    (root / "content/entries/2026-03-01-ask-1.md").write_text(entry(body="Changed.\n"))
    assert run_cli("-C", root, "check").returncode == 0
    assert {p: p.read_bytes() for p in cache_dir(root).iterdir()} == before


def _edit(root: Path, i: int, body: str) -> None:
    (root / f"content/entries/2026-03-0{i}-ask-{i}.md").write_text(
        entry(date=f"2026-03-0{i} 10:00", body=body)
    )
