"""`asklog serve` through the real CLI, and its rebuilds checked against clean builds (SPEC 8.5)."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from editing import RandomEditor, tree
from support import EPOCH, entry, run_cli, write_site

from generator.serve.server import LiveServer, options_for_serve


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_serve_rebuilds_equal_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    rng = random.Random(seed)
    root = write_site(tmp_path / "s", {})
    editor = RandomEditor(root, rng)
    for _ in range(6):
        editor.write(editor.new_name("content/entries"), editor.entry_text())
    live = LiveServer(root, options_for_serve(no_drafts=seed == 3), port=0)
    try:
        assert live.preview.rebuild().ok
        done = []
        for _ in range(20):
            done.append(editor.step())
            live.preview.rebuild()  # what the watcher calls after each save
        editor.make_valid()
        result = live.preview.rebuild()
        assert result.ok, [e.format() for e in result.errors]
    finally:
        live.httpd.server_close()
    flags = ["--future"] + ([] if seed == 3 else ["--drafts"])
    clean = run_cli("-C", root, "build", *flags, "--out", tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert tree(live.out) == tree(tmp_path / "clean"), done


def test_a_failed_rebuild_keeps_the_last_good_site(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_site({"content/entries/a.md": entry(body="First story.\n")})
    live = LiveServer(root, options_for_serve(False), port=0)
    try:
        assert live.preview.rebuild().ok
        before = tree(live.out)
        (root / "content/entries/a.md").write_text("---\noutcome: maybe-later\n---\n")
        failed = live.preview.rebuild()
        assert not failed.ok and tree(live.out) == before
        assert any(e["path"] == "content/entries/a.md" for e in live.preview.state.errors)
        (root / "content/entries/a.md").write_text(entry(body="Second story.\n"))
        fixed = live.preview.rebuild()
        assert fixed.ok and fixed.changed and live.preview.state.errors == []
        assert b"Second story." in (live.out / "asks/a/index.html").read_bytes()
    finally:
        live.httpd.server_close()


def test_reload_is_pushed_only_when_the_output_changed(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_site({"content/entries/a.md": entry()})
    live = LiveServer(root, options_for_serve(False), port=0)
    try:
        live.preview.rebuild()
        generation = live.preview.state.site
        (root / "content/entries/a.md").touch()  # saved without a change
        assert not live.preview.rebuild().changed
        assert live.preview.state.site == generation
        (root / "content/entries/a.md").write_text(entry(body="New.\n"))
        assert live.preview.rebuild().changed
        assert live.preview.state.site == generation + 1
    finally:
        live.httpd.server_close()


# ------------------------------------------------------------------- the real command


def start_serve(root: Path, *args: str) -> tuple[subprocess.Popen[str], str, str]:
    """Run `asklog serve`; return it, the address it prints and its output until then."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "-C", str(root), "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        found = re.search(r"at (http://\S+) ", line)
        if found:
            return proc, found.group(1), "".join(lines)
    proc.kill()
    raise AssertionError("serve did not start: " + "".join(lines) + proc.stderr.read())  # type: ignore[union-attr]


def stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    return out, err


def test_cli_serves_and_stops_cleanly_on_ctrl_c(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/entries/a.md": entry(extra="draft: true")})
    proc, url, _ = start_serve(root, "--port", "0")
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url + "asks/a/") as response:
        assert b"Could I have a discount?" in response.read()  # drafts shown by default
    out, err = stop(proc)
    assert "Stopped." in out and "Traceback" not in err


def test_cli_busy_port_moves_to_the_next_and_says_so(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/entries/a.md": entry()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc, url, out = start_serve(root, "--port", str(port))
        stop(proc)
    assert f"Port {port} is in use; using port" in out
    assert f":{port}/" not in url


def test_cli_bad_first_build_still_serves_and_prints_the_error(
    make_site: Callable[..., Path],
) -> None:
    root = make_site({"content/entries/a.md": entry(outcome="maybe-later")})
    proc, url, _ = start_serve(root, "--port", "0", "--no-drafts")
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(url)
    assert excinfo.value.code == 404
    excinfo.value.close()
    _, err = stop(proc)
    assert re.search(r"content/entries/a\.md:\d+: error: .*outcome", err), err


CARD = """<article>{{ entry.title }} mood={{ entry.extra.get('mood', '-') }}
lesson={{ entry['lesson'] }} {{ url_for('entry', entry) }}
{{ site.entries | map(attribute='ask') | join('|') }}</article>
"""


def test_reused_pages_follow_every_way_a_template_reads_an_entry(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Pages are reused between rebuilds only while what they read is unchanged."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    files = {
        f"content/entries/{name}.md": entry(date=f"2026-03-0{i} 10:00", extra="mood: calm")
        for i, name in enumerate(["a", "b", "c"], 1)
    }
    files["themes/default/templates/_entry_card.html"] = CARD
    root = make_site(files)
    live = LiveServer(root, options_for_serve(False), port=0)
    edits = [
        ("content/entries/b.md", entry(date="2026-03-02 10:00", extra="mood: brave")),
        ("content/entries/b.md", entry(date="2026-03-02 10:00", lesson="New lesson.")),
        ("content/entries/c.md", entry(date="2026-03-03 10:00", ask="Could I ask again?")),
        ("content/entries/a.md", entry(date="2026-03-01 10:00", extra="slug: renamed")),
    ]
    try:
        assert live.preview.rebuild().ok
        for step, (rel, text) in enumerate(edits):
            (root / rel).write_text(text, encoding="utf-8")
            result = live.preview.rebuild()
            assert result.ok and result.changed
            pages = live.preview.builder.pages
            assert pages is not None and pages.reused > 0  # the others were not rendered again
            clean = run_cli("-C", root, "build", "--drafts", "--future", "--out", tmp_path / "c")
            assert clean.returncode == 0, clean.stderr
            assert tree(live.out) == tree(tmp_path / "c"), f"after edit {step}: {rel}"
    finally:
        live.httpd.server_close()
