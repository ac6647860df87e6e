"""One entry file -> one validated Entry (numbers come later, from the journey)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from ..core import dates, slugs
from ..core.errors import SiteError, SiteErrors, did_you_mean
from ..core.model import Entry, Outcome, TagRef, parse_outcome
from .frontmatter import FrontMatter

KNOWN_KEYS = (
    "date",
    "ask",
    "outcome",
    "lesson",
    "tags",
    "title",
    "slug",
    "draft",
    "answered",
    "description",
)
OUTCOME_HINT = (
    "use one of: rejected (no, declined), no-answer (ghosted, ignored), accepted (yes), "
    "partial (maybe, counter-offer), pending (waiting)"
)


def is_private(key: str) -> bool:
    """Private keys (who was asked, notes to self) never reach any output file."""
    return key == "private" or key.startswith("_")


@dataclass
class _Checker:
    path: str
    fm: FrontMatter
    problems: list[SiteError]

    def error(self, key: str, message: str, hint: str, severity: str = "error") -> None:
        line = self.fm.line(key) if key else 1
        self.problems.append(SiteError(message, self.path, line, hint, severity))

    def text(self, key: str, required: bool, hint: str) -> str:
        value = self.fm.meta.get(key)
        if value is None or value == "":
            if required:
                self.error(key, f"missing required key '{key}'", hint)
            return ""
        if isinstance(value, (list, dict)):
            kind = "a list" if isinstance(value, list) else "a mapping"
            self.error(key, f"'{key}' must be text, not {kind}", f"write it on one line: {hint}")
            return ""
        return str(value).strip()


def parse_entry(
    path: str, fm: FrontMatter, tz: ZoneInfo, to_html: Callable[[str], str]
) -> tuple[Entry, list[SiteError]]:
    """Validate one entry; raises SiteErrors with every error, returns warnings."""
    problems: list[SiteError] = []
    check = _Checker(path, fm, problems)
    meta = fm.meta
    file_slug, file_date = slugs.file_slug(slugs.entry_stem(path))

    _warn_misspelled_keys(check)
    ask = check.text("ask", True, "ask: Could I sit in the cockpit for a photo?")
    outcome = _outcome(check)
    lesson = check.text("lesson", False, "lesson: What you learned from it.")
    if not lesson and outcome is not None and outcome.is_decided:
        check.error(
            "outcome",
            "missing 'lesson' for a decided ask",
            "add 'lesson: ...': one line on what this ask taught you",
            "warning",
        )
    moment = _date(check, "date", tz, file_date)
    answered = _date(check, "answered", tz, None) if meta.get("answered") is not None else None
    slug = _slug(check, file_slug)
    tags = _tags(check)
    title = check.text("title", False, "title: The cockpit photo") or ask
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        check.error("draft", "'draft' must be true or false", "write draft: true or draft: false")
        draft = False

    errors = [p for p in problems if p.severity == "error"]
    if errors or outcome is None or moment is None:
        raise SiteErrors(errors)
    entry = Entry(
        path=path,
        slug=slug,
        title=title,
        ask=ask,
        outcome=outcome,
        lesson=lesson,
        date=moment,
        tags=tags,
        body_html=to_html(fm.body),
        draft=draft,
        slug_from_file=meta.get("slug") is None,
        answered=answered,
        extra={k: v for k, v in meta.items() if k not in KNOWN_KEYS and not is_private(k)},
    )
    return entry, [p for p in problems if p.severity == "warning"]


def _warn_misspelled_keys(check: _Checker) -> None:
    for key in check.fm.meta:
        if key in KNOWN_KEYS or is_private(key):
            continue
        guess = did_you_mean(key, KNOWN_KEYS)
        if guess:
            check.error(key, f"unknown key '{key}'", f"did you mean '{guess}'?", "warning")


def _outcome(check: _Checker) -> Outcome | None:
    value = check.fm.meta.get("outcome")
    if value is None or value == "":
        check.error("outcome", "missing required key 'outcome'", OUTCOME_HINT)
        return None
    outcome = parse_outcome(value)
    if outcome is None:
        check.error("outcome", f"unknown outcome '{value}'", OUTCOME_HINT)
    return outcome


def _date(check: _Checker, key: str, tz: ZoneInfo, fallback: str | None) -> dt.datetime | None:
    value = check.fm.meta.get(key, fallback)
    if value is None:
        check.error(
            key,
            f"missing required key '{key}'",
            "add 'date: 2026-03-14 18:30', or start the file name with 2026-03-14-",
        )
        return None
    try:
        return dates.parse_datetime(value, tz)
    except ValueError as exc:
        check.error(key, f"invalid {key}: {exc}", dates.HINT)
        return None


def _slug(check: _Checker, file_slug: str) -> str:
    value = check.fm.meta.get("slug")
    if value is None:
        if not file_slug:
            check.error("", "cannot make a URL from this file name", "add 'slug: my-ask'")
        return file_slug
    slug = str(value).strip()
    problem = slugs.invalid_slug(slug, check.path, check.fm.line("slug"), "my-ask")
    if problem:
        check.problems.append(problem)
        return file_slug
    return slug


def _tags(check: _Checker) -> tuple[TagRef, ...]:
    value: Any = check.fm.meta.get("tags")
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list) else [value]
    if isinstance(value, dict) or any(isinstance(i, (list, dict)) for i in items):
        check.error("tags", "'tags' must be a list of words", "write tags: [travel, strangers]")
        return ()
    refs: dict[str, TagRef] = {}
    for item in items:
        label = " ".join(str(item).split())
        if label:
            refs.setdefault(label.casefold(), TagRef(slug="", label=label))
    return tuple(refs.values())
