"""badge.py: the counter badge's text and size."""

from __future__ import annotations

from generator.render.badge import counter_text, text_width


class FakeJourney:
    def __init__(self, counted: int, goal: int, count: str = "rejections") -> None:
        self.counted, self.goal, self.count, self.progress = counted, goal, count, counted / goal


def test_counter_text_uses_thousands_separators() -> None:
    assert counter_text(FakeJourney(347, 1000)) == "347 / 1,000 rejections"  # type: ignore[arg-type]
    assert counter_text(FakeJourney(1200, 5000, "asks")) == "1,200 / 5,000 asks"  # type: ignore[arg-type]


def test_longer_text_makes_a_wider_badge() -> None:
    assert text_width("1,000 / 1,000 rejections") > text_width("9 / 10 asks") > 0
