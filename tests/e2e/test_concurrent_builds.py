"""Two builds at once, and a build while `serve` runs: the store and the output stay whole."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from editing import tree
from support import EPOCH, entry, run_cli, write_site

from generator.incremental.store import STORE, Store, cache_dir

ENTRIES = 70  # past parallel.MIN_PARALLEL: workers fork while the other build runs


def _site(root: Path) -> Path:
    files = {
        f"content/entries/2026-03-{i % 28 + 1:02d}-ask-{i}.md": entry(
            date=f"2026-03-{i % 28 + 1:02d} 10:00", ask=f"Could I have {i}?", body=f"Story {i}.\n"
        )
        for i in range(ENTRIES)
    }
    files["content/entries/draft.md"] = entry(ask="A draft?", extra="draft: true")
    return write_site(root, files)


def _start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "-C", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )


def _clean(root: Path, out: Path, *flags: str) -> dict[str, bytes]:
    result = run_cli("-C", root, "build", "--no-cache", "--out", out, *flags)
    assert result.returncode == 0, result.stderr
    return tree(out)


def _store_is_whole(root: Path) -> None:
    with Store.for_site(root, read_only=True)._conn() as db:  # type: ignore[union-attr]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_builds_at_once_never_corrupt_the_store_or_the_output(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    story = root / "content/entries/2026-03-02-ask-1.md"
    for round_ in range(3):
        if round_:
            story.write_text(entry(date="2026-03-02 10:00", body=f"Edit {round_}.\n"))
        first, second = _start(root, "build"), _start(root, "build", "-j", "2")
        for proc in (first, second):
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0 and "Traceback" not in err, err
        assert tree(root / "site") == _clean(root, tmp_path / f"clean{round_}")
        _store_is_whole(root)
    again = run_cli("-C", root, "build")
    assert "0 files written" in again.stdout  # the store still knows the output


def test_a_build_while_serve_runs_and_serve_keeps_in_step(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    serve = _start(root, "serve", "--port", "0")
    try:
        assert serve.stdout is not None
        for line in serve.stdout:
            if re.search(r"at http://\S+ ", line):
                break
        preview = root / ".asklog" / "preview"
        assert (preview / "asks" / "draft" / "index.html").is_file()
        built = run_cli("-C", root, "build")
        assert built.returncode == 0, built.stderr
        assert tree(root / "site") == _clean(root, tmp_path / "clean")
        assert not (root / "site" / "asks" / "draft").exists()  # the preview never leaks
        _store_is_whole(root)
        # After the build, the next edit brings the preview in line with a clean preview build.
        story = root / "content/entries/2026-03-03-ask-2.md"
        story.write_text(entry(date="2026-03-03 10:00", body="Edited while serving.\n"))
        expected = _clean(root, tmp_path / "clean-preview", "--drafts", "--future")
        deadline = time.monotonic() + 30
        while tree(preview) != expected and time.monotonic() < deadline:
            time.sleep(0.2)
        assert tree(preview) == expected
        assert serve.poll() is None
    finally:
        serve.send_signal(signal.SIGINT)
        serve.communicate(timeout=20)
    assert (cache_dir(root) / STORE).is_file()
