"""Related asks: for each entry, the others that share the most tags. Pure, once per build."""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import combinations

from .model import Entry

# Above this many tags an entry's tag subsets are too many to walk: count every candidate.
MAX_SUBSET_TAGS = 6


def related(entries: Sequence[Entry], limit: int = 3) -> dict[str, tuple[Entry, ...]]:
    """Entry path -> up to `limit` other entries with shared tags: most shared tags first,
    then the nearest in time (by ask number), so the choice is stable between builds."""
    tags = tuple(frozenset(t.slug for t in entry.tags) for entry in entries)
    chosen = _related_indices(tags, limit)
    return {
        entry.path: tuple(entries[j] for j in best)
        for entry, best in zip(entries, chosen, strict=True)
    }


# The last answer is kept: `serve` asks again after every save, mostly of a story, and
# the tags of 1,000 entries are compared in far less time than related asks are found.
@functools.lru_cache(maxsize=1)
def _related_indices(tags: tuple[frozenset[str], ...], limit: int) -> tuple[tuple[int, ...], ...]:
    by_tag: dict[str, list[int]] = {}
    for i, own in enumerate(tags):
        for slug in own:
            by_tag.setdefault(slug, []).append(i)
    with_all: dict[frozenset[str], list[int]] = {}

    def holders(subset: frozenset[str]) -> list[int]:
        """Ask numbers (ascending) of the entries that carry every tag of `subset`."""
        if subset not in with_all:
            lists = [by_tag[s] for s in subset]
            with_all[subset] = sorted(set(lists[0]).intersection(*lists[1:]))
        return with_all[subset]

    result: list[tuple[int, ...]] = []
    for i, own in enumerate(tags):
        if len(own) > MAX_SUBSET_TAGS:
            best = _by_counting(i, own, tags, by_tag, limit)
        else:
            best = _by_levels(i, own, tags, holders, limit)
        result.append(tuple(best))
    return tuple(result)


def _rank(i: int, j: int) -> tuple[int, int]:
    return (abs(j - i), -j)


def _by_levels(
    i: int,
    own: frozenset[str],
    tags: Sequence[frozenset[str]],
    holders: Callable[[frozenset[str]], list[int]],
    limit: int,
) -> list[int]:
    """Level by level from all tags shared down to one: at each level only the nearest
    holders of each tag subset can make the cut, so no entry is compared with all others."""
    chosen: list[int] = []
    for level in range(len(own), 0, -1):
        need = limit - len(chosen)
        if need <= 0:
            break
        # An entry ahead of a winner in its subset's list is i, a winner of a higher
        # level, or a winner of this one: need + len(chosen) + 1 candidates suffice.
        take = need + len(chosen) + 1
        found: set[int] = set()
        for subset in combinations(sorted(own), level):
            found.update(_nearest(holders(frozenset(subset)), i, take))
        at_level = [j for j in found if j != i and len(own & tags[j]) == level]
        chosen += sorted(at_level, key=lambda j: _rank(i, j))[:need]
    return chosen


def _nearest(ordered: list[int], i: int, count: int) -> list[int]:
    """The first `count` items of an ascending list in order of distance from i, later first."""
    right = bisect_left(ordered, i)
    left = right - 1
    out: list[int] = []
    while len(out) < count and (left >= 0 or right < len(ordered)):
        take_right = left < 0 or (
            right < len(ordered) and _rank(i, ordered[right]) <= _rank(i, ordered[left])
        )
        if take_right:
            out.append(ordered[right])
            right += 1
        else:
            out.append(ordered[left])
            left -= 1
    return out


def _by_counting(
    i: int,
    own: frozenset[str],
    tags: Sequence[frozenset[str]],
    by_tag: dict[str, list[int]],
    limit: int,
) -> list[int]:
    candidates = {j for slug in own for j in by_tag[slug]} - {i}
    return sorted(candidates, key=lambda j: (-len(own & tags[j]), *_rank(i, j)))[:limit]
