"""`asklog serve`: build, serve the output folder, rebuild on save, reload open pages.

The output folder gets exactly the bytes `asklog build --drafts --future` writes; the
reload script and the error overlay are added to HTML responses only.
"""

from __future__ import annotations

import argparse
import errno
import http.server
import json
import mimetypes
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote, urlsplit

from . import sources
from .build import BuildOptions, load_site, render_site
from .cache import ParseCache
from .errors import SiteError, SiteErrors
from .output import check_out_dir, write_site
from .rendercache import RenderCache
from .urls import Urls
from .watch import Debouncer, Watcher

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
        if urlsplit(raw).path == prefix.rstrip("/"):
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


# ------------------------------------------------------------------------ reload script

CLIENT_JS = """\
(() => {
  const built = %(site)d;
  const box = document.createElement("div");
  box.id = "asklog-errors";
  box.setAttribute("role", "alert");
  box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
    "background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem";
  function show(errors) {
    box.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = "asklog: the site did not build (showing the last good version)";
    box.append(h);
    for (const e of errors) {
      const p = document.createElement("p");
      const where = document.createElement("code");
      where.textContent = e.path ? (e.line ? e.path + ":" + e.line : e.path) : "asklog";
      where.style.cssText = "color:#ffb4a8;font-weight:bold";
      p.append(where, ": " + e.message);
      if (e.hint) {
        const hint = document.createElement("div");
        hint.textContent = "hint: " + e.hint;
        hint.style.color = "#cde";
        p.append(hint);
      }
      box.append(p);
    }
    if (!box.isConnected) document.body.append(box);
  }
  const events = new EventSource("%(events)s");
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (state.errors.length) { show(state.errors); return; }
    box.remove();
    if (state.site !== built) location.reload();
  };
})();
"""


def reload_script(site_generation: int) -> bytes:
    js = CLIENT_JS % {"site": site_generation, "events": EVENTS_PATH}
    return f'<script data-asklog="live-reload">\n{js}</script>\n'.encode()


def inject(html: bytes, script: bytes) -> bytes:
    """Insert `script` before the last </body>, or at the end if there is none."""
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


PLACEHOLDER = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>asklog serve</title></head>
<body><main><h1>Nothing here yet</h1><p>The site has not built yet.</p></main></body></html>
"""


# -------------------------------------------------------------------------- live state


@dataclass
class LiveState:
    """What open pages need to know: the site's generation and the current errors."""

    site: int = 0  # bumps whenever the output folder changed
    errors: list[dict[str, Any]] = field(default_factory=list)
    version: int = 0  # bumps on every change worth telling pages about
    closed: bool = False
    _cond: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def message(self) -> bytes:
        data = json.dumps({"site": self.site, "errors": self.errors})
        return f"data: {data}\n\n".encode()

    def publish(self, changed: bool, errors: list[dict[str, Any]]) -> bool:
        """Record a build's result; True when open pages should hear about it."""
        with self._cond:
            if not changed and errors == self.errors:
                return False
            self.site += changed
            self.errors = errors
            self.version += 1
            self._cond.notify_all()
            return True

    def wait(self, seen: int, timeout: float) -> int:
        with self._cond:
            self._cond.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def error_dicts(errors: Iterable[SiteError]) -> list[dict[str, Any]]:
    return [{"path": e.path, "line": e.line, "message": e.message, "hint": e.hint} for e in errors]


# ----------------------------------------------------------------------------- rebuilds


@dataclass
class BuildResult:
    ok: bool
    changed: bool
    seconds: float
    written: int = 0
    removed: int = 0
    errors: list[SiteError] = field(default_factory=list)


class Preview:
    """The site kept up to date: one ParseCache for the server's life, same bytes as build."""

    def __init__(self, root: Path, options: BuildOptions, out: Path) -> None:
        self.root = root
        self.options = options
        self.out = out
        self.cache = ParseCache()
        self.memo = RenderCache()
        self.known: sources.Known = {}  # content files' stamps: unchanged ones are not read
        self.state = LiveState()
        self.prefix = "/"
        self._lock = threading.Lock()
        self._warnings: list[str] = []
        self._written: dict[str, bytes] = {}

    def rebuild(self) -> BuildResult:
        """Build into the output folder; on errors keep the last good site and report them."""
        with self._lock:
            start = time.perf_counter()
            try:
                read = sources.read_sources(self.root, self.known)
                loaded = load_site(self.root, self.options, self.cache, read=read)
                files = render_site(self.root, loaded, {}, self.memo)
                report = write_site(self.out, files, self._written)
            except SiteErrors as exc:
                return self._failed(exc.errors, start)
            except SiteError as exc:
                return self._failed([exc], start)
            except Exception as exc:  # the server must outlive any bug a bad edit triggers
                problem = SiteError(
                    f"internal error: {type(exc).__name__}: {exc}",
                    "",
                    None,
                    "please report it; the server keeps running",
                )
                return self._failed([problem], start)
            self._written = files
            self.prefix = Urls(loaded.config.base_url).base_path
            self._print_warnings([w.format() for w in loaded.warnings])
            changed = bool(report.written or report.removed)
            self.state.publish(changed, [])
            return BuildResult(
                True,
                changed,
                time.perf_counter() - start,
                len(report.written),
                len(report.removed),
            )

    def _failed(self, errors: list[SiteError], start: float) -> BuildResult:
        self.state.publish(False, error_dicts(errors))
        return BuildResult(False, False, time.perf_counter() - start, errors=errors)

    def _print_warnings(self, warnings: list[str]) -> None:
        if warnings != self._warnings:
            for warning in warnings:
                print(warning, file=sys.stderr, flush=True)
        self._warnings = warnings


def describe(result: BuildResult, changed_paths: Iterable[str] = (), first: bool = False) -> str:
    """One terminal line per rebuild."""
    ms = result.seconds * 1000
    if first and result.ok:
        return f"Built in {ms:.0f} ms: {result.written} written, {result.removed} removed."
    if not result.ok:
        count = len(result.errors)
        return (
            f"Build failed in {ms:.0f} ms with {count} error{'s' if count != 1 else ''}; "
            "still serving the last good site."
        )
    paths = sorted(changed_paths)
    more = f" (+{len(paths) - 3} more)" if len(paths) > 3 else ""
    what = f" after {', '.join(paths[:3])}{more} changed" if paths else ""
    if not result.changed:
        return f"Rebuilt in {ms:.0f} ms{what}: nothing changed."
    return f"Rebuilt in {ms:.0f} ms{what}: {result.written} written, {result.removed} removed."


def print_result(
    result: BuildResult, changed_paths: Iterable[str] = (), first: bool = False
) -> None:
    for problem in result.errors:
        print(problem.format(), file=sys.stderr, flush=True)
    print(describe(result, changed_paths, first), flush=True)


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
                raise SiteError(
                    f"cannot listen on {host}:{candidate}: {exc.strerror}",
                    "",
                    None,
                    "check --host; 127.0.0.1 is this machine only",
                ) from None
    last = port + tries - 1
    raise SiteError(
        f"port {port} is in use (and so are {port + 1} to {last})"
        if tries > 1
        else f"port {port} is in use",
        "",
        None,
        "stop the other server or pass another port, e.g. --port 8080",
    )


# ------------------------------------------------------------------------------- serve


class LiveServer:
    """Preview + HTTP server + watcher, started and stopped together."""

    def __init__(
        self,
        root: Path,
        options: BuildOptions,
        host: str = "127.0.0.1",
        port: int = 8000,
        poll: bool = False,
        out: Path | None = None,
    ) -> None:
        self.out = out or root / "site"
        check_out_dir(self.out, root)
        self.preview = Preview(root, options, self.out)
        self.httpd = bind(host, port, make_handler(self.preview))
        self.requested_port = port
        self.debouncer = Debouncer(self._on_change)
        self.watcher = Watcher(
            root, self.debouncer.push, poll=poll, settled=self.debouncer.push_settled
        )
        self._thread = threading.Thread(
            target=self.httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="asklog-http",
            daemon=True,
        )

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self.preview.prefix}"

    def start(self) -> BuildResult:
        """First build, then serve and watch; a failed first build still serves."""
        first = self.preview.rebuild()
        self.watcher.start()
        self.debouncer.start()
        self._thread.start()
        return first

    def _on_change(self, paths: set[str]) -> None:
        print_result(self.preview.rebuild(), paths)

    def stop(self) -> None:
        self.watcher.stop()
        self.debouncer.stop()
        self.preview.state.close()
        if self._thread.is_alive():  # shutdown() waits for serve_forever, so only if it runs
            self.httpd.shutdown()
            self._thread.join(timeout=5)
        self.httpd.server_close()


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@dataclass
class _Signals:
    """SIGTERM stops the server like Ctrl-C does."""

    previous: Any = None

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGTERM, _raise_interrupt)

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGTERM, self.previous)


def options_for_serve(no_drafts: bool) -> BuildOptions:
    """Serve shows drafts (unless --no-drafts) and future-dated entries: it is a preview."""
    return BuildOptions(drafts=not no_drafts, future=True)


def serve(args: argparse.Namespace) -> int:
    """The `asklog serve` command; returns the exit status."""
    root: Path = args.root
    live = LiveServer(root, options_for_serve(args.no_drafts), args.host, args.port, poll=args.poll)
    with _Signals():
        try:
            first = live.start()
            print_result(first, first=True)
            port = live.httpd.server_address[1]
            if args.port and port != args.port:
                print(f"Port {args.port} is in use; using port {port} instead.", flush=True)
            drafts = "hidden" if args.no_drafts else "shown"
            print(
                f"Serving {live.out} at {live.url} (drafts {drafts}, future entries shown; "
                f"{'polling' if args.poll else 'watching'} for changes). Press Ctrl-C to stop.",
                flush=True,
            )
            if args.open:
                webbrowser.open(live.url)
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            live.stop()
    print("Stopped.", flush=True)
    return 0
