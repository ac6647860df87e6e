"""The Jinja2 environment: theme override lookup, autoescape, strict undefined, filters."""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..core.errors import SiteError, SiteErrors
from . import cards

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_themes_dir() -> Path:
    """Inside a wheel the themes live in generator/_themes; in a checkout, in ../themes."""
    installed = PACKAGE_DIR / "_themes"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "themes"


def theme_dirs(root: Path, name: str, line: int | None = None) -> list[Path]:
    """The site's own themes/<name>/ first, then the bundled theme of that name."""
    candidates = [root / "themes" / name, bundled_themes_dir() / name]
    found = list(dict.fromkeys(p.resolve() for p in candidates if p.is_dir()))
    if not found or not any((p / "templates").is_dir() for p in found):
        bundled = sorted(p.name for p in bundled_themes_dir().iterdir() if p.is_dir())
        raise SiteErrors.of(
            f"unknown theme '{name}'",
            "site.yaml",
            line,
            f"use one of: {', '.join(bundled)}, or create themes/{name}/templates/",
        )
    return found


def _number(value: int | float) -> str:
    return f"{value:,}"


def _percent(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def _date(value: dt.date | dt.datetime, fmt: str = "%-d %B %Y") -> str:
    return value.strftime(fmt)


def _rfc3339(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def _round(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


# Compiled templates stay in memory only: compiled code is never loaded from a
# folder a repository or a restored CI cache could fill.
_OPTIONS: dict[str, Any] = dict(
    autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
)


def make_env(dirs: list[Path], globals_: Mapping[str, Any]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d / "templates") for d in dirs]),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        **_OPTIONS,
    )
    env.filters.update(
        number=_number,
        percent=_percent,
        date=_date,
        rfc3339=_rfc3339,
        round1=_round,
        wrap_lines=cards.wrap,
    )
    env.globals.update(globals_)
    return env


@jinja2.pass_environment
def card(env: jinja2.Environment, entry: Any) -> Markup:
    """The `card(entry)` global: `_entry_card.html` for one entry.

    List pages show each entry's card several times (home, tags, outcome); the
    renderer calls it once per entry and build.
    """
    return Markup(env.get_template("_entry_card.html").render(entry=entry))


def template_error(exc: Exception, root: Path, fallback: str) -> SiteError:
    """A Jinja2 failure as a SiteError pointing at the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return SiteError(
            f"template syntax error: {exc.message}",
            _display(exc.filename or fallback, root),
            exc.lineno,
            "check the {% %} and {{ }} tags on this line are closed and spelled right",
        )
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))
    ]
    where = frames[-1] if frames else None
    if isinstance(exc, jinja2.UndefinedError):
        hint = "the theme docs list the fields each template receives"
        message = f"template error: {exc.message}"
    elif isinstance(exc, jinja2.TemplateNotFound):
        hint = "the template is missing from the theme; check its name"
        message = f"template not found: {exc.name}"
    else:
        hint = "fix the template expression on this line"
        message = f"template error: {type(exc).__name__}: {exc}"
    path = _display(where.filename, root) if where else fallback
    return SiteError(message, path, where.lineno if where else None, hint)


def _display(filename: str, root: Path) -> str:
    path = Path(filename)
    for base in (root, bundled_themes_dir().parent):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return filename


def static_files(dirs: list[Path]) -> dict[str, Path]:
    """Theme static files by output path; the site's override wins over the bundled file."""
    files: dict[str, Path] = {}
    for theme in reversed(dirs):
        static = theme / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files[path.relative_to(static).as_posix()] = path
    return files
