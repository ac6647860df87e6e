"""SPEC 8.3: writes never leave the output folder, through links or through --out."""

from __future__ import annotations

import http.client
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support import EPOCH, entry

from generator.serve.server import LiveServer, options_for_serve

ENTRY = {"content/entries/2026-03-01-discount.md": entry()}


def test_a_symlinked_folder_in_the_output_is_not_written_through(
    make_site: Callable[..., Path],
    cli: Callable[..., subprocess.CompletedProcess[str]],
    tmp_path: Path,
) -> None:
    root = make_site(ENTRY)
    assert cli("-C", root, "build").returncode == 0
    elsewhere = tmp_path / "elsewhere"
    (root / "site" / "asks").rename(elsewhere)
    (root / "site" / "asks").symlink_to(elsewhere)
    for page in elsewhere.rglob("*.html"):
        page.write_text("the user's own file")
    (root / "site.yaml").write_text("title: Changed\nbase_url: https://example.org/\n")
    done = cli("-C", root, "build")
    assert done.returncode == 1
    assert "refusing to write into site/asks: it is a symbolic link" in done.stderr
    assert {p.read_text() for p in elsewhere.rglob("*.html")} == {"the user's own file"}
    assert b"Changed" not in (root / "site/index.html").read_bytes()


@pytest.mark.parametrize(
    ("out", "why"),
    [
        ("static/built", "the build reads static/"),
        ("static", "the build reads static/"),
        ("themes/mine", "the build reads themes/"),
        (".asklog/cache/x", "the build reads its cache"),
    ],
)
def test_out_where_the_build_reads_is_refused(
    make_site: Callable[..., Path],
    cli: Callable[..., subprocess.CompletedProcess[str]],
    out: str,
    why: str,
) -> None:
    root = make_site({**ENTRY, "static/CNAME": "example.org\n"})
    (root / "themes").mkdir()
    done = cli("-C", root, "build", "--out", root / out)
    assert done.returncode == 1
    assert f"refusing to use {(root / out).resolve()} as the output folder: {why}" in done.stderr
    assert sorted(p.name for p in (root / "static").iterdir()) == ["CNAME"]


def test_a_dangling_output_link_is_an_error_not_a_crash(
    make_site: Callable[..., Path], cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    root = make_site(ENTRY)
    (root / "site").symlink_to(root / "gone")
    done = cli("-C", root, "build")
    assert done.returncode == 1 and "internal error" not in done.stderr
    assert "is a symbolic link to a missing folder" in done.stderr


def test_serve_never_sends_a_404_page_that_links_out(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_site(ENTRY)
    secret = tmp_path / "secret.html"
    secret.write_text("<p>private notes</p>")
    live = LiveServer(root, options_for_serve(False), port=0)
    live.start()
    try:
        (live.out / "404.html").unlink()
        (live.out / "404.html").symlink_to(secret)
        (live.out / "notes.html").symlink_to(secret)
        for path in ("/no-such-page/", "/notes.html", "/404.html"):
            host, port = live.httpd.server_address[:2]
            conn = http.client.HTTPConnection(str(host), port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            conn.close()
            assert response.status == 404, path
            assert b"private notes" not in body, path
    finally:
        live.stop()
