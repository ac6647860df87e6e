"""answer.py: only the answer lines change; every other byte stays."""

from __future__ import annotations

from generator.content.answer import set_keys


def test_missing_keys_go_after_the_outcome_and_line_ends_are_kept() -> None:
    raw = b"---\r\nask: a\r\noutcome: pending\r\ntags: [x]\r\n---\r\nbody"
    new = set_keys(raw, {"outcome": "rejected", "answered": "2026-01-02 10:00"})
    assert new == (
        b"---\r\nask: a\r\noutcome: rejected\r\nanswered: 2026-01-02 10:00\r\ntags: [x]\r\n"
        b"---\r\nbody"
    )


def test_a_block_value_is_replaced_whole_and_odd_text_is_quoted() -> None:
    raw = b"---\nlesson: >\n  folded\n  text\n\n# kept\noutcome: pending\n---\n"
    new = set_keys(raw, {"outcome": "accepted", "lesson": "yes: #1"})
    assert new == b"---\nlesson: 'yes: #1'\n\n# kept\noutcome: accepted\n---\n"


def test_without_an_outcome_line_keys_go_before_the_closing_fence() -> None:
    raw = "\ufeff---\nask: é\n---\n".encode()
    new = set_keys(raw, {"outcome": "accepted", "lesson": "ok"})
    assert new == "\ufeff---\nask: é\noutcome: accepted\nlesson: ok\n---\n".encode()
