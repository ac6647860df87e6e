"""Parse results by content digest and settings fingerprint, so an edit costs one parse.

`serve` keeps one `ParseCache` in memory across rebuilds; `build` backs it with the
store, where each result is a row of data written by the codec. Any row that does not
decode (damaged, another version's shape) is simply parsed again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .codec import Codec, CodecError
from .store import Store

Key = tuple[str, str, str]  # kind, path, digest
SPACE = "parse:"


@dataclass
class ParseCache:
    """The parse results of the current settings, optionally kept in `store`."""

    codec: Codec | None = None  # with the store: how results become data
    store: Store | None = None
    fingerprint: str = ""
    records: dict[Key, Any] = field(default_factory=dict)
    changes: dict[Key, Any] = field(default_factory=dict)  # since load or save; None: dropped

    def get(self, kind: str, path: str, digest: str) -> Any:
        return self.records.get((kind, path, digest))

    def put(self, kind: str, path: str, digest: str, value: Any) -> None:
        self.records[(kind, path, digest)] = self.changes[(kind, path, digest)] = value

    def reset_if_changed(self, fingerprint: str) -> None:
        """Settings that change parse results (time zone, Markdown, code) empty the cache."""
        if fingerprint == self.fingerprint:
            return
        self.records.clear()
        self.changes.clear()
        self.fingerprint = fingerprint
        if self.store is not None and self.codec is not None:
            for key, value in self.store.items(self._space()):
                try:
                    kind, path, digest = json.loads(key)
                    self.records[(str(kind), str(path), str(digest))] = self.codec.loads(value)
                except (CodecError, ValueError, TypeError):
                    continue  # parsed again, and the row replaced

    def keep_only(self, live: set[Key]) -> None:
        for key in set(self.records) - live:
            del self.records[key]
            self.changes[key] = None

    def save(self) -> None:
        """Write the changes to the store; never fails the build."""
        if self.store is None or self.codec is None or not self.changes:
            return
        put, drop = [], []
        for key, value in self.changes.items():
            if value is None:
                drop.append(json.dumps(key))
                continue
            try:
                put.append((json.dumps(key), self.codec.dumps(value)))
            except CodecError:  # a value the codec cannot hold is parsed again next time
                drop.append(json.dumps(key))
        self.store.write(self._space(), put, drop)
        self.store.drop_spaces(SPACE, self._space())
        self.changes = {}

    def _space(self) -> str:
        return SPACE + self.fingerprint
