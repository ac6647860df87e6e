"""HTTP for the preview: request paths mapped into the output folder, reload script, SSE."""

from __future__ import annotations

import errno
import functools
import http.server
import mimetypes
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..core.errors import SiteErrors
from .preview import Preview

EVENTS_PATH = "/__asklog/events"
PORT_TRIES = 10
KEEPALIVE_SECONDS = 10.0

# ----------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Target:
    """What a request path maps to: a file, a redirect, or nothing (404)."""

    kind: str  # "file" | "redirect" | "missing"
    path: Path | None = None
    location: str = ""


MISSING = Target("missing")


def site_relative(raw: str, prefix: str) -> list[str] | None:
    """URL path -> its segments below `prefix`, or None if it is unsafe or outside it."""
    path = urlsplit(raw).path
    decoded = unquote(path, errors="strict")
    if "\0" in decoded or "\\" in decoded or not decoded.startswith(prefix):
        return None
    parts = decoded[len(prefix) :].split("/")
    if any(part in ("..", ".") for part in parts):
        return None
    return [part for part in parts if part]


def resolve_request(out: Path, prefix: str, raw: str) -> Target:
    """Map a request path to a file inside `out`; never anything outside it."""
    try:
        parts = site_relative(raw, prefix)
    except UnicodeDecodeError:
        return MISSING
    if parts is None:
        # The site's own root, with or without its slash, and the server's root (what a
        # browser opens first) lead to the site.
        if urlsplit(raw).path in (prefix.rstrip("/"), "/"):
            return Target("redirect", location=prefix)
        return MISSING
    root = out.resolve()
    candidate = root.joinpath(*parts)
    try:
        if candidate.is_dir():
            if not urlsplit(raw).path.endswith("/"):
                return Target("redirect", location=urlsplit(raw).path + "/")
            candidate = candidate / "index.html"
        real = candidate.resolve()
        # A symlink inside the output folder must not lead out of it.
        if not real.is_relative_to(root) or not real.is_file():
            return MISSING
    except (OSError, ValueError):
        return MISSING
    return Target("file", real)


@functools.cache
def _client_js() -> str:
    return files(__package__).joinpath("reload.js").read_text(encoding="utf-8")


def reload_script(site_generation: int) -> bytes:
    js = _client_js().replace("__SITE__", str(site_generation)).replace("__EVENTS__", EVENTS_PATH)
    return f'<script data-asklog="live-reload">\n{js}</script>\n'.encode()


def inject(html: bytes, script: bytes) -> bytes:
    """Insert `script` before the last </body>, or at the end if there is none."""
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


PLACEHOLDER = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>asklog serve</title></head>
<body><main><h1>Nothing here yet</h1><p>The site has not built yet.</p></main></body></html>
"""

# ---------------------------------------------------------------------------------- HTTP


def make_handler(preview: Preview) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "asklog"
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._respond(body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(body=False)

        def _respond(self, body: bool) -> None:
            if urlsplit(self.path).path == EVENTS_PATH:
                self._events()
                return
            target = resolve_request(preview.out, preview.prefix, self.path)
            if target.kind == "redirect":
                self._send(301, b"", "text/plain", body, [("Location", target.location)])
            elif target.kind == "file" and target.path is not None:
                self._send_file(200, target.path, body)
            else:
                not_found = preview.out / "404.html"
                if not_found.is_file():
                    self._send_file(404, not_found, body)
                else:
                    self._send(404, self._live(PLACEHOLDER), "text/html", body)

        def _send_file(self, status: int, path: Path, body: bool) -> None:
            try:
                data = path.read_bytes()
            except OSError:  # removed by a rebuild between lookup and read
                data, path = PLACEHOLDER, Path("missing.html")
                status = 404
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = self._live(data)
            self._send(status, data, kind, body)

        def _live(self, html: bytes) -> bytes:
            return inject(html, reload_script(preview.state.site))

        def _send(
            self,
            status: int,
            data: bytes,
            kind: str,
            body: bool,
            headers: Iterable[tuple[str, str]] = (),
        ) -> None:
            self.send_response(status)
            charset = (
                "; charset=utf-8"
                if kind.startswith("text/") or kind.endswith(("json", "xml", "javascript"))
                else ""
            )
            self.send_header("Content-Type", kind + charset)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _events(self) -> None:
            """Server-Sent Events: the current state now, then every change."""
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            state = preview.state
            try:
                seen = state.version
                self.wfile.write(b"retry: 500\n\n" + state.message())
                self.wfile.flush()
                while not state.closed:
                    version = state.wait(seen, KEEPALIVE_SECONDS)
                    # A comment line keeps proxies happy and notices closed tabs.
                    self.wfile.write(state.message() if version != seen else b": ping\n\n")
                    self.wfile.flush()
                    seen = version
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # the terminal is for build results and errors

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # browsers drop connections all the time (closed tabs, cancelled loads)


class _Server6(_Server):
    address_family = socket.AF_INET6


def bind(host: str, port: int, handler: type[http.server.BaseHTTPRequestHandler]) -> _Server:
    """Listen on `port`, or on the next free one if it is busy (port 0: any free port)."""
    server_class = _Server6 if ":" in host else _Server
    tries = 1 if port == 0 else PORT_TRIES
    for candidate in range(port, port + tries):
        try:
            return server_class((host, candidate), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise SiteErrors.of(
                    f"cannot listen on {host}:{candidate}: {exc.strerror}",
                    "",
                    None,
                    "check --host; 127.0.0.1 is this machine only",
                ) from None
    last = port + tries - 1
    raise SiteErrors.of(
        f"port {port} is in use (and so are {port + 1} to {last})"
        if tries > 1
        else f"port {port} is in use",
        "",
        None,
        "stop the other server or pass another port, e.g. --port 8080",
    )
