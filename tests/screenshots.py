"""Screenshots of the example site: home, an entry, a yes, the journey page and the wall of
yeses at 375 and 1280 px.

Usage: .venv/bin/python tests/screenshots.py [OUT_DIR] [--dark]

Builds the repository's example site into a temporary folder, serves it on 127.0.0.1 and
writes full-page PNGs with Debian's Chromium (never `playwright install`). Prints the folder.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from support import EPOCH, REPO  # tests/support.py: the fixed "now" of every test build

CHROMIUM = os.environ.get("ASKLOG_CHROMIUM", "/usr/bin/chromium")
WIDTHS = (375, 1280)
PAGES = {"home": "", "journey": "journey/", "wall": "outcomes/accepted/"}


def build_example(out: Path, *extra: str) -> Path:
    """Build the repository's example site into `out` with a fixed "now"; used by tests too."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "generator", "-C", str(REPO), "build", "-q"]
    result = subprocess.run(
        [*command, "--out", str(out), *extra], capture_output=True, text=True, env=env, timeout=120
    )
    if result.returncode:
        raise RuntimeError(f"asklog build failed:\n{result.stderr}")
    return out


def milestone_entry(site: Path) -> str:
    """The newest entry page that celebrates a milestone (else the newest entry)."""
    pages = sorted((site / "asks").glob("*/index.html"))
    chosen = [p for p in pages if 'class="milestone"' in p.read_text(encoding="utf-8")]
    page = (chosen or pages)[-1]
    return page.parent.relative_to(site).as_posix() + "/"


def yes_entry(site: Path) -> str:
    """The newest entry page of a yes."""
    pages = sorted((site / "asks").glob("*/index.html"))
    page = [p for p in pages if " is-yes" in p.read_text(encoding="utf-8")][-1]
    return page.parent.relative_to(site).as_posix() + "/"


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def shoot(site: Path, out: Path, schemes: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    pages = {**PAGES, "entry": milestone_entry(site), "yes": yes_entry(site)}
    server, base = serve(site)
    written = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for scheme in schemes:
                for width in WIDTHS:
                    context = browser.new_context(
                        viewport={"width": width, "height": 800},
                        color_scheme=scheme,  # type: ignore[arg-type]
                        device_scale_factor=1,
                    )
                    page = context.new_page()
                    for name, path in pages.items():
                        page.goto(base + path)
                        target = out / f"{name}-{width}{'-dark' if scheme == 'dark' else ''}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out", nargs="?", type=Path, help="folder for the PNGs (default: a temp folder)"
    )
    parser.add_argument("--dark", action="store_true", help="also shoot the dark colour scheme")
    args = parser.parse_args(argv)
    out = (args.out or Path(tempfile.mkdtemp(prefix="asklog-shots-"))).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="asklog-site-") as tmp:
        site = Path(tmp) / "site"
        build_example(site)
        shots = shoot(site, out, ["light", "dark"] if args.dark else ["light"])
    for shot in shots:
        print(shot)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
