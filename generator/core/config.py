"""SiteConfig from site.yaml: defaults, types and did-you-mean, every problem in one pass."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..content import yamlish
from .configvalues import (
    CONFIG_FILE,
    Reader,
    as_bool,
    as_count,
    as_date,
    as_mapping,
    as_milestones,
    as_non_negative_int,
    as_outcomes,
    as_positive_int,
    as_text,
    as_web_url,
    base_url_problem,
    normalize_base_url,
)
from .errors import SiteError, SiteErrors, sort_key
from .model import Outcome, outcome_word, parse_outcome

DEFAULT_MILESTONES = (1, 10, 25, 50, 100, 250, 500, 750, 1000)


@dataclass(frozen=True)
class ChallengeConfig:
    goal: int = 1000
    count: str = "rejections"
    rejections: tuple[Outcome, ...] = (Outcome.REJECTED, Outcome.NO_ANSWER)
    start: dt.date | None = None
    end: dt.date | None = None
    milestones: tuple[int, ...] = ()
    pending_days: int = 14

    @property
    def milestone_numbers(self) -> tuple[int, ...]:
        if self.milestones:
            return self.milestones
        return tuple(m for m in DEFAULT_MILESTONES if m < self.goal) + (self.goal,)


@dataclass(frozen=True)
class PatternsConfig:
    """`patterns:` in site.yaml: extra front matter keys to group by, and whether to publish."""

    by: tuple[str, ...] = ()
    min_asks: int = 8
    private: bool = False  # terminal only: no page, no link, no journey.json key


@dataclass(frozen=True)
class FeedConfig:
    entries: int = 20


@dataclass(frozen=True)
class FollowConfig:
    email_url: str = ""  # a newsletter or feed-to-email sign-up page


@dataclass(frozen=True)
class SiteConfig:
    title: str = "My rejection journey"
    description: str = ""
    author: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    timezone: str = "UTC"
    theme: str = "default"
    paginate: int = 10
    search: bool = False
    share_cards: bool = True  # og:image PNGs: ~60 ms of CPU and ~40 KB each
    challenge: ChallengeConfig = field(default_factory=ChallengeConfig)
    feed: FeedConfig = field(default_factory=FeedConfig)
    follow: FollowConfig = field(default_factory=FollowConfig)
    patterns: PatternsConfig = field(default_factory=PatternsConfig)
    # The writer's own outcome words (`outcomes:`), as (word, outcome) pairs in file order.
    outcomes: tuple[tuple[str, Outcome], ...] = ()
    base_url_set: bool = False
    theme_line: int | None = field(default=None, compare=False)  # for "unknown theme" errors

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def aliases(self) -> dict[str, Outcome]:
        """The `outcomes:` table as word -> outcome, for `parse_outcome`."""
        return dict(self.outcomes)

    def with_base_url(self, url: str) -> SiteConfig:
        problem = base_url_problem(url)
        if problem:
            raise SiteErrors.of(f"--base-url: {problem[0]}", "", None, problem[1])
        return replace(self, base_url=normalize_base_url(url), base_url_set=True)


def parse_config(text: str | None) -> tuple[SiteConfig, list[SiteError]]:
    """Validate site.yaml text (None: no file) into a config and its warnings."""
    config, warnings, errors = read_config(text)
    if errors:
        raise SiteErrors(errors, warnings)
    return config, warnings


def read_config(text: str | None) -> tuple[SiteConfig, list[SiteError], list[SiteError]]:
    """site.yaml text -> config, warnings, errors; a bad value is an error and leaves its
    default in the config, so content can still be checked against the rest."""
    if text is None:
        return SiteConfig(), [], []
    doc = yamlish.load(text.lstrip("\ufeff"), CONFIG_FILE, 1)
    raw = doc.data if doc.data is not None else {}
    reader = Reader(doc.lines)
    if not isinstance(raw, dict):
        raise SiteErrors(
            [
                SiteError(
                    "site.yaml must be a mapping of keys", CONFIG_FILE, 1, "e.g. title: My site"
                )
            ]
        )
    internal = ("base_url_set", "theme_line")
    known = [*(f for f in SiteConfig.__dataclass_fields__ if f not in internal)]
    reader.unknown(raw, known, ())
    defaults = SiteConfig()

    def top(key: str, convert: Callable[[Any], Any], expected: str) -> Any:
        return reader.take(raw, (key,), convert, expected, getattr(defaults, key))

    challenge_raw = reader.take(raw, ("challenge",), as_mapping, "a mapping of keys", {})
    feed_raw = reader.take(raw, ("feed",), as_mapping, "a mapping of keys", {})
    challenge = _challenge(challenge_raw, reader)
    reader.unknown(feed_raw, list(FeedConfig.__dataclass_fields__), ("feed",))
    feed = FeedConfig(
        entries=reader.take(
            feed_raw, ("feed", "entries"), as_positive_int, "a positive whole number", 20
        )
    )
    follow_raw = reader.take(raw, ("follow",), as_mapping, "a mapping of keys", {})
    reader.unknown(follow_raw, list(FollowConfig.__dataclass_fields__), ("follow",))
    follow = FollowConfig(
        email_url=reader.take(follow_raw, ("follow", "email_url"), as_web_url, "a web address", "")
    )
    patterns = _patterns(raw, reader)
    base_url = top("base_url", as_text, "text")
    problem = base_url_problem(base_url)
    if problem:
        reader.error(("base_url",), *problem)
    config = SiteConfig(
        title=top("title", as_text, "text"),
        description=top("description", as_text, "text"),
        author=top("author", as_text, "text"),
        base_url=normalize_base_url(base_url),
        language=top("language", as_text, "text"),
        timezone=top("timezone", as_text, "text"),
        theme=top("theme", as_text, "text"),
        paginate=top("paginate", as_positive_int, "a positive whole number"),
        search=top("search", as_bool, "true or false"),
        share_cards=top("share_cards", as_bool, "true or false"),
        challenge=challenge,
        feed=feed,
        follow=follow,
        patterns=patterns,
        outcomes=_aliases(
            reader.take(raw, ("outcomes",), as_mapping, "a mapping of keys", {}), reader
        ),
        base_url_set="base_url" in raw,
        theme_line=reader.line(("theme",)),
    )
    if _check_values(config, reader):
        config = replace(config, timezone=defaults.timezone)  # so entries can still be read
    return config, sorted(reader.warnings, key=sort_key), reader.errors


def _aliases(raw: dict[Any, Any], reader: Reader) -> tuple[tuple[str, Outcome], ...]:
    """`outcomes:` maps the writer's words (Blocked, Ghosted, Said yes!) to outcomes."""
    pairs: dict[str, Outcome] = {}
    for key, value in raw.items():
        outcome = parse_outcome(value)
        if outcome is None or isinstance(value, (dict, list)):
            reader.error(
                ("outcomes", str(key)),
                f"outcomes: '{key}' maps to '{value}', which is not an outcome",
                "map each word to rejected, no-answer, accepted, partial or pending",
            )
            continue
        pairs[outcome_word(key)] = outcome
    return tuple(pairs.items())


def _challenge(raw: dict[str, Any], reader: Reader) -> ChallengeConfig:
    take = reader.section(raw, "challenge", ChallengeConfig)
    return ChallengeConfig(
        goal=take("goal", as_positive_int, "a positive whole number"),
        count=take("count", as_count, "'rejections' or 'asks'"),
        rejections=take("rejections", as_outcomes, "a list of outcomes"),
        start=take("start", as_date, "a date (YYYY-MM-DD)"),
        end=take("end", as_date, "a date (YYYY-MM-DD)"),
        milestones=take("milestones", as_milestones, "a list of whole numbers"),
        pending_days=take("pending_days", as_non_negative_int, "a whole number"),
    )


def _keys(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if any(isinstance(i, (list, dict, bool)) or i is None for i in items):
        raise TypeError()
    names = tuple(dict.fromkeys(str(i).strip() for i in items))
    private = [n for n in names if n == "private" or n.startswith("_")]
    if private:  # such keys never leave the entry file (SPEC 2.1), so nothing to group
        raise ValueError(f"'{private[0]}' is a private key, never written to the site")
    return names


def _patterns(raw: dict[str, Any], reader: Reader) -> PatternsConfig:
    value = raw.get("patterns")
    if value == "private":
        return PatternsConfig(private=True)
    expected = "a mapping of keys, or 'private'"
    take = reader.section(
        reader.take(raw, ("patterns",), as_mapping, expected, {}), "patterns", PatternsConfig
    )
    return PatternsConfig(
        by=take("by", _keys, "a list of front matter keys"),
        min_asks=take("min_asks", as_positive_int, "a positive whole number"),
        private=take("private", as_bool, "true or false"),
    )


def _check_values(config: SiteConfig, reader: Reader) -> bool:
    """Report values that are wrong together; True when the time zone is unknown."""
    bad_zone = False
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        bad_zone = True
        reader.error(
            ("timezone",),
            f"unknown time zone '{config.timezone}'",
            "use an IANA name such as Europe/London, America/New_York or UTC",
        )
    c = config.challenge
    if c.start and c.end and c.end <= c.start:
        reader.error(
            ("challenge", "end"),
            f"challenge.end ({c.end}) is not after challenge.start ({c.start})",
            "set the end date after the start date",
        )
    if Outcome.PENDING in c.rejections:
        reader.error(
            ("challenge", "rejections"),
            "pending asks cannot count as rejections",
            "list only decided outcomes, e.g. [rejected, no-answer]",
        )
    return bad_zone


def load_config(root: Path) -> tuple[SiteConfig, list[SiteError]]:
    """Read site.yaml from the site root (a missing file gives the defaults)."""
    return parse_config(config_text(root))


def load_config_partial(root: Path) -> tuple[SiteConfig | None, list[SiteError], list[SiteError]]:
    """Config, warnings and errors; the config is None when site.yaml cannot be read at all."""
    try:
        return read_config(config_text(root))
    except SiteErrors as exc:
        return None, exc.warnings, exc.errors


def config_text(root: Path) -> str | None:
    """site.yaml as text with \n line ends, or None when there is none."""
    from ..content.sources import read_regular

    path = root / CONFIG_FILE
    if not os.path.lexists(path):
        return None
    raw = read_regular(path, CONFIG_FILE)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SiteErrors(
            [SiteError("site.yaml is not UTF-8 text", CONFIG_FILE, line, "save it as UTF-8")]
        ) from None
    return text.replace("\r\n", "\n")
