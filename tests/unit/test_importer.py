"""importer.py: header matching and tag splitting."""

from __future__ import annotations

import pytest

from generator.content.importer import column_map, split_tags
from generator.core.errors import SiteErrors


def test_headers_match_case_insensitively_with_stray_spaces() -> None:
    assert column_map(["Date", " ASK ", "Outcome", "LESSON"], "f.csv") == {
        "date": 0,
        "ask": 1,
        "outcome": 2,
        "lesson": 3,
    }


def test_every_header_problem_in_one_go() -> None:
    with pytest.raises(SiteErrors) as caught:
        column_map(["date", "date", "ask", "outcom", "notes"], "f.csv")
    messages = [e.message for e in caught.value.errors]
    assert messages == [
        "column 'date' appears twice",
        "missing column 'outcome'",
        "unknown column 'notes'",
        "unknown column 'outcom'",
    ]


def test_tags_split_on_commas_or_semicolons() -> None:
    assert split_tags("travel, strangers") == ["travel", "strangers"]
    assert split_tags("a, b; c") == ["a, b", "c"]
    assert split_tags("  ") == []
