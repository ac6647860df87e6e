"""What a build leaves per output folder, so that the next one can stop before parsing.

One row in the store per output folder: the digest of every input (`key`), the span
of "now" in which the same entries are published on the same date, what the summary
said, and what was written (digest, size and mtime of every file).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.errors import SiteError
from ..output.writer import Written
from .codec import Codec, CodecError
from .fingerprint import of
from .store import Store

SPACE = "output"
WRITTEN = ":written"


@dataclass(frozen=True)
class OutputRecord:
    key: str  # digest of every input of loading and rendering: code, options, files
    theme_dirs: tuple[str, ...]  # the theme folders the key covered
    # The span of "now" (microseconds since the epoch, end excluded) with the same date
    # and the same published entries.
    window: tuple[int, int]
    entries: int
    drafts_skipped: int
    future_skipped: tuple[tuple[str, str], ...]  # path, date as the summary shows it
    warnings: tuple[SiteError, ...]
    pending: str  # the summary's line about asks pending too long
    written: dict[str, Written]  # output path -> what the build left there


CODEC = Codec([OutputRecord, SiteError])


def _key(out: Path) -> str:
    return of(str(out.resolve()))


def load(store: Store, out: Path) -> OutputRecord | None:
    key = _key(out)
    raw, files = store.get(SPACE, key), store.get(SPACE, key + WRITTEN)
    if raw is None or files is None:
        return None
    try:
        record = CODEC.loads(raw)
        # Plain JSON, decoded in one pass: a no-change build reads one stamp per file.
        written = {str(p): (str(d), int(s), int(m)) for p, (d, s, m) in json.loads(files).items()}
    except (CodecError, ValueError, TypeError, AttributeError):
        return None
    if not isinstance(record, OutputRecord):
        return None
    return replace(record, written=written)


def save(store: Store, out: Path, record: OutputRecord) -> None:
    """Both rows in one transaction."""
    key = _key(out)
    files = json.dumps(record.written, separators=(",", ":")).encode()
    store.write(SPACE, [(key, CODEC.dumps(replace(record, written={}))), (key + WRITTEN, files)])
