"""importer.py: header matching and tag splitting."""

from __future__ import annotations

import pytest

from generator.content.importer import split_tags
from generator.content.importrows import column_map
from generator.core.errors import SiteErrors


def test_headers_match_case_insensitively_with_stray_spaces() -> None:
    columns = column_map(["Date", " ASK ", "Outcome", "LESSON"], "f.csv")
    assert columns.found == {"date": 0, "ask": 1, "outcome": 2, "lesson": 3}
    assert columns.private == ()


def test_spreadsheet_names_and_extra_columns_become_private_keys() -> None:
    columns = column_map(
        ["Date sent", "Venue", "Ask", "Response", "Date of response", "Notes", "notes"], "f.csv"
    )
    assert columns.found == {"date": 0, "ask": 2, "outcome": 3, "answered": 4}
    assert [(e.header, e.key) for e in columns.private] == [
        ("Venue", "_venue"),
        ("Notes", "_notes"),
        ("notes", "_notes_2"),
    ]


def test_every_header_problem_in_one_go() -> None:
    with pytest.raises(SiteErrors) as caught:
        column_map(["date", "date", "Sent", "outcom", "notes"], "f.csv")
    found = [(e.message, e.hint) for e in caught.value.errors]
    assert found == [
        ("column 'Sent' appears twice", "keep one of them"),
        ("column 'date' appears twice", "keep one of them"),
        (
            "missing column 'ask'",
            "add a column named 'ask' to the header row (also read as: the ask, request)",
        ),
        ("missing column 'outcome'", "did you mean 'outcom'? rename that column to 'outcome'"),
    ]


def test_tags_split_on_commas_or_semicolons() -> None:
    assert split_tags("travel, strangers") == ["travel", "strangers"]
    assert split_tags("a, b; c") == ["a, b", "c"]
    assert split_tags("  ") == []
