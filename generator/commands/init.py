"""`asklog init`: a new site."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ..pipeline.build import now_from_env
from . import EXIT_OK, print_problems


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "init",
        help="create a new site",
        description="Create a new site: "
        "site.yaml, content/, a first entry, a FAQ and a deploy workflow.",
    )
    p.add_argument("dir", nargs="?", type=Path, default=None, help="folder (default: -C or .)")
    p.add_argument("--title", default="My journey to 1,000 rejections", help="site title")
    p.add_argument("--author", default="", help="your name")


def run(args: argparse.Namespace) -> int:
    from ..content import publish, scaffold

    target = args.dir if args.dir is not None else args.root
    today = now_from_env().date()
    written = scaffold.init_site(target, today, args.title, args.author)
    for path in written:
        print(f"  created {path.as_posix()}")
    warning = publish.requirements_text()[1]
    if warning and target / "requirements.txt" in written:
        print_problems([replace(warning, path=(target / "requirements.txt").as_posix())])
    print(f"New site in {target}. Next: asklog -C {target} serve")
    return EXIT_OK
