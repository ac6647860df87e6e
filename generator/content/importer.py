"""`asklog import FILE.csv`: a spreadsheet of past asks -> entry files, all rows or none."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..core.config import SiteConfig, load_config
from ..core.errors import SiteError, SiteErrors
from . import frontmatter, newfiles, scaffold, sheetdates
from .entries import alias_hint, parse_entry
from .importrows import Columns, column_map, row_values

COLUMNS_HINT = "date, ask, outcome; optional lesson, tags, title, story, answered"


@dataclass(frozen=True)
class Planned:
    row: int
    path: Path
    text: str


@dataclass
class ImportPlan:
    planned: list[Planned]
    private: dict[str, str]  # column header -> private key it becomes
    already: int = 0  # rows imported before: identical files exist
    no_story: int = 0  # rows without a story (a build warning until written)
    fresh: list[Planned] = field(default_factory=list)


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
            f"the first row names the columns: {COLUMNS_HINT}",
        )
    return rows[0][1], rows[1:]


def split_tags(text: str) -> list[str]:
    """'travel, strangers' or 'travel; strangers' -> ['travel', 'strangers']."""
    separator = ";" if ";" in text else ","
    return [t.strip() for t in text.split(separator) if t.strip()]


def date_order(rows: list[tuple[int, dict[str, str]]], name: str, order: str | None) -> str | None:
    """Day or month first for numeric dates, as the flag says or the file shows; never a guess."""
    if order is not None:
        return order
    forced: dict[str, tuple[int, str]] = {}
    unclear: tuple[int, str] | None = None
    for row, cells in rows:
        for key in ("date", "answered"):
            text = cells[key]
            readings = sheetdates.orders(text)
            if len(readings) == 1:
                forced.setdefault(readings.pop(), (row, text))
            elif unclear is None and sheetdates.ambiguous(text):
                unclear = (row, text)
    hint = "run again with --day-first or --month-first"
    if len(forced) == 2:
        (day_row, day_text), (month_row, month_text) = forced["day"], forced["month"]
        raise SiteErrors.of(
            f"dates are written day first ('{day_text}', line {day_row}) and month first "
            f"('{month_text}', line {month_row})",
            name,
            max(day_row, month_row),
            f"correct the odd ones, then {hint}",
        )
    if forced:
        return next(iter(forced))
    if unclear is not None:
        row, text = unclear
        raise SiteErrors.of(
            f"'{text}' could be {sheetdates.readings(text)}: no date in the file shows "
            "whether the day or the month comes first",
            name,
            row,
            hint,
        )
    return None


def plan_import(
    root: Path, raw: bytes, name: str, config: SiteConfig, order: str | None = None
) -> ImportPlan:
    """Every row as a new entry file, or SiteErrors naming every bad row."""
    header, records = read_rows(raw, name)
    columns = column_map(header, name)
    errors: list[SiteError] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for row, record in records:
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
        rows.append((row, row_values(record, columns)))
    order = date_order(rows, name, order)
    plan = ImportPlan([], {c.header: c.key for c in columns.private})
    taken = scaffold.existing_slugs(root)
    for row, cells in rows:
        try:
            planned = _plan_row(root, row, cells, columns, config, order, name, taken)
        except SiteErrors as exc:
            errors += exc.errors
            continue
        plan.planned.append(planned)
        plan.no_story += not cells["story"]
    if errors:
        raise SiteErrors(errors)
    return plan


def _plan_row(
    root: Path,
    row: int,
    cells: dict[str, str],
    columns: Columns,
    config: SiteConfig,
    order: str | None,
    name: str,
    taken: dict[str, Path],
) -> Planned:
    """One row as a file, checked as `build` would check it; SiteErrors name the row."""
    errors = []

    def bad(message: str, hint: str) -> None:
        errors.append(SiteError(message, name, row, hint))

    moments = {}
    for key in ("date", "answered"):
        if cells[key]:
            try:
                moments[key] = sheetdates.parse(cells[key], config.tz, order).astimezone(config.tz)
            except ValueError as exc:
                bad(f"{key}: {exc}", f"write dates like {sheetdates.FORMATS}")
    if not cells["date"]:
        bad("the date is empty", f"write dates like {sheetdates.FORMATS}")
    if not cells["ask"]:
        bad("the ask is empty", "write what you asked, e.g. Could I have a discount?")
    from ..core.model import parse_outcome

    outcome = parse_outcome(cells["outcome"], config.aliases)
    if outcome is None:
        text = cells["outcome"]
        if text:
            bad(f"unknown outcome '{text}'", alias_hint(text))
        else:
            bad("the outcome is empty", "write rejected, no-answer, accepted, partial or pending")
    if errors or outcome is None:
        raise SiteErrors(errors)
    when = moments["date"]
    title = cells["title"] or None
    path = scaffold.unique_path(scaffold.entry_path(root, when, cells["ask"], title), taken)
    private = {c.key: cells[c.key] for c in columns.private if cells[c.key]}
    text = scaffold.entry_text(
        cells["ask"],
        outcome,
        cells["lesson"],
        split_tags(cells["tags"]),
        when,
        title,
        False,
        cells["story"],
        private,
        moments.get("answered"),
    )
    rel = path.relative_to(root).as_posix()
    try:  # the same checks as `build`, so an import never leaves a site that fails to build
        parse_entry(rel, frontmatter.split(text, rel), config.tz, str, config.aliases)
    except SiteErrors as exc:
        raise SiteErrors(SiteError(e.message, name, row, e.hint) for e in exc.errors) from None
    if path.exists() and path.read_text("utf-8", errors="replace") != text:
        raise SiteErrors.of(
            f"{rel} already exists; asklog never overwrites",
            name,
            row,
            "delete this row if it was imported before, or add a title column",
        )
    return Planned(row, path, text)


def import_csv(
    root: Path, csv_path: Path, order: str | None = None, dry_run: bool = False
) -> ImportPlan:
    """Write one entry file per row; any bad row means nothing is written."""
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
    plan = plan_import(root, raw, name, config, order)
    plan.fresh = [item for item in plan.planned if not item.path.exists()]
    plan.already = len(plan.planned) - len(plan.fresh)
    if not dry_run:
        newfiles.create_all(root, [(item.path, item.text) for item in plan.fresh])
    return plan
