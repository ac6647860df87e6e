"""One FAQ file -> one FaqSection: each `## ` heading is a question, the rest its answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from ..core import slugs
from ..core.errors import SiteError, SiteErrors
from ..core.model import FaqSection, Question
from .frontmatter import FrontMatter

_QUESTION = re.compile(r"^##(?!#)\s*(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def split_questions(body: str, first_line: int) -> tuple[str, list[tuple[str, int, str]]]:
    """(intro, [(question, line, answer markdown)]), ignoring `##` inside code fences."""
    intro: list[str] = []
    questions: list[tuple[str, int, list[str]]] = []
    in_code = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_code = not in_code
        match = None if in_code else _QUESTION.match(line)
        if match:
            questions.append((match.group(1), first_line + offset, []))
        elif questions:
            questions[-1][2].append(line)
        else:
            intro.append(line)
    return "\n".join(intro), [(q, n, "\n".join(a)) for q, n, a in questions]


def parse_faq(path: str, fm: FrontMatter, to_html: Callable[[str], str]) -> FaqSection:
    errors: list[SiteError] = []
    title = fm.meta.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append(
            SiteError(
                "missing 'title' for this FAQ section", path, 1, "add 'title: Getting started'"
            )
        )
    order = fm.meta.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int):
        errors.append(
            SiteError("'order' must be a whole number", path, fm.line("order"), "e.g. order: 2")
        )
        order = 0
    slug = str(fm.meta.get("slug") or slugs.strip_order(PurePosixPath(path).stem)).strip()
    problem = slugs.invalid_slug(slug, path, fm.line("slug"), "faq")
    if problem:
        errors.append(problem)
    intro, found = split_questions(fm.body, fm.body_line)
    if not found:
        errors.append(
            SiteError(
                "this FAQ section has no questions",
                path,
                fm.body_line,
                "write each question as a '## ' heading, followed by its answer",
            )
        )
    if errors:
        raise SiteErrors(errors)
    taken: set[str] = set()
    questions = tuple(
        Question(
            text=text,
            anchor=slugs.unique(slugs.slugify(text) or "question", taken),
            answer_html=to_html(answer),
            line=line,
        )
        for text, line, answer in found
    )
    return FaqSection(
        path=path,
        slug=slug,
        title=str(title).strip(),
        order=order,
        description=str(fm.meta.get("description") or "").strip(),
        questions=questions,
        intro_html=to_html(intro) if intro.strip() else "",
    )
