"""Fixtures for asklog's browser tests.

Browser tests drive Debian's Chromium (``/usr/bin/chromium``) through Playwright's
sync API. Playwright's own browser download does not work on our machines, so
never run ``playwright install``: ``.ci/run`` installs the ``chromium`` apt package.

Fixtures
--------
``browser``               session: a headless ``playwright.sync_api.Browser``.
``page``                  function: a ``Page`` in a fresh ``BrowserContext``, closed afterwards.
``static_server``         function: factory ``(folder, prefix="/") -> base_url``; servers stop
                          at the end of the test.
``static_server_session`` session: the same factory for session-scoped fixtures (e.g. a site
                          built once and shared by many tests); servers stop at session end.

Chromium missing is a test *failure*, not a skip: browser tests are core tests.
Set ``ASKLOG_CHROMIUM`` to use another Chromium binary.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = os.environ.get("ASKLOG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 30_000  # a shared 2-core CI machine running two test workers

StaticServer = Callable[..., str]


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Debian Chromium, shared by the whole session (one per xdist worker)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package with "
            "`apt-get install -y --no-install-recommends chromium` (see .ci/run). "
            "Do not run `playwright install`.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        pytest.fail(
            f"playwright is not importable ({exc}): pip install -e '.[test]'", pytrace=False
        )

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a brand-new browser context (no shared cookies/storage between tests)."""
    context = browser.new_context()
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


# ---------------------------------------------------------------------- static server


def _normalise_prefix(prefix: str) -> str:
    prefix = "/" + prefix.strip("/")
    return prefix if prefix == "/" else prefix + "/"


def _make_handler(root: Path, prefix: str) -> type[http.server.SimpleHTTPRequestHandler]:
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        """Serves ``root`` under the URL ``prefix``; everything else is 404. No logging."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def _site_path(self) -> str | None:
            """The request path relative to ``prefix`` ("/..."), or None if outside it."""
            path = unquote(urlsplit(self.path).path)
            if path.startswith(prefix):
                return "/" + path[len(prefix) :]
            if path == prefix.rstrip("/"):  # "/journey" -> redirect to "/journey/"
                return ""
            return None

        def send_head(self) -> Any:
            site_path = self._site_path()
            if site_path is None:
                self.send_error(404, "Outside the served prefix")
                return None
            if site_path == "":
                self.send_response(301)
                self.send_header("Location", prefix)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return super().send_head()

        def translate_path(self, path: str) -> str:
            site_path = self._site_path() or "/"
            return super().translate_path(site_path)

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return QuietHandler


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Browsers drop connections (cancelled prefetches, closed pages): not an error.
        pass


class _ServerPool:
    def __init__(self) -> None:
        self._servers: list[tuple[_QuietServer, threading.Thread]] = []

    def serve(self, folder: str | os.PathLike[str], prefix: str = "/") -> str:
        root = Path(folder).resolve()
        if not root.is_dir():
            raise NotADirectoryError(f"static_server: {root} is not a directory")
        prefix = _normalise_prefix(prefix)
        server = _QuietServer(("127.0.0.1", 0), _make_handler(root, prefix))
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"static_server:{root.name}",
            daemon=True,
        )
        thread.start()
        self._servers.append((server, thread))
        host, port = server.server_address[:2]
        return f"http://{host!s}:{port}{prefix}"

    def close(self) -> None:
        while self._servers:
            server, thread = self._servers.pop()
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


@pytest.fixture
def static_server() -> Iterator[StaticServer]:
    """Factory: ``static_server(folder, prefix="/") -> "http://127.0.0.1:PORT/prefix/"``.

    Serves ``folder`` over HTTP on 127.0.0.1 (free port, background thread) so that
    ``prefix`` maps to the folder's root, as on a project site such as
    ``https://user.github.io/journey/``. URLs outside the prefix get 404.
    """
    pool = _ServerPool()
    try:
        yield pool.serve
    finally:
        pool.close()


@pytest.fixture(scope="session")
def static_server_session() -> Iterator[StaticServer]:
    """Session-scoped ``static_server``, for use from session-scoped fixtures."""
    pool = _ServerPool()
    try:
        yield pool.serve
    finally:
        pool.close()
