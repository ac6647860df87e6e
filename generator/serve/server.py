"""`asklog serve`: the preview, its HTTP server and the watcher, started and stopped together."""

from __future__ import annotations

import argparse
import signal
import threading
import time
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from ..output.writer import check_out_dir
from ..pipeline.build import BuildOptions
from .http import bind, make_handler
from .preview import BuildResult, Preview, print_result
from .watch import Debouncer, Watcher

# The preview's own folder: drafts and future entries never reach site/.
PREVIEW = Path(".asklog") / "preview"

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
        self.out = out or root / PREVIEW
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
