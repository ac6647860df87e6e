from __future__ import annotations

import pytest

from generator.content.faq import parse_faq, split_questions
from generator.content.frontmatter import split
from generator.core.errors import SiteErrors


def html(md: str) -> str:
    return f"<p>{md.strip()}</p>"


def test_each_h2_is_a_question_with_a_stable_unique_anchor() -> None:
    text = (
        "---\ntitle: Basics\norder: 2\n---\nIntro.\n\n## Why ask?\n\nBecause.\n\n"
        "## Why ask?\n\nStill because.\n\n### Not a question\n\nPart of the answer.\n"
    )
    section = parse_faq("content/faq/02-basics.md", split(text, "x"), html)
    assert section.slug == "basics" and section.order == 2
    assert [(q.text, q.anchor, q.line) for q in section.questions] == [
        ("Why ask?", "why-ask", 7),
        ("Why ask?", "why-ask-2", 11),
    ]
    assert "Part of the answer." in section.questions[1].answer_html
    assert section.intro_html == "<p>Intro.</p>"


def test_headings_inside_code_fences_are_not_questions() -> None:
    _, questions = split_questions("## Real?\n```\n## not a question\n```\n", 5)
    assert [(q, line) for q, line, _ in questions] == [("Real?", 5)]


def test_a_section_without_questions_is_an_error() -> None:
    with pytest.raises(SiteErrors) as info:
        parse_faq("content/faq/a.md", split("---\ntitle: A\n---\nNo questions.\n", "x"), html)
    assert [e.format().splitlines()[0] for e in info.value.errors] == [
        "content/faq/a.md:4: error: this FAQ section has no questions"
    ]
