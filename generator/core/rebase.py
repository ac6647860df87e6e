"""Root-relative links in Markdown bodies, put under the site's base path. Pure.

A writer links `/asks/x/` or `/images/a.png` meaning "on my site"; on a site at
https://me.github.io/journey/ that must be `/journey/asks/x/`. Protocol-relative
(`//host/`) and absolute URLs are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from .model import Entry, FaqSection, Page, evolve

R = TypeVar("R")

# A start tag with a value starting with one '/' (inside code, '<' is escaped, so code
# samples are never touched) ...
_TAG = re.compile(r"""<[a-zA-Z][^<>]*?=\s*["']?/(?!/)[^<>]*>""")
# ... and in it a href or src whose value starts with one '/'.
_ATTR = re.compile(r"""(\s(?:href|src)\s*=\s*)(["']?)/(?!/)""", re.IGNORECASE)


def rebase_html(html: str, base_path: str) -> str:
    """`html` with root-relative href and src values under `base_path` ('/journey/')."""
    prefix = base_path.rstrip("/")
    if not prefix or ('="/' not in html and "='/" not in html and "=/" not in html):
        return html  # most bodies: three substring scans, no regex

    def tag(match: re.Match[str]) -> str:
        return _ATTR.sub(lambda m: f"{m[1]}{m[2]}{prefix}/", match[0])

    return _TAG.sub(tag, html)


def rebase_records(
    entries: Sequence[Entry], faq: Sequence[FaqSection], pages: Sequence[Page], base_path: str
) -> tuple[list[Entry], list[FaqSection], list[Page]]:
    """Every body of entries, FAQ answers and pages under `base_path`; records without a
    root-relative link are kept as they are."""
    if base_path == "/":
        return list(entries), list(faq), list(pages)

    def body(html: str) -> str:
        return rebase_html(html, base_path)

    new_entries = [_changed(e, body_html=body(e.body_html)) for e in entries]
    new_pages = [_changed(p, body_html=body(p.body_html)) for p in pages]
    new_faq = []
    for section in faq:
        questions = tuple(_changed(q, answer_html=body(q.answer_html)) for q in section.questions)
        changed = any(a is not b for a, b in zip(questions, section.questions, strict=True))
        section = evolve(section, questions=questions) if changed else section
        new_faq.append(_changed(section, intro_html=body(section.intro_html)))
    return new_entries, new_faq, new_pages


def _changed(record: R, **fields: str) -> R:
    """`record` with `fields`, or `record` itself when they are what it holds."""
    if all(getattr(record, k) == v for k, v in fields.items()):
        return record
    return evolve(record, **fields)
