"""serve only answers with files inside the output folder; HTML gets the reload script."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import EPOCH, entry

from generator.core.errors import SiteErrors
from generator.serve.http import EVENTS_PATH, bind, inject, make_handler, resolve_request
from generator.serve.preview import Preview
from generator.serve.server import LiveServer, options_for_serve


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    (out / "asks" / "x").mkdir(parents=True)
    (out / "asks" / "x" / "index.html").write_text("<p>x</p>")
    (out / "index.html").write_text("<p>home</p>")
    (out / "feed.xml").write_text("<feed/>")
    (out / "odd name.txt").write_text("spaces")
    (tmp_path / "secret.txt").write_text("outside")
    (out / "link").symlink_to(tmp_path / "secret.txt")
    return out


@pytest.mark.parametrize(
    ("request_path", "expected"),
    [
        ("/", "index.html"),
        ("/index.html", "index.html"),
        ("/asks/x/", "asks/x/index.html"),
        ("/asks/x/index.html?utm=1#top", "asks/x/index.html"),
        ("/feed.xml", "feed.xml"),
        ("/odd%20name.txt", "odd name.txt"),
        ("/asks//x/", "asks/x/index.html"),
    ],
)
def test_files_inside_the_output_folder(out: Path, request_path: str, expected: str) -> None:
    target = resolve_request(out, "/", request_path)
    assert target.kind == "file"
    assert target.path == (out / expected).resolve()


@pytest.mark.parametrize(
    "request_path",
    [
        "/../secret.txt",
        "/asks/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/asks/x/..%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",  # backslash
        "/./index.html",
        "//etc/passwd",
        "/etc/passwd",
        str(Path("/etc/passwd").resolve()),
        "/index.html%00.txt",
        "/%00",
        "/%ff%fe",  # not UTF-8
        "/link",  # symlink out of the folder
        "/nope/",
        "/asks/y/",
    ],
)
def test_nothing_outside_or_missing(out: Path, request_path: str) -> None:
    assert resolve_request(out, "/", request_path).kind == "missing"


def test_folder_without_slash_redirects(out: Path) -> None:
    target = resolve_request(out, "/", "/asks/x")
    assert (target.kind, target.location) == ("redirect", "/asks/x/")


def test_base_path_prefix(out: Path) -> None:
    """base_url https://me.github.io/journey/ is served under /journey/, as on the host."""
    assert (
        resolve_request(out, "/journey/", "/journey/feed.xml").path == (out / "feed.xml").resolve()
    )
    assert resolve_request(out, "/journey/", "/journey").location == "/journey/"
    # The server's root, what a browser opens from the printed host and port, leads there too.
    root = resolve_request(out, "/journey/", "/")
    assert (root.kind, root.location) == ("redirect", "/journey/")
    assert resolve_request(out, "/journey/", "/?x=1").location == "/journey/"
    assert resolve_request(out, "/journey/", "/feed.xml").kind == "missing"
    assert resolve_request(out, "/journey/", "/journey/../journey/feed.xml").kind == "missing"


def test_inject_before_last_body_tag() -> None:
    script = b"<script>x</script>"
    html = b"<html><body><p>&lt;/body&gt; in text</p></BODY></html>"
    assert inject(html, script) == b"<html><body><p>&lt;/body&gt; in text</p>" + script + (
        b"</BODY></html>"
    )
    assert inject(b"<p>fragment</p>", script) == b"<p>fragment</p>" + script


# ---------------------------------------------------------------- through real HTTP


@pytest.fixture
def live(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_site({"content/entries/2026-03-01-discount.md": entry()})
    (root.parent / "secret.txt").write_text("outside")
    server = LiveServer(root, options_for_serve(False), port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def raw_get(server: LiveServer, path: str) -> tuple[int, bytes, dict[str, str]]:
    """Send the path exactly as given (no client-side normalisation of '..')."""
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(str(host), port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def test_http_serves_built_bytes_plus_script_in_html_only(live: LiveServer) -> None:
    status, body, headers = raw_get(live, "/asks/discount/")
    on_disk = (live.out / "asks/discount/index.html").read_bytes()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"data-asklog" not in on_disk  # built files stay as `asklog build` writes them
    assert body.count(b"data-asklog") == 1 and EVENTS_PATH.encode() in body
    assert body.replace(
        body[body.index(b"<script data-asklog") : body.rindex(b"</body>")], b""
    ) == (on_disk)
    status, body, headers = raw_get(live, "/feed.xml")
    assert status == 200 and body == (live.out / "feed.xml").read_bytes()
    assert "xml" in headers["Content-Type"]


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/x%00", "/nope/"]
)
def test_http_unknown_and_unsafe_paths_get_the_404_page(live: LiveServer, path: str) -> None:
    status, body, _ = raw_get(live, path)
    assert status == 404
    assert b"outside" not in body
    not_found = (live.out / "404.html").read_bytes()
    assert body.startswith(not_found[: not_found.rindex(b"</body>")])


def test_http_folder_redirect(live: LiveServer) -> None:
    status, _, headers = raw_get(live, "/asks/discount")
    assert status == 301 and headers["Location"] == "/asks/discount/"


def test_busy_port_is_named_or_skipped() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = bind("127.0.0.1", port, make_handler(_preview()))
        try:
            assert server.server_address[1] != port
        finally:
            server.server_close()


def test_all_ports_busy_names_the_port(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.serve.http as serve_module

    monkeypatch.setattr(serve_module, "PORT_TRIES", 1)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SiteErrors) as excinfo:
            bind("127.0.0.1", port, make_handler(_preview()))
    [error] = excinfo.value.errors
    assert f"port {port} is in use" in error.message
    assert "--port" in error.hint


def _preview() -> Preview:
    return Preview(Path("."), options_for_serve(False), Path("site"))
