"""`asklog answer`: record the answer to a pending ask in its file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..pipeline.build import now_from_env
from . import EXIT_OK, UsageError
from .new import DATE_HELP, OUTCOMES, parse_when


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "answer",
        help="record the answer to an ask",
        description="Record an answer in an entry file: its outcome, the date it came "
        "(answered) and the lesson. Everything else in the file stays as it is.",
    )
    p.add_argument("entry", help="the entry: its path, file name or slug (see asklog pending)")
    p.add_argument("outcome", help=f"{OUTCOMES} (or a word from outcomes: in site.yaml)")
    p.add_argument("--lesson", default=None, help="what you learned")
    p.add_argument("--date", help=f"when the answer came: {DATE_HELP} (default: now)")


def run(args: argparse.Namespace) -> int:
    from ..content import answer, frontmatter, sources
    from ..content.entries import parse_entry
    from ..core.config import load_config
    from ..core.errors import SiteErrors
    from ..core.model import parse_outcome

    root = args.root
    config, _ = load_config(root)
    outcome = parse_outcome(args.outcome, config.aliases)
    if outcome is None or not outcome.is_decided:
        raise UsageError(f"'{args.outcome}' is not an answer; use {OUTCOMES.rsplit(' or', 1)[0]}")
    now = now_from_env().astimezone(config.tz)
    when = parse_when(args.date, now, config.tz) if args.date else now
    path = find_entry(root, args.entry)
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    raw = path.read_bytes()
    lesson = args.lesson
    if lesson is None and sys.stdin.isatty():
        lesson = input("Lesson (one line, Enter to skip): ").strip() or None
    values = {"outcome": outcome.value, "answered": when.strftime("%Y-%m-%d %H:%M")}
    if lesson:
        values["lesson"] = lesson
    try:
        fm = frontmatter.split(sources.decode(raw, rel), rel)
        new = answer.set_keys(raw, values)
        # The edited file must build: the same checks as `build`, before anything is written.
        parse_entry(
            rel, frontmatter.split(sources.decode(new, rel), rel), config.tz, str, config.aliases
        )
    except StopIteration:
        raise SiteErrors.of("the front matter is never closed", rel, 1) from None
    before = fm.meta.get("outcome")
    replace_file(path, new)
    print(f"{rel}: {before} -> {outcome.value}, answered {values['answered']}")
    return EXIT_OK


def find_entry(root: Path, name: str) -> Path:
    """An entry by path (from here or the site root), file name or slug."""
    from ..core import slugs

    for candidate in (Path(name), root / name):
        if candidate.is_file():
            return candidate
    folder = root / "content" / "entries"
    files = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    wanted = name.removesuffix(".md")
    stems = {p: slugs.entry_stem(p.relative_to(root).as_posix()) for p in files}  # bundles too
    found = [p for p, stem in stems.items() if wanted in (stem, slugs.file_slug(stem)[0])]
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(p.relative_to(root).as_posix() for p in found)
        raise UsageError(f"'{name}' names more than one entry: {names}; give the path")
    raise UsageError(f"no entry '{name}'; asklog pending lists the pending ones")


def replace_file(path: Path, data: bytes) -> None:
    """Swap in the new bytes whole: a kill leaves the old file or the new one."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.chmod(temp, path.stat().st_mode & 0o7777)
    os.replace(temp, path)
