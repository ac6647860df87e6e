"""Files that `init` and `new` write: a starter site and new entry files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from ..core import slugs
from ..core.errors import SiteErrors
from ..core.model import Outcome
from . import publish

SITE_YAML = """\
title: {title}
description: Chasing 1,000 rejections, one ask at a time.
author: {author}
base_url: https://example.org/
language: en
timezone: UTC
theme: default
paginate: 10
challenge:
  goal: 1000
  count: rejections
  start: {today}
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
    body: str = "",
) -> str:
    meta: dict[str, object] = {"date": when.strftime("%Y-%m-%d %H:%M"), "ask": ask}
    if title:
        meta["title"] = title
    meta["outcome"] = outcome.value
    if lesson:
        meta["lesson"] = lesson
    if tags:
        meta["tags"] = tags
    if draft:
        meta["draft"] = True
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    story = body.strip() + "\n" if body.strip() else "What happened? Tell the story here.\n"
    return f"---\n{front}---\n{story}"


def entry_path(root: Path, when: dt.datetime, ask: str, title: str | None) -> Path:
    slug = slugs.slugify(title or ask, limit=60) or "ask"
    name = f"{when:%Y-%m-%d}-{slug}.md"
    return root / "content" / "entries" / f"{when:%Y}" / name


def write_new(path: Path, text: str) -> None:
    """Create the file; never overwrite one that exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise SiteErrors.of(
            "a file with this name already exists; asklog never overwrites",
            path.as_posix(),
            None,
            "use --title to give the new entry another name, or edit the existing file",
        ) from None


def init_files(today: dt.date, title: str, author: str) -> dict[str, str]:
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
    )
    return {
        "site.yaml": SITE_YAML.format(title=title, author=author, today=today.isoformat()),
        f"content/entries/{today:%Y}/{today:%Y-%m-%d}-first-ask.md": first,
        "content/faq/01-getting-started.md": FAQ,
        "content/pages/about.md": ABOUT,
        ".gitignore": GITIGNORE,
        "requirements.txt": publish.requirements_text()[0],
        ".github/workflows/pages.yml": publish.workflow_text(),
    }


def init_site(target: Path, today: dt.date, title: str, author: str) -> list[Path]:
    if (target / "site.yaml").exists():
        raise SiteErrors.of(
            "there is already a site here (site.yaml exists)",
            (target / "site.yaml").as_posix(),
            None,
            "choose a new folder: asklog init my-journey",
        )
    written = []
    for rel, text in init_files(today, title, author).items():
        path = target / rel
        if path.exists():
            continue
        write_new(path, text)
        written.append(path)
    return written
