"""Typed values of site.yaml: one converter per kind of value, and the reader that applies
them, collecting every problem with its line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..content import yamlish
from .errors import SiteError, did_you_mean
from .model import Outcome, parse_outcome

CONFIG_FILE = "site.yaml"


def normalize_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


BASE_URL_HINT = "e.g. base_url: https://me.github.io/journey/"


def base_url_problem(url: str) -> tuple[str, str] | None:
    """What is wrong with a base_url (message, hint), if anything.

    Percent-escapes in its path are kept as written, so they are never encoded twice.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError as exc:
        return f"base_url '{url}' is not a valid address ({exc})", BASE_URL_HINT
    if parts.scheme not in ("http", "https"):
        return f"base_url must be an absolute http(s) address, not '{url}'", BASE_URL_HINT
    if not parts.hostname:
        return f"base_url '{url}' has no host name", BASE_URL_HINT
    if "?" in url or "#" in url:
        part = "query (?...)" if "?" in url else "fragment (#...)"
        return (
            f"base_url '{url}' has a {part}, which no page URL could keep",
            f"remove it: base_url: {parts.scheme}://{parts.netloc}{parts.path or '/'}",
        )
    if any(ch.isspace() for ch in url):
        return f"base_url '{url}' contains a space", "write a space in a path as %20"
    return None


@dataclass
class Reader:
    """Reads typed values out of the raw mapping, collecting errors and warnings."""

    lines: yamlish.Lines
    errors: list[SiteError] = field(default_factory=list)
    warnings: list[SiteError] = field(default_factory=list)

    def line(self, key: tuple[str, ...]) -> int | None:
        return self.lines.get(key)

    def error(self, key: tuple[str, ...], message: str, hint: str) -> None:
        self.errors.append(SiteError(message, CONFIG_FILE, self.line(key), hint))

    def take(
        self,
        raw: dict[str, Any],
        key: tuple[str, ...],
        convert: Callable[[Any], Any],
        expected: str,
        default: Any,
    ) -> Any:
        name = key[-1]
        if name not in raw or raw[name] is None:
            return default
        try:
            return convert(raw[name])
        except (TypeError, ValueError) as exc:
            detail = f" ({exc})" if str(exc) else ""
            self.error(
                key,
                f"'{'.'.join(key)}' must be {expected}, not {raw[name]!r}{detail}",
                f"write it like: {name}: {example(expected)}",
            )
            return default

    def section(self, raw: dict[str, Any], name: str, kind: Any) -> Callable[..., Any]:
        """`take` for the keys of one nested mapping (`challenge:`), defaults from `kind`;
        its unknown keys are warned about."""
        self.unknown(raw, list(kind.__dataclass_fields__), (name,))
        defaults = kind()

        def take(key: str, convert: Callable[[Any], Any], expected: str) -> Any:
            return self.take(raw, (name, key), convert, expected, getattr(defaults, key))

        return take

    def unknown(self, raw: dict[str, Any], known: list[str], prefix: tuple[str, ...]) -> None:
        for key in sorted(set(raw) - set(known), key=str):
            guess = did_you_mean(str(key), known)
            hint = f"did you mean '{guess}'?" if guess else f"known keys: {', '.join(known)}"
            self.warnings.append(
                SiteError(
                    f"unknown key '{'.'.join((*prefix, str(key)))}'",
                    CONFIG_FILE,
                    self.line((*prefix, str(key))),
                    hint,
                    "warning",
                )
            )


def example(expected: str) -> str:
    return {
        "text": "My journey",
        "a whole number": "10",
        "a positive whole number": "1000",
        "a date (YYYY-MM-DD)": "2026-01-01",
        "true or false": "true",
        "'rejections' or 'asks'": "rejections",
        "a list of outcomes": "[rejected, no-answer]",
        "a list of whole numbers": "[1, 10, 100]",
        "a mapping of keys": "(indented keys on the next lines)",
        "a web address": "https://example.com/subscribe",
        "a list of front matter keys": "[channel, difficulty]",
        "a mapping of keys, or 'private'": "private",
    }.get(expected, "...")


def as_text(value: Any) -> str:
    if isinstance(value, (dict, list, bool)):
        raise TypeError()
    return str(value)


def as_web_url(value: Any) -> str:
    text = as_text(value).strip()
    if not text.startswith(("https://", "http://", "mailto:")):
        raise ValueError("it must start with https://, http:// or mailto:")
    return text


def as_positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError()
    if value < 1:
        raise ValueError("it must be at least 1")
    return value


def as_non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError()
    if value < 0:
        raise ValueError("it must not be negative")
    return value


def as_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError()
    return value


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def as_count(value: Any) -> str:
    if value not in ("rejections", "asks"):
        raise ValueError()
    return str(value)


def as_outcomes(value: Any) -> tuple[Outcome, ...]:
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        outcome = parse_outcome(item)
        if outcome is None:
            raise ValueError(f"'{item}' is not an outcome")
        result.append(outcome)
    return tuple(dict.fromkeys(result))


def as_milestones(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise TypeError()
    return tuple(sorted({as_positive_int(v) for v in value}))


def as_mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError()
    return value
