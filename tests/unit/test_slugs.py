from __future__ import annotations

import pytest

from generator.core import slugs


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Café Talks", "cafe-talks"),
        ("Food", "food"),
        ("  Dating & Love  ", "dating-love"),
        ("日本語", "日本語"),
        ("Привет мир", "привет-мир"),
        ("naïve résumé", "naive-resume"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugs.slugify(text) == slug


def test_unique_adds_a_counter() -> None:
    taken: set[str] = set()
    assert [slugs.unique("a", taken) for _ in range(3)] == ["a", "a-2", "a-3"]


def test_file_slug_drops_the_date_prefix() -> None:
    assert slugs.file_slug("2026-03-14-cockpit-photo") == ("cockpit-photo", "2026-03-14")
    assert slugs.file_slug("cockpit") == ("cockpit", None)
    assert slugs.strip_order("01-getting-started") == "getting-started"
