"""Related asks: for each entry, the others that share the most tags. Pure, once per build."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .model import Entry


def related(entries: Sequence[Entry], limit: int = 3) -> dict[str, tuple[Entry, ...]]:
    """Entry path -> up to `limit` other entries with shared tags: most shared tags first,
    then the nearest in time (by ask number), so the choice is stable between builds."""
    by_tag: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for tag in entry.tags:
            by_tag.setdefault(tag.slug, []).append(i)
    result: dict[str, tuple[Entry, ...]] = {}
    for i, entry in enumerate(entries):
        shared: Counter[int] = Counter()
        for tag in entry.tags:
            shared.update(by_tag[tag.slug])
        del shared[i]
        best = sorted(shared, key=lambda j: (-shared[j], abs(j - i), -j))[:limit]
        result[entry.path] = tuple(entries[j] for j in best)
    return result
