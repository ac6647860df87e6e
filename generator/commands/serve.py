"""`asklog serve`: preview with live reload."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="preview with live reload",
        description="Build, serve on http://127.0.0.1:8000/, rebuild on save.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--no-drafts", action="store_true", help="hide drafts (shown by default)")
    p.add_argument("--open", action="store_true", help="open the site in a browser")
    p.add_argument("--poll", action="store_true", help="poll for changes (network file systems)")


def run(args: argparse.Namespace) -> int:
    import sys

    from ..serve.http import host_warning
    from ..serve.server import serve

    warning = host_warning(args.host)
    if warning:
        print(warning, file=sys.stderr, flush=True)

    return serve(args)
