"""Generated hostile entries end in located errors, never in anything else (16.3)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import frontmatter, markup
from generator.content.entries import parse_entry
from generator.core.errors import SiteErrors

PATH = "content/entries/2026-03-01-x.md"
SCALARS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["0001-01-01", "9999-12-31T23:59:59+14:00", "2026-02-30", "~", "[", "{a: "]),
    st.integers(),
    st.booleans(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=30,
)
KEYS = st.sampled_from(
    ["date", "ask", "outcome", "lesson", "tags", "slug", "draft", "answered", "x", "_p"]
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=8), st.text(max_size=200))
def test_hostile_front_matter_is_an_error_or_an_entry(meta: dict[str, object], body: str) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    try:
        fm = frontmatter.split(text, PATH)
        parse_entry(PATH, fm, ZoneInfo("Pacific/Kiritimati"), markup.to_html)
    except SiteErrors as exc:
        assert all(error.path == PATH and error.message for error in exc.errors)
