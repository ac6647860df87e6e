"""Watches a site's sources with watchdog and turns bursts of events into one rebuild call."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from ..content.sources import is_ignored

WATCHED_DIRS = ("content", "themes", "static")
CONFIG_FILE = "site.yaml"
# Editors write a file in several steps (temp file, rename, chmod); a save is one burst.
DEBOUNCE_SECONDS = 0.05
# After an event that ends a write (closed after writing, renamed into place), the rest
# of a burst comes within microseconds: waiting this long still batches it.
SETTLED_SECONDS = 0.01
# Only events that can change the site. Without this filter, every rebuild's reading of
# the sources came back as an "opened" and a "closed, no write" event per file: 2,000
# events for 1,000 entries, handled in Python at the same time as the rebuild.
EVENTS = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


def relevant(rel: str, is_dir: bool = False) -> bool:
    """Whether a change at `rel` (relative to the site root, '/'-separated) can change the site."""
    parts = PurePosixPath(rel).parts
    if not parts or any(is_ignored(part) for part in parts):
        return False
    if parts == (CONFIG_FILE,):
        return not is_dir
    if len(parts) < 2 or parts[0] not in WATCHED_DIRS:
        return False
    if parts[0] == "content" and not is_dir:
        # Markdown, and files beside entries (bundles: photo.jpg); vim's "4913" probe file
        # and the like, without a suffix, are not content.
        name = parts[-1]
        return name.endswith(".md") or (parts[1:2] == ("entries",) and "." in name.strip("."))
    return True


def event_paths(event: FileSystemEvent) -> list[str]:
    """Both ends of a move count: renaming a file away is a delete, renaming it in an add."""
    paths = [event.src_path]
    dest = getattr(event, "dest_path", "")
    if dest:
        paths.append(dest)
    return [p.decode() if isinstance(p, bytes) else p for p in paths]


def ignorable(event: FileSystemEvent) -> bool:
    """Reads change nothing; a folder's "modified" only echoes the file events inside it."""
    if event.event_type in ("opened", "closed_no_write"):
        return True
    return bool(event.is_directory and event.event_type == "modified")


def settles(event: FileSystemEvent, dest_relevant: bool) -> bool:
    """Whether the event ends a save: a file closed after writing, or renamed into place.

    A rename away (vim's backup `a.md~`) does not: the new file is still to come.
    """
    if event.is_directory:
        return False
    return event.event_type == "closed" or (event.event_type == "moved" and dest_relevant)


class Debouncer:
    """Calls `action(paths)` once events have been quiet for `delay` seconds.

    After an event that settles a save, `settled_delay` of quiet is enough. Calls never
    overlap: events that arrive during a call are batched into the next one.
    """

    def __init__(
        self,
        action: Callable[[set[str]], None],
        delay: float = DEBOUNCE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        settled_delay: float = SETTLED_SECONDS,
    ) -> None:
        self._action = action
        self._delay = delay
        self._settled_delay = min(settled_delay, delay)
        self._quiet = delay
        self._clock = clock
        self._pending: set[str] = set()
        self._last = 0.0
        self._wake = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="asklog-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def push(self, paths: Iterable[str], settled: bool = False) -> None:
        """Note changed paths; `settled`: the event ended a save (see `settles`)."""
        with self._wake:
            self._pending.update(paths)
            self._last = self._clock()
            # Any later event of the burst brings the full delay back.
            self._quiet = self._settled_delay if settled else self._delay
            self._wake.notify()

    def push_settled(self, paths: Iterable[str]) -> None:
        self.push(paths, settled=True)

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _next_batch(self) -> set[str] | None:
        """Wait for events, then for `delay` of quiet; None once stopped."""
        with self._wake:
            while not self._pending and not self._stopped:
                self._wake.wait()
            while not self._stopped:
                remaining = self._last + self._quiet - self._clock()
                if remaining <= 0:
                    break
                self._wake.wait(remaining)
            if self._stopped:
                return None
            batch, self._pending = self._pending, set()
            return batch

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                self._action(batch)
            except Exception as exc:  # noqa: BLE001 (this thread must outlive any one rebuild)
                print(f"asklog: error: rebuild failed: {type(exc).__name__}: {exc}", flush=True)


Push = Callable[[Iterable[str]], None]


class _Handler(FileSystemEventHandler):
    def __init__(self, root: Path, push: Push, settled: Push | None = None) -> None:
        self._root = root
        self._push = push
        self._settled = settled

    def on_any_event(self, event: FileSystemEvent) -> None:
        if ignorable(event):
            return
        rels = []
        # Paths are taken as they come, never resolved: a symlink loop appearing under
        # content/ must reach the build (which names it), not end the watcher's thread.
        for path in event_paths(event):
            rel = self._relative(path)
            if rel is not None and relevant(rel, event.is_directory):
                rels.append(rel)
        if not rels:
            return
        # For a move, the last relevant path is its destination only if that is relevant.
        dest = event_paths(event)[1:]
        dest_relevant = bool(dest) and self._relative(dest[0]) == rels[-1]
        if self._settled is not None and settles(event, dest_relevant):
            self._settled(rels)
        else:
            self._push(rels)

    def _relative(self, path: str) -> str | None:
        absolute = os.path.normpath(os.path.join(self._root, path))
        if absolute != str(self._root) and not absolute.startswith(f"{self._root}{os.sep}"):
            return None
        return Path(os.path.relpath(absolute, self._root)).as_posix()


class Watcher:
    """Watches content/, themes/, static/ and site.yaml under `root`.

    `settled`, if given, is called instead of `push` for events that end a save.
    """

    def __init__(self, root: Path, push: Push, poll: bool = False, settled: Push | None = None):
        self._root = root.resolve()
        self._push = push
        self._handler = _Handler(self._root, push, settled)
        self._poll = poll
        self._observer: Any = None
        self._watched: set[str] = set()

    def start(self) -> None:
        # Made here, not before: watchdog's observer starts a thread when made, and the
        # first build renders on forked processes only while the server has no other thread.
        self._observer = PollingObserver(timeout=0.25) if self._poll else Observer()
        # The root itself is watched without recursion (site.yaml, and folders appearing),
        # so the output folder, .git and virtualenvs are never walked.
        self._schedule(_Callback(self._top_level), self._root, recursive=False)
        self._add_missing()
        self._observer.start()

    def stop(self) -> None:
        if self._observer is not None and self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)

    def _schedule(self, handler: FileSystemEventHandler, folder: Path, recursive: bool) -> None:
        try:
            self._observer.schedule(handler, str(folder), recursive=recursive, event_filter=EVENTS)
        except TypeError:  # watchdog before 4.0 has no filter: those events are ignored later
            self._observer.schedule(handler, str(folder), recursive=recursive)

    def _add_missing(self) -> None:
        """Start watching source folders created since the server started."""
        for name in WATCHED_DIRS:
            folder = self._root / name
            if name not in self._watched and folder.is_dir():
                self._schedule(self._handler, folder, recursive=True)
                self._watched.add(name)

    def _top_level(self, event: FileSystemEvent) -> None:
        if ignorable(event):
            return
        if not event.is_directory:
            self._handler.on_any_event(event)
            return
        self._add_missing()
        # A whole source folder moved in or out: rebuild from what is there now.
        names = {PurePosixPath(p).name for p in event_paths(event)} & set(WATCHED_DIRS)
        if names:
            self._push(sorted(names))


class _Callback(FileSystemEventHandler):
    def __init__(self, callback: Callable[[FileSystemEvent], None]) -> None:
        self._callback = callback

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._callback(event)
