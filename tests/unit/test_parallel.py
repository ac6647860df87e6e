"""fork_map: the same results in the same order, shared with forked processes when worth it."""

from __future__ import annotations

import os
import threading

import pytest

from generator.pipeline import parallel


@pytest.fixture(autouse=True)
def _forking_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-xdist runs threads of its own, which would make fork_map stay serial.
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)


def _tagged(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_many_items_are_shared_with_a_forked_process_in_order() -> None:
    items = list(range(500))
    results = parallel.fork_map(_tagged, items, jobs=2)
    assert [square for square, _ in results] == [i * i for i in items]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2


def test_few_items_one_job_or_running_threads_stay_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert {pid for _, pid in parallel.fork_map(_tagged, list(range(10)), jobs=2)} == {os.getpid()}
    assert {pid for _, pid in parallel.fork_map(_tagged, list(range(500)), jobs=1)} == {os.getpid()}
    monkeypatch.undo()

    ticker = threading.Event()
    thread = threading.Thread(target=ticker.wait)
    thread.start()  # as under `serve`, whose watcher runs on a thread
    try:
        pids = {pid for _, pid in parallel.fork_map(_tagged, list(range(500)), jobs=2)}
    finally:
        ticker.set()
        thread.join()
    assert pids == {os.getpid()}


def test_workers_see_data_made_just_before_the_fork() -> None:
    # Closures are inherited, not pickled: a lambda over local data works.
    table = {i: f"page {i}" for i in range(300)}
    assert parallel.fork_map(lambda i: table[i], list(table), jobs=2) == list(table.values())


def test_the_share_of_a_child_that_dies_is_computed_here() -> None:
    parent = os.getpid()

    def fragile(item: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # as if killed
        return item + 1

    assert parallel.fork_map(fragile, list(range(200)), jobs=2) == list(range(1, 201))
