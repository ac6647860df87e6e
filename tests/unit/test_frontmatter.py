from __future__ import annotations

import pytest

from generator.content.frontmatter import split
from generator.core.errors import SiteErrors


def test_split_keeps_key_lines_and_body_start() -> None:
    fm = split("---\nask: A?\noutcome: no\n---\nStory\n", "a.md")
    assert fm.meta == {"ask": "A?", "outcome": False}
    assert fm.line("ask") == 2 and fm.line("outcome") == 3
    assert fm.body == "Story\n" and fm.body_line == 5


def test_dates_stay_text_for_asklog_to_parse() -> None:
    assert split("---\ndate: 2026-03-14\n---\n", "a.md").meta == {"date": "2026-03-14"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "a.md:1: error: the file is empty"),
        ("Just a story\n", "a.md:1: error: no front matter: the file does not start with '---'"),
        ("---\nask: A?\nStory\n", "a.md:1: error: the front matter is never closed"),
        ("---\nask: 'A?\n---\n", "a.md:2: error: invalid YAML"),
        ("---\nask: A?\n\toutcome: no\n---\n", "a.md:3: error: invalid YAML"),
        ("---\nask: A?\nask: B?\n---\n", "a.md:3: error: duplicate key 'ask'"),
        ("---\n- a\n---\n", "a.md:2: error: the front matter must be 'key: value' lines"),
    ],
)
def test_bad_front_matter(text: str, expected: str) -> None:
    with pytest.raises(SiteErrors) as info:
        split(text, "a.md")
    [error] = info.value.errors
    assert error.format().startswith(expected)
    assert error.hint


def test_tab_indentation_has_a_specific_hint() -> None:
    with pytest.raises(SiteErrors) as info:
        split("---\nask: A?\ntags:\n\t- a\n---\n", "a.md")
    assert "tabs" in info.value.errors[0].hint
