"""Splits the `---` block off a Markdown file and parses it as YAML with key lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.errors import SiteErrors
from . import yamlish

FENCE = "---"
_FENCE_LINE = re.compile(r"^---[ \t]*$", re.MULTILINE)
# Python-Markdown's time grows steeply with nesting (1,000 nested list levels: minutes);
# no story needs more than a few levels.
MAX_NESTING = 40
_LEAD = re.compile(r"^(?:[ \t]*>)*[ \t]*")
EXAMPLE = "start the file with a line '---', then keys like 'ask: ...', then another '---'"


@dataclass(frozen=True)
class FrontMatter:
    meta: dict[str, Any]
    lines: yamlish.Lines
    body: str
    body_line: int  # file line where the body starts

    def line(self, key: str) -> int:
        return self.lines.get((key,), 1)


def split(text: str, path: str) -> FrontMatter:
    """Parse `text` (already decoded and normalised) into front matter and body."""
    if not text.strip():
        raise SiteErrors.of("the file is empty", path, 1, EXAMPLE)
    first, _, rest = text.partition("\n")
    if first.rstrip() != FENCE:
        raise SiteErrors.of("no front matter: the file does not start with '---'", path, 1, EXAMPLE)
    end = _closing_fence(rest)
    if end is None:
        raise SiteErrors.of(
            "the front matter is never closed",
            path,
            1,
            "add a line with only '---' after the last key, before the story",
        )
    yaml_text = rest[:end]
    after = rest[end:].partition("\n")[2]
    body_line = yaml_text.count("\n") + 3
    doc = yamlish.load(yaml_text, path, first_line=2)
    meta = doc.data if doc.data is not None else {}
    if not isinstance(meta, dict):
        raise SiteErrors.of("the front matter must be 'key: value' lines", path, 2, EXAMPLE)
    deep = nesting_too_deep(after)
    if deep is not None:
        raise SiteErrors.of(
            f"the text is nested more than {MAX_NESTING} levels deep (lists or quotes)",
            path,
            body_line + deep,
            "indent lists and quotes a few levels at most",
        )
    return FrontMatter({str(k): v for k, v in meta.items()}, doc.lines, after, body_line)


def nesting_too_deep(body: str) -> int | None:
    """The 0-based body line whose indentation or `>` quoting passes MAX_NESTING levels."""
    for number, line in enumerate(body.split("\n")):
        lead = _LEAD.match(line)
        if lead is None or len(lead.group()) < MAX_NESTING * 2:
            continue
        text = lead.group().replace("\t", "    ")
        if text.count(">") + len(text.replace(">", "")) // 4 > MAX_NESTING:
            return number
    return None


def _closing_fence(rest: str) -> int | None:
    """Offset of the closing fence line in `rest`, if any."""
    match = _FENCE_LINE.search(rest)
    return match.start() if match else None
