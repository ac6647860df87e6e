"""Small-sample statistics for yes rates: Wilson score intervals and their difference. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def below(self, value: float) -> bool:
        return self.high < value

    def above(self, value: float) -> bool:
        return self.low > value


def wilson(yeses: int, decided: int, z: float = Z95) -> Interval:
    """The Wilson score interval for yeses / decided (Wilson 1927; Newcombe 1998, method 3).

    Unlike the textbook p ± z·SE it stays inside 0..1 and is honest at 0 of 10.
    """
    if decided <= 0:
        return Interval(0.0, 1.0)
    p = yeses / decided
    z2 = z * z
    centre = (p + z2 / (2 * decided)) / (1 + z2 / decided)
    half = z * math.sqrt(p * (1 - p) / decided + z2 / (4 * decided * decided)) / (1 + z2 / decided)
    # At 0 or n yeses the bound is exactly 0 or 1; rounding must not leave 1e-17.
    low = 0.0 if yeses == 0 else max(0.0, centre - half)
    high = 1.0 if yeses == decided else min(1.0, centre + half)
    return Interval(low, high)


def difference(yes1: int, n1: int, yes2: int, n2: int, z: float = Z95) -> Interval:
    """Interval for rate 1 minus rate 2 from the two Wilson intervals (Newcombe 1998, method 10)."""
    p1, p2 = yes1 / n1, yes2 / n2
    a, b = wilson(yes1, n1, z), wilson(yes2, n2, z)
    d = p1 - p2
    return Interval(
        d - math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
        d + math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
    )
