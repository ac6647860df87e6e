"""A spreadsheet's header: asklog's columns under the names people give them, the rest private."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import SiteError, SiteErrors, did_you_mean

REQUIRED = ("date", "ask", "outcome")
# Column -> the header names spreadsheets use for it (any case, extra spaces ignored).
NAMES: dict[str, tuple[str, ...]] = {
    "date": ("date", "date sent", "sent", "date asked", "asked on"),
    "ask": ("ask", "the ask", "request"),
    "outcome": ("outcome", "result", "response", "status"),
    "lesson": ("lesson", "lessons", "lesson learned", "what i learned"),
    "tags": ("tags", "tag"),
    "title": ("title",),
    "story": ("story",),
    "answered": ("answered", "date of response", "responded", "response date", "date answered"),
}
_BY_NAME = {name: key for key, names in NAMES.items() for name in names}


@dataclass(frozen=True)
class Extra:
    index: int
    header: str
    key: str  # the private key it becomes: `_venue`


@dataclass(frozen=True)
class Columns:
    found: dict[str, int]  # asklog's column -> index
    private: tuple[Extra, ...]  # every other column: kept in the file, never published


def column_map(header: list[str], name: str) -> Columns:
    """asklog's columns by name; any other column becomes a private key, never an error."""
    found: dict[str, int] = {}
    extras: list[Extra] = []
    errors = []
    taken: set[str] = set()
    for index, cell in enumerate(header):
        words = " ".join(cell.split()).lower()
        key = _BY_NAME.get(words)
        if key is not None and key in found:
            errors.append(SiteError(f"column '{cell}' appears twice", name, 1, "keep one of them"))
        elif key is not None:
            found[key] = index
        elif words:
            extras.append(Extra(index, cell.strip(), private_key(words, taken)))
    for key in REQUIRED:
        if key not in found:
            near = next((e.header for e in extras if did_you_mean(e.header, [key]) == key), None)
            hint = (
                f"did you mean '{near}'? rename that column to '{key}'"
                if near
                else f"add a column named '{key}' to the header row (also read as: "
                f"{', '.join(NAMES[key][1:])})"
            )
            errors.append(SiteError(f"missing column '{key}'", name, 1, hint))
    if errors:
        raise SiteErrors(errors)
    return Columns(found, tuple(extras))


def row_values(record: list[str], columns: Columns) -> dict[str, str]:
    """Every asklog column and private key of one row, as text ('' when empty)."""
    cells = {key: _cell(record, columns.found.get(key), key) for key in NAMES}
    for extra in columns.private:
        cells[extra.key] = _cell(record, extra.index, extra.key)
    return cells


def _cell(record: list[str], index: int | None, key: str) -> str:
    if index is None or index >= len(record):
        return ""
    # The story keeps its paragraphs; every other cell is one line of text.
    return record[index].strip() if key == "story" else " ".join(record[index].split())


def private_key(header: str, taken: set[str]) -> str:
    """'Date of birth' -> '_date_of_birth': a key that is never published."""
    base = "_" + (re.sub(r"[^a-z0-9]+", "_", header.lower()).strip("_") or "column")
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    taken.add(key)
    return key
