"""serve's guards (16.8): Host header, HEAD on the event stream, idle connections,
a warning for non-loopback addresses, a watcher that outlives symlink loops."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import EPOCH, entry

import generator.serve.http as serve_http
from generator.serve.http import EVENTS_PATH, host_allowed, host_warning
from generator.serve.server import LiveServer, options_for_serve


@pytest.fixture
def live(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(serve_http, "IDLE_SECONDS", 0.5, raising=False)
    root = make_site({"content/entries/2026-03-01-discount.md": entry()})
    server = LiveServer(root, options_for_serve(False), port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def get(live: LiveServer, path: str, host: str | None) -> tuple[int, bytes]:
    address, port = live.httpd.server_address[:2]
    conn = http.client.HTTPConnection(str(address), port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host.replace("PORT", str(port)))
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read(200)
    finally:
        conn.close()


@pytest.mark.parametrize("path", ["/asks/discount/", EVENTS_PATH])
def test_a_rebinding_host_reads_nothing(live: LiveServer, path: str) -> None:
    for host in ("attacker.example", "attacker.example:PORT", "localhost.attacker.example:PORT"):
        status, body = get(live, path, host)
        assert status == 421, host
        assert b"Could I" not in body and b"retry" not in body
    assert get(live, path, None)[0] == 400


def test_the_served_address_and_localhost_are_answered(live: LiveServer) -> None:
    for host in ("127.0.0.1:PORT", "localhost:PORT", "127.0.0.1", "[::1]:PORT"):
        status, body = get(live, "/asks/discount/", host)
        assert status == 200 and b"Could I have a discount?" in body, host
    assert get(live, "/asks/discount/", "127.0.0.1:1")[0] == 421  # another port


def test_host_rules() -> None:
    assert host_allowed("192.168.1.5:8000", "0.0.0.0", 8000)
    assert host_allowed(f"{socket.gethostname()}:8000", "0.0.0.0", 8000)
    assert not host_allowed(f"{socket.gethostname()}:8000", "127.0.0.1", 8000)
    assert not host_allowed("evil.example:8000", "0.0.0.0", 8000)


def raw(live: LiveServer, request: bytes, wait: float = 5.0) -> bytes:
    """Send `request` and read until the server closes the connection (or `wait` passes)."""
    address, port = live.httpd.server_address[:2]
    with socket.create_connection((str(address), port), timeout=wait) as sock:
        sock.sendall(request)
        data = b""
        try:
            while chunk := sock.recv(4096):
                data += chunk
        except TimeoutError:
            data += b"<still open>"
    return data


def test_head_on_the_event_stream_sends_headers_only(live: LiveServer) -> None:
    port = live.httpd.server_address[1]
    request = f"HEAD {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    started = time.monotonic()
    answer = raw(live, request)
    assert answer.startswith(b"HTTP/1.1 200")
    assert b"text/event-stream" in answer
    assert answer.endswith(b"\r\n\r\n"), answer  # no event, and the connection closed
    assert time.monotonic() - started < 4


def test_an_idle_connection_is_closed(live: LiveServer) -> None:
    started = time.monotonic()
    assert raw(live, b"", wait=5.0) == b""  # closed by the server, not by our timeout
    assert time.monotonic() - started < 4


def test_serve_warns_when_the_host_is_not_loopback(make_site: Callable[..., Path]) -> None:
    assert host_warning("127.0.0.1") is None and host_warning("::1") is None
    root = make_site({"content/entries/2026-03-01-discount.md": entry()})
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "-C", str(root), "serve", "--host", "0.0.0.0"]
        + ["--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    try:
        assert server.stdout is not None and server.stderr is not None
        while "Serving" not in (line := server.stdout.readline()):
            assert line, "serve ended before serving"
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    assert "warning: --host 0.0.0.0 is not a loopback address" in err
    assert "drafts included" in err


def test_the_watcher_outlives_a_symlink_loop(live: LiveServer) -> None:
    entries = live.preview.root / "content" / "entries"
    (entries / "loop1").symlink_to("loop2")
    (entries / "loop2").symlink_to("loop1")
    (entries / "here").symlink_to(".")
    time.sleep(0.5)
    (entries / "2026-03-02-second.md").write_text(entry(ask="A second ask?"))
    page = live.out / "asks" / "second" / "index.html"
    deadline = time.monotonic() + 20
    while not page.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert page.exists(), "no rebuild after the loop appeared"
