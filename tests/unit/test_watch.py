"""Which file events cause a rebuild, and how bursts of events become one rebuild."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    DirModifiedEvent,
    FileClosedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)

from generator.serve.watch import Debouncer, Watcher, relevant, settles


@pytest.mark.parametrize(
    ("rel", "is_dir"),
    [
        ("site.yaml", False),
        ("content/entries/2026/a.md", False),
        ("content/faq/basics.md", False),
        ("content/pages/about.md", False),
        ("content/entries/2026", True),  # a folder of entries renamed or removed
        ("content/entries/2026/2026-03-14-cockpit/photo.jpg", False),  # beside a bundle entry
        ("themes/default/templates/entry.html", False),
        ("themes/mine/static/style.css", False),
        ("static/images/me.jpg", False),
        ("static/CNAME", False),
    ],
)
def test_changes_that_rebuild(rel: str, is_dir: bool) -> None:
    assert relevant(rel, is_dir)


@pytest.mark.parametrize(
    "rel",
    [
        "content/entries/.a.md.swp",  # vim swap
        "content/entries/a.md.swp",
        "content/entries/a.md~",  # backup
        "content/entries/.#a.md",  # emacs lock
        "content/entries/#a.md#",  # emacs autosave
        "content/entries/4913",  # vim's write probe
        "content/faq/notes.txt",  # not Markdown, and FAQ sections have no bundles
        "content/entries/2026/x/.DS_Store",
        "content/entries/_drafts/a.md",  # ignored folder
        "themes/default/templates/.entry.html.swp",
        "static/.DS_Store",
        "site/index.html",  # the output folder
        "site.yaml~",
        ".git/index",
        "README.md",
        "content",
    ],
)
def test_changes_that_are_ignored(rel: str) -> None:
    assert not relevant(rel)


def test_site_yaml_folder_is_not_config() -> None:
    assert not relevant("site.yaml", is_dir=True)


class Recorder:
    def __init__(self, hold: float = 0.0) -> None:
        self.calls: list[set[str]] = []
        self.hold = hold
        self.called = threading.Event()

    def __call__(self, paths: set[str]) -> None:
        self.calls.append(paths)
        self.called.set()
        time.sleep(self.hold)


def wait_for(predicate: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_one_save_in_several_events_is_one_rebuild() -> None:
    record = Recorder()
    debouncer = Debouncer(record, delay=0.1)
    debouncer.start()
    try:
        # An editor's atomic save: write temp file, rename over the original, chmod.
        for path in ("content/entries/a.md", "content/entries/a.md", "site.yaml"):
            debouncer.push([path])
            time.sleep(0.01)
        wait_for(lambda: record.calls)
        time.sleep(0.25)  # nothing else arrives later
        assert record.calls == [{"content/entries/a.md", "site.yaml"}]
    finally:
        debouncer.stop()


def test_rebuild_waits_for_quiet() -> None:
    record = Recorder()
    debouncer = Debouncer(record, delay=0.15)
    debouncer.start()
    try:
        started = time.monotonic()
        for _ in range(5):  # events keep coming for ~0.25 s
            debouncer.push(["content/entries/a.md"])
            time.sleep(0.05)
        wait_for(lambda: record.calls)
        assert time.monotonic() - started >= 0.25 + 0.1
        assert len(record.calls) == 1
    finally:
        debouncer.stop()


def test_events_during_a_rebuild_make_one_more_rebuild_never_an_overlapping_one() -> None:
    running = threading.Lock()
    overlaps: list[bool] = []
    calls: list[set[str]] = []

    def action(paths: set[str]) -> None:
        overlaps.append(not running.acquire(blocking=False))
        calls.append(paths)
        time.sleep(0.2)
        running.release()

    debouncer = Debouncer(action, delay=0.02)
    debouncer.start()
    try:
        debouncer.push(["content/entries/a.md"])
        wait_for(lambda: calls)
        debouncer.push(["content/entries/b.md"])
        debouncer.push(["content/entries/c.md"])
        wait_for(lambda: len(calls) == 2)
        time.sleep(0.1)
        assert calls == [{"content/entries/a.md"}, {"content/entries/b.md", "content/entries/c.md"}]
        assert overlaps == [False, False]
    finally:
        debouncer.stop()


def test_stop_ends_the_worker_without_a_call() -> None:
    record = Recorder()
    debouncer = Debouncer(record, delay=5)
    debouncer.start()
    debouncer.push(["site.yaml"])
    debouncer.stop()
    assert record.calls == []


@pytest.mark.parametrize("poll", [False, True])
def test_watcher_reports_relevant_changes_only(tmp_path: Path, poll: bool) -> None:
    for folder in ("content/entries", "site"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n")
    seen: list[str] = []
    watcher = Watcher(tmp_path, seen.extend, poll=poll)
    watcher.start()
    try:
        time.sleep(0.3)  # let the polling observer take its first snapshot
        (tmp_path / "content/entries/.a.md.swp").write_text("swap")
        (tmp_path / "site/index.html").write_text("output")
        (tmp_path / "content/entries/a.md.tmp").write_text("x")
        (tmp_path / "content/entries/a.md.tmp").rename(tmp_path / "content/entries/a.md")
        (tmp_path / "static").mkdir()  # a folder created after start is watched too
        time.sleep(0.3)
        (tmp_path / "static/CNAME").write_text("example.org")
        (tmp_path / "site.yaml").write_text("title: U\n")
        wait_for(lambda: {"site.yaml", "static/CNAME", "content/entries/a.md"} <= set(seen))
        assert all(
            p in ("site.yaml", "static", "static/CNAME", "content/entries/a.md") for p in seen
        ), seen
    finally:
        watcher.stop()


@pytest.mark.parametrize(
    ("event", "dest_relevant", "expected"),
    [
        (FileClosedEvent("/s/content/entries/a.md"), False, True),
        # An atomic save renames its temporary file into place.
        (FileMovedEvent("/s/content/entries/.a.md.tmp", "/s/content/entries/a.md"), True, True),
        # vim renames the original away to a backup first: the new file is still to come.
        (FileMovedEvent("/s/content/entries/a.md", "/s/content/entries/a.md~"), False, False),
        (FileModifiedEvent("/s/content/entries/a.md"), False, False),
        (DirModifiedEvent("/s/content/entries"), False, False),
    ],
)
def test_which_events_end_a_save(
    event: FileSystemEvent, dest_relevant: bool, expected: bool
) -> None:
    assert settles(event, dest_relevant) is expected


def test_a_settled_save_rebuilds_after_the_short_delay() -> None:
    record = Recorder()
    debouncer = Debouncer(record, delay=2.0, settled_delay=0.02)
    debouncer.start()
    try:
        started = time.monotonic()
        debouncer.push(["content/entries/a.md"])  # modified
        debouncer.push(["content/entries/a.md"], settled=True)  # closed after writing
        wait_for(lambda: record.calls, timeout=1.5)
        assert time.monotonic() - started < 1.0
        time.sleep(0.1)
        assert record.calls == [{"content/entries/a.md"}]
    finally:
        debouncer.stop()


def test_an_event_after_the_settling_one_brings_the_full_delay_back() -> None:
    record = Recorder()
    debouncer = Debouncer(record, delay=0.3, settled_delay=0.02)
    debouncer.start()
    try:
        started = time.monotonic()
        debouncer.push(["content/entries/a.md"], settled=True)
        debouncer.push(["content/entries/a.md"])  # a chmod after the close
        wait_for(lambda: record.calls)
        assert time.monotonic() - started >= 0.3
        assert record.calls == [{"content/entries/a.md"}]
    finally:
        debouncer.stop()


def test_watcher_reports_a_finished_write_as_settled(tmp_path: Path) -> None:
    (tmp_path / "content/entries").mkdir(parents=True)
    seen: list[str] = []
    settled: list[str] = []
    watcher = Watcher(tmp_path, seen.extend, settled=settled.extend)
    watcher.start()
    try:
        (tmp_path / "content/entries/a.md").write_text("first")
        (tmp_path / "content/entries/b.md.tmp").write_text("second")
        (tmp_path / "content/entries/b.md.tmp").rename(tmp_path / "content/entries/b.md")
        (tmp_path / "content/entries/b.md").rename(tmp_path / "content/entries/b.md~")
        wait_for(lambda: settled.count("content/entries/a.md") == 1 and len(seen) >= 2)
        time.sleep(0.1)
        assert set(settled) == {"content/entries/a.md", "content/entries/b.md"}
        assert "content/entries/a.md" in seen  # its "modified" came before the close
        assert "content/entries/b.md" in seen  # renamed away to a backup: not settled
    finally:
        watcher.stop()


def test_reading_the_sources_brings_no_events(tmp_path: Path) -> None:
    """A rebuild reads every source; those reads must not reach Python as events at all."""
    (tmp_path / "content/entries").mkdir(parents=True)
    files = [tmp_path / f"content/entries/{i}.md" for i in range(20)]
    for path in files:
        path.write_text("x")
    watcher = Watcher(tmp_path, lambda paths: None)
    events: list[FileSystemEvent] = []
    handle = watcher._handler.on_any_event

    def counting(event: FileSystemEvent) -> None:
        events.append(event)
        handle(event)

    watcher._handler.on_any_event = counting  # type: ignore[method-assign]
    watcher.start()
    try:
        time.sleep(0.2)
        events.clear()
        for path in files:
            path.read_bytes()
        time.sleep(0.3)
        assert events == []
    finally:
        watcher.stop()


def test_the_first_serve_build_may_use_every_core(tmp_path: Path) -> None:
    """Worker processes are forked only while the server runs no other thread: nothing the
    server makes before its first build may start one (a 1,000-card site took 54 s, not 25)."""
    from generator.serve.server import LiveServer, options_for_serve

    (tmp_path / "content").mkdir()
    before = threading.active_count()
    server = LiveServer(tmp_path, options_for_serve(False), port=0)
    try:
        assert threading.active_count() == before
    finally:
        server.stop()
