"""The parse cache: in memory, on disk, and what happens when the disk copy is damaged."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from support import entry, run_cli, write_site

from generator.content import markup
from generator.content.sources import read_sources
from generator.core.config import load_config
from generator.core.errors import SiteErrors
from generator.incremental import cache
from generator.incremental.cache import ParseCache, cache_dir, inputs_fingerprint, load_records
from generator.pipeline import build, parallel


def _site(tmp_path: Path, n: int = 3) -> Path:
    files = {
        f"content/entries/2026-03-0{i}-ask-{i}.md": entry(
            date=f"2026-03-0{i} 10:00", body=f"Story *{i}*.\n"
        )
        for i in range(1, n + 1)
    }
    return write_site(tmp_path / "s", files)


def _parse(root: Path, cache: ParseCache) -> list[object]:
    config, _ = load_config(root)
    files, _ = read_sources(root)
    records, _ = build.parse_sources(files, config, cache)
    return records


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
    first = _parse(root, ParseCache(directory=cache_dir(root)))
    assert list(cache_dir(root).glob("parse-*.pickle"))
    conversions = _count_conversions(monkeypatch)
    second = _parse(root, ParseCache(directory=cache_dir(root)))
    assert second == first
    assert conversions == []


def test_an_edit_converts_only_the_edited_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _parse(root, ParseCache(directory=cache_dir(root)))
    (root / "content/entries/2026-03-02-ask-2.md").write_text(
        entry(date="2026-03-02 10:00", body="A new story.\n")
    )
    conversions = _count_conversions(monkeypatch)
    records = _parse(root, ParseCache(directory=cache_dir(root)))
    assert conversions == ["A new story.\n"]
    assert "<p>A new story.</p>" in [r.body_html for r in records]  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05garbage"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(tmp_path: Path, damage: bytes) -> None:
    root = _site(tmp_path)
    expected = _parse(root, ParseCache(directory=cache_dir(root)))
    (cache_file,) = cache_dir(root).glob("parse-*.pickle")
    cache_file.write_bytes(damage)
    assert _parse(root, ParseCache(directory=cache_dir(root))) == expected
    assert len(load_records(cache_file)) == 3


def test_a_truncated_cache_file_is_ignored(tmp_path: Path) -> None:
    root = _site(tmp_path)
    expected = _parse(root, ParseCache(directory=cache_dir(root)))
    (cache_file,) = cache_dir(root).glob("parse-*.pickle")
    cache_file.write_bytes(cache_file.read_bytes()[:200])
    assert load_records(cache_file) == {}
    assert _parse(root, ParseCache(directory=cache_dir(root))) == expected


def test_new_markdown_settings_start_a_new_cache_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _parse(root, ParseCache(directory=cache_dir(root)))
    (old,) = cache_dir(root).glob("parse-*.pickle")
    monkeypatch.setattr(markup, "_fingerprint", "markdown=other-version")
    conversions = _count_conversions(monkeypatch)
    _parse(root, ParseCache(directory=cache_dir(root)))
    assert len(conversions) == 3
    (new,) = cache_dir(root).glob("parse-*.pickle")  # the stale file is gone
    assert new != old


def test_a_new_asklog_version_starts_a_new_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _parse(root, ParseCache(directory=cache_dir(root)))
    monkeypatch.setattr(build, "__version__", "99.0")
    conversions = _count_conversions(monkeypatch)
    _parse(root, ParseCache(directory=cache_dir(root)))
    assert len(conversions) == 3


def test_the_site_time_zone_is_part_of_the_key(tmp_path: Path) -> None:
    root = _site(tmp_path, n=1)
    utc = _parse(root, ParseCache(directory=cache_dir(root)))
    (root / "site.yaml").write_text(
        (root / "site.yaml").read_text().replace("timezone: UTC", "timezone: Asia/Tokyo")
    )
    tokyo = _parse(root, ParseCache(directory=cache_dir(root)))
    assert utc[0].date != tokyo[0].date  # type: ignore[attr-defined]


def test_errors_come_back_from_the_cache(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"content/entries/2026-03-01-bad.md": entry(outcome="won")})
    messages = []
    for _ in range(2):  # cold, then from disk
        with pytest.raises(SiteErrors) as caught:
            _parse(root, ParseCache(directory=cache_dir(root)))
        messages.append([e.format() for e in caught.value.errors])
    assert messages[0] == messages[1]
    assert "content/entries/2026-03-01-bad.md" in messages[0][0]


def test_warnings_come_back_from_the_cache(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"content/entries/2026-03-01-a.md": entry(lesson=None)})
    config, _ = load_config(root)
    files, _ = read_sources(root)
    runs = [build.parse_sources(files, config, ParseCache(directory=cache_dir(root)))[1]]
    runs.append(build.parse_sources(files, config, ParseCache(directory=cache_dir(root)))[1])
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


def test_inputs_fingerprint_sees_a_touched_theme_file(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    page = theme / "templates" / "page.html"
    page.write_text("a")
    before = inputs_fingerprint(["x"], [theme])
    assert inputs_fingerprint(["x"], [theme]) == before
    page.write_text("bb")
    assert inputs_fingerprint(["x"], [theme]) != before
    assert inputs_fingerprint(["y"], [theme]) != inputs_fingerprint(["x"], [theme])


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


def test_an_edit_is_appended_to_a_journal_not_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _parse(root, ParseCache(directory=cache_dir(root)))
    (base,) = cache_dir(root).glob("parse-*.pickle")
    before = base.read_bytes()
    _edit(root, 2, "Edited once.\n")
    _parse(root, ParseCache(directory=cache_dir(root)))
    assert base.read_bytes() == before
    assert base.with_suffix(".journal").stat().st_size < len(before)
    _edit(root, 3, "Edited too.\n")
    conversions = _count_conversions(monkeypatch)
    _parse(root, ParseCache(directory=cache_dir(root)))
    assert conversions == ["Edited too.\n"]  # the first edit came back from the journal
    conversions.clear()
    again = _parse(root, ParseCache(directory=cache_dir(root)))
    assert conversions == []
    assert again == _parse(root, ParseCache())  # a clean parse of the same files


def test_a_full_journal_is_folded_into_the_cache_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    monkeypatch.setattr(cache, "JOURNAL_LIMIT", 4)
    _parse(root, ParseCache(directory=cache_dir(root)))
    (base,) = cache_dir(root).glob("parse-*.pickle")
    for n in range(3):  # each edit journals one record put and one dropped
        _edit(root, 1, f"Edit {n}.\n")
        _parse(root, ParseCache(directory=cache_dir(root)))
    assert not base.with_suffix(".journal").exists()
    folded = sorted(p.record.body_html for p in load_records(base).values())
    clean = sorted(r.body_html for r in _parse(root, ParseCache()))  # type: ignore[attr-defined]
    assert folded == clean and "<p>Edit 2.</p>" in folded


def test_a_half_written_journal_costs_parses_not_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    _parse(root, ParseCache(directory=cache_dir(root)))
    _edit(root, 2, "Edited.\n")
    _parse(root, ParseCache(directory=cache_dir(root)))
    (journal,) = cache_dir(root).glob("parse-*.journal")
    journal.write_bytes(journal.read_bytes()[:-7])  # killed mid-append
    conversions = _count_conversions(monkeypatch)
    records = _parse(root, ParseCache(directory=cache_dir(root)))
    assert conversions == ["Edited.\n"]
    assert records == _parse(root, ParseCache())
    assert not journal.exists()  # the damaged journal was folded away
