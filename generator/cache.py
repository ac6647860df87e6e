"""Parse results by content digest and settings fingerprint, so an edit costs one parse."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ParseCache:
    """In-memory cache kept alive by `serve` across rebuilds."""

    fingerprint: str = ""
    records: dict[tuple[str, str, str], Any] = field(default_factory=dict)

    def get(self, kind: str, path: str, digest: str) -> Any:
        return self.records.get((kind, path, digest))

    def put(self, kind: str, path: str, digest: str, value: Any) -> None:
        self.records[(kind, path, digest)] = value

    def reset_if_changed(self, fingerprint: str) -> None:
        """Settings that change parse results (time zone, Markdown) empty the cache."""
        if fingerprint != self.fingerprint:
            self.records.clear()
            self.fingerprint = fingerprint

    def keep_only(self, live: set[tuple[str, str, str]]) -> None:
        for key in set(self.records) - live:
            del self.records[key]
