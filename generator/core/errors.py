"""One error type for user mistakes, and how it prints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteError:
    """A mistake in the user's content, config or theme, located by path and line."""

    message: str
    path: str = ""
    line: int | None = None
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        return self.format()

    def location(self) -> str:
        if not self.path:
            return "asklog"
        return f"{self.path}:{self.line}" if self.line else self.path

    def format(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_error(self) -> SiteError:
        return SiteError(self.message, self.path, self.line, self.hint, "error")


class SiteErrors(Exception):
    """Every error found in one run, so the user can fix them all at once."""

    def __init__(self, errors: Iterable[SiteError], warnings: Iterable[SiteError] = ()) -> None:
        self.errors = sorted(errors, key=sort_key)
        # Warnings found on the way, printed with the errors so one run shows everything.
        self.warnings = sorted(warnings, key=sort_key)
        super().__init__("\n".join(e.format() for e in self.errors))

    @classmethod
    def of(
        cls, message: str, path: str = "", line: int | None = None, hint: str = ""
    ) -> SiteErrors:
        """One error, raised on its own."""
        return cls([SiteError(message, path, line, hint)])


def sort_key(error: SiteError) -> tuple[str, int, str]:
    return (error.path, error.line or 0, error.message)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; inputs are short keys, so the quadratic table is fine."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def did_you_mean(word: str, choices: Iterable[str], limit: int = 2) -> str | None:
    """The closest known name within `limit` edits, if any."""
    best = min(choices, key=lambda c: (edit_distance(word.lower(), c), c), default=None)
    if best is not None and edit_distance(word.lower(), best) <= limit:
        return best
    return None
