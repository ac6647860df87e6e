"""`asklog import FILE.csv`: a spreadsheet of past asks -> entry files, all rows or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core import dates, slugs
from ..core.config import load_config
from ..core.errors import SiteError, SiteErrors, did_you_mean
from ..core.model import Outcome, parse_outcome
from . import scaffold

REQUIRED = ("date", "ask", "outcome")
OPTIONAL = ("lesson", "tags", "title", "story")
COLUMNS = REQUIRED + OPTIONAL
OUTCOMES_HINT = "use rejected, no-answer, accepted, partial or pending (or no, ghosted, yes, maybe)"


@dataclass(frozen=True)
class Planned:
    row: int
    path: Path
    text: str


def read_rows(raw: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and data rows, each with the file line it starts on (header = line 1)."""
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets often save a BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SiteErrors.of(
            "the file is not UTF-8 text", name, line, "save it as 'CSV UTF-8' from your spreadsheet"
        ) from None
    first = text.split("\n", 1)[0]
    # Spreadsheets in many locales save with ';' (or tabs) because ',' is the decimal mark.
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SiteErrors.of(
            f"cannot read the CSV: {exc}", name, reader.line_num, "check the quotes on this line"
        ) from None
    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise SiteErrors.of(
            "the file has no header row",
            name,
            1,
            f"the first row names the columns: {', '.join(COLUMNS)}",
        )
    return rows[0][1], rows[1:]


def column_map(header: list[str], name: str) -> dict[str, int]:
    """Column name -> index; names are matched case-insensitively, extra spaces ignored."""
    found: dict[str, int] = {}
    errors = []
    for index, cell in enumerate(header):
        key = " ".join(cell.split()).lower()
        if key in COLUMNS and key not in found:
            found[key] = index
        elif key in found:
            errors.append(SiteError(f"column '{cell}' appears twice", name, 1, "keep one of them"))
        elif key:
            guess = did_you_mean(key, COLUMNS)
            hint = (
                f"did you mean '{guess}'?"
                if guess
                else (f"known columns: {', '.join(COLUMNS)}; delete or rename this one")
            )
            errors.append(SiteError(f"unknown column '{cell}'", name, 1, hint))
    for key in REQUIRED:
        if key not in found:
            errors.append(
                SiteError(
                    f"missing column '{key}'", name, 1, f"add a '{key}' column to the header row"
                )
            )
    if errors:
        raise SiteErrors(errors)
    return found


def split_tags(text: str) -> list[str]:
    """'travel, strangers' or 'travel; strangers' -> ['travel', 'strangers']."""
    separator = ";" if ";" in text else ","
    return [t.strip() for t in text.split(separator) if t.strip()]


def parse_row(
    cells: dict[str, str], tz: ZoneInfo, row: int, name: str
) -> tuple[dt.datetime | None, Outcome | None, list[SiteError]]:
    """The row's date and outcome, and an error for each bad cell."""
    errors = []

    def bad(message: str, hint: str) -> None:
        errors.append(SiteError(message, name, row, hint))

    when = None
    if not cells["date"]:
        bad("the date is empty", dates.HINT)
    else:
        try:
            when = dates.parse_datetime(cells["date"], tz).astimezone(tz)
        except ValueError as exc:
            bad(f"date: {exc}", dates.HINT)
    if not cells["ask"]:
        bad("the ask is empty", "write what you asked, e.g. Could I have a discount?")
    outcome = parse_outcome(cells["outcome"])
    if outcome is None:
        text = cells["outcome"]
        bad(f"unknown outcome '{text}'" if text else "the outcome is empty", OUTCOMES_HINT)
    return when, outcome, errors


def plan_import(root: Path, raw: bytes, name: str, tz: ZoneInfo) -> list[Planned]:
    """Every row as a new entry file, or SiteErrors naming every bad row."""
    header, rows = read_rows(raw, name)
    columns = column_map(header, name)
    errors: list[SiteError] = []
    planned: list[Planned] = []
    taken = existing_slugs(root)
    for row, record in rows:
        if not any(cell.strip() for cell in record):
            continue  # blank lines between blocks of rows
        if len(record) > len(header):
            errors.append(
                SiteError(
                    f"this row has {len(record)} cells but the header has {len(header)}",
                    name,
                    row,
                    'quote cells that contain the delimiter, e.g. "a, b"',
                )
            )
            continue
        cells = {key: _cell(record, columns.get(key), key) for key in COLUMNS}
        when, outcome, problems = parse_row(cells, tz, row, name)
        if when is None or outcome is None:
            errors += problems
            continue
        path = _unique_path(
            scaffold.entry_path(root, when, cells["ask"], cells["title"] or None), taken
        )
        text = scaffold.entry_text(
            cells["ask"],
            outcome,
            cells["lesson"],
            split_tags(cells["tags"]),
            when,
            cells["title"] or None,
            False,
            cells["story"],
        )
        if path.exists() and path.read_text("utf-8", errors="replace") != text:
            errors.append(
                SiteError(
                    f"{path.relative_to(root).as_posix()} already exists; asklog never overwrites",
                    name,
                    row,
                    "delete this row if it was imported before, or add a title column",
                )
            )
            continue
        planned.append(Planned(row, path, text))
    if errors:
        raise SiteErrors(errors)
    return planned


def existing_slugs(root: Path) -> dict[str, Path]:
    """Slug -> file of every entry already in content/entries (file-name slugs)."""
    folder = root / "content" / "entries"
    found = {}
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        found[slugs.file_slug(path.stem)[0]] = path
    return found


def _unique_path(path: Path, taken: dict[str, Path]) -> Path:
    """The same ask on another day gets '-2', '-3'...: entry URLs must stay unique."""
    candidate, number = path, 1
    while taken.get(slugs.file_slug(candidate.stem)[0], candidate) != candidate:
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}.md")
    taken[slugs.file_slug(candidate.stem)[0]] = candidate
    return candidate


def _cell(record: list[str], index: int | None, key: str) -> str:
    if index is None or index >= len(record):
        return ""
    # The story keeps its paragraphs; every other cell is one line of text.
    return record[index].strip() if key == "story" else " ".join(record[index].split())


def import_csv(root: Path, csv_path: Path) -> tuple[list[Path], int]:
    """Write one entry file per row; any bad row means nothing is written.

    Returns the new files and how many rows were already imported (identical files exist)."""
    config, _ = load_config(root)
    name = csv_path.as_posix()
    try:
        raw = csv_path.read_bytes()
    except OSError as exc:
        raise SiteErrors.of(
            f"cannot read the file: {exc.strerror}",
            name,
            None,
            "check the path; it is relative to the current folder",
        ) from None
    planned = plan_import(root, raw, name, config.tz)
    fresh = [item for item in planned if not item.path.exists()]
    for item in fresh:
        scaffold.write_new(item.path, item.text)
    return [item.path for item in fresh], len(planned) - len(fresh)
