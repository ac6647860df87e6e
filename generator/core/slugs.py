"""Readable, URL-safe slugs for tags, entries, FAQ sections and questions."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

from .errors import SiteError

_NON_WORD = re.compile(r"[^\w]+")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
VALID_SLUG = re.compile(r"^[\w][\w-]*$")


def slugify(text: str, limit: int = 80) -> str:
    """ASCII-fold Latin text (`Café Talks` -> `cafe-talks`); keep non-Latin letters readable."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_slug = _NON_WORD.sub("-", folded.lower()).strip("-_")
    if ascii_slug and len(ascii_slug) * 2 >= len(_NON_WORD.sub("", text)):
        return ascii_slug[:limit].strip("-")
    # Mostly non-Latin text: folding would throw most of it away.
    native = _NON_WORD.sub("-", unicodedata.normalize("NFC", text).lower()).strip("-_")
    return native[:limit].strip("-")


# Symbols that tell tags apart (C, C++, C#) are spelled out rather than dropped.
_SYMBOLS = ((re.compile(r"\+"), " plus "), (re.compile(r"(?<=\w)#"), " sharp "))


@functools.lru_cache(maxsize=4096)  # asked for every tag of every entry, every build
def tag_slug(label: str) -> str:
    """A tag's URL slug, from its own label only: `C++` -> `c-plus-plus`, `C#` -> `c-sharp`.

    Never depends on which other tags exist, so adding or removing one moves no URL;
    labels that still share a slug (`Café`, `cafe`) are one tag.
    """
    spelled = label
    for pattern, word in _SYMBOLS:
        spelled = pattern.sub(word, spelled)
    slug = slugify(spelled)
    if slug:
        return slug
    return "tag-" + hashlib.blake2b(label.casefold().encode(), digest_size=4).hexdigest()


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`... if it is taken; records the result."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def file_slug(stem: str) -> tuple[str, str | None]:
    """Slug and optional YYYY-MM-DD date prefix from a file name without extension."""
    match = _DATE_PREFIX.match(stem)
    date = "-".join(match.groups()) if match else None
    rest = stem[match.end() :] if match else stem
    return slugify(rest) or slugify(stem), date


def entry_stem(path: str) -> str:
    """The name an entry file gives its URL: a bundle's `2026-03-14-cockpit/index.md` is named
    by its folder, any other file by itself."""
    rel = PurePosixPath(path)
    if rel.name == "index.md" and rel.parent.name and str(rel.parent) != "content/entries":
        return rel.parent.name
    return rel.stem


def strip_order(stem: str) -> str:
    """`01-getting-started` -> `getting-started` (an order prefix is not part of the URL)."""
    return slugify(re.sub(r"^\d+[-_]", "", stem)) or slugify(stem)


def invalid_slug(slug: str, path: str, line: int | None, example: str) -> SiteError | None:
    """The error for a slug that is not one safe URL segment (no `/`, `..`, spaces), if any."""
    if VALID_SLUG.match(slug):
        return None
    return SiteError(
        f"invalid slug '{slug}'",
        path,
        line,
        f"use letters, digits and dashes only, e.g. slug: {slugify(slug) or example}",
    )
