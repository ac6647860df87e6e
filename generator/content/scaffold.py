"""Files that `init` and `new` write: a starter site and new entry files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from ..core import slugs
from ..core.errors import SiteErrors
from ..core.model import Outcome
from . import newfiles, publish
from .entries import PLACEHOLDER_STORY

SITE_YAML = """\
title: {title}
description: Chasing {goal:,} rejections, one ask at a time.
author: {author}
base_url: https://example.org/
language: en
timezone: {timezone}
theme: default
paginate: 10
challenge:
  goal: {goal}
  count: rejections
  # start: 2026-01-01   (default: the date of your first entry, imported ones too)
# Your own words for outcomes, e.g. from a spreadsheet:
# outcomes:
#   Ghosted: no-answer
#   Said yes!: accepted
"""

FIRST_STORY = """\
I started a public journey to {goal:,} rejections. This is the first ask: whoever
reads this, would you follow along? Replace this story with your own first ask.
"""

FAQ = """\
---
title: Getting started
order: 1
description: What this journey is and how the counter works.
---
## What is this?

I am asking for things I want, out loud, until people have said no a thousand
times. Every ask gets an entry: what I asked, what happened, what I learned.

## What counts as a rejection?

A clear no counts, and so does an ask that never got an answer. A yes does not
count toward the goal, but it does go on the wall of yeses.

## Why chase rejections?

Because the fear of a no is usually worse than the no itself, and the only way
to find that out is to ask.
"""

ABOUT = """\
---
title: About
menu: 1
---
Write a few lines about yourself and why you started this journey.
"""

GITIGNORE = "site/\n.asklog/\n"


def entry_text(
    ask: str,
    outcome: Outcome,
    lesson: str,
    tags: list[str],
    when: dt.datetime,
    title: str | None,
    draft: bool,
    body: str | None = None,
    private: dict[str, str] | None = None,
    answered: dt.datetime | None = None,
) -> str:
    """An entry file; `body` None writes the placeholder story (a warning until replaced)."""
    meta: dict[str, object] = {"date": when.strftime("%Y-%m-%d %H:%M"), "ask": ask}
    if title:
        meta["title"] = title
    meta["outcome"] = outcome.value
    if lesson:
        meta["lesson"] = lesson
    if tags:
        meta["tags"] = tags
    if answered:
        meta["answered"] = answered.strftime("%Y-%m-%d %H:%M")
    if draft:
        meta["draft"] = True
    meta.update(private or {})
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    story = PLACEHOLDER_STORY if body is None else body.strip()
    return f"---\n{front}---\n{story}\n" if story else f"---\n{front}---\n"


def entry_path(root: Path, when: dt.datetime, ask: str, title: str | None) -> Path:
    slug = slugs.slugify(title or ask, limit=60) or "ask"
    name = f"{when:%Y-%m-%d}-{slug}.md"
    return root / "content" / "entries" / f"{when:%Y}" / name


def write_new(path: Path, text: str) -> None:
    """Create the file whole; never overwrite one that exists."""
    newfiles.create(path, text)


def existing_slugs(root: Path) -> dict[str, Path]:
    """Slug -> file of every entry already in content/entries (file-name slugs)."""
    folder = root / "content" / "entries"
    found = {}
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        stem = slugs.entry_stem(path.relative_to(root).as_posix())  # a bundle: its folder
        found[slugs.file_slug(stem)[0]] = path
    return found


def unique_path(path: Path, taken: dict[str, Path]) -> Path:
    """The same ask again gets '-2', '-3'...: entry URLs must stay unique."""
    candidate, number = path, 1
    while taken.get(slugs.file_slug(candidate.stem)[0], candidate) != candidate:
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}.md")
    taken[slugs.file_slug(candidate.stem)[0]] = candidate
    return candidate


def init_files(
    today: dt.date, title: str, author: str, timezone: str = "UTC", goal: int = 1000
) -> dict[str, str]:
    """Relative path -> text of a new site."""
    when = dt.datetime(today.year, today.month, today.day)
    first = entry_text(
        "Would you follow my journey to 1,000 rejections?",
        Outcome.PENDING,
        "",
        ["meta"],
        when,
        None,
        False,
        FIRST_STORY.format(goal=goal),
    )
    settings: dict[str, object] = {"title": _quoted(title), "author": _quoted(author)}
    settings.update(timezone=timezone, goal=goal)
    return {
        "site.yaml": SITE_YAML.format(**settings),
        f"content/entries/{today:%Y}/{today:%Y-%m-%d}-first-ask.md": first,
        "content/faq/01-getting-started.md": FAQ,
        "content/pages/about.md": ABOUT,
        ".gitignore": GITIGNORE,
        "requirements.txt": publish.requirements_text()[0],
        ".github/workflows/pages.yml": publish.workflow_text(),
    }


def _quoted(text: str) -> str:
    """A YAML string that stays text whatever it holds (`: `, `#`, `yes`)."""
    return json.dumps(text, ensure_ascii=False)


def init_site(
    target: Path, today: dt.date, title: str, author: str, timezone: str = "UTC", goal: int = 1000
) -> list[Path]:
    if (target / "site.yaml").exists():
        raise SiteErrors.of(
            "there is already a site here (site.yaml exists)",
            (target / "site.yaml").as_posix(),
            None,
            "choose a new folder: asklog init my-journey",
        )
    written = []
    for rel, text in init_files(today, title, author, timezone, goal).items():
        path = target / rel
        if path.exists():
            continue
        write_new(path, text)
        written.append(path)
    return written
