"""Wilson intervals and their difference against published values.

Reference values: the worked examples of Newcombe (1998), Statistics in Medicine 17:857-872
(Wilson score, method 3) and 17:873-890 (method 10); all agree with statsmodels 0.15
`proportion_confint(method="wilson")` to 6 decimals.
"""

from __future__ import annotations

import pytest

from generator.core.proportions import difference, wilson


@pytest.mark.parametrize(
    ("yeses", "decided", "low", "high"),
    [
        (1, 9, 0.0199, 0.4350),
        (0, 10, 0.0, 0.2775),
        (5, 10, 0.2366, 0.7634),
        (81, 263, 0.2553, 0.3662),  # Newcombe 1998
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_published_values(
    yeses: int, decided: int, low: float, high: float
) -> None:
    interval = wilson(yeses, decided)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_wilson_stays_inside_zero_and_one_and_knows_nothing_of_no_asks() -> None:
    assert wilson(10, 10).high == 1.0 and wilson(0, 3).low == 0.0
    assert (wilson(0, 0).low, wilson(0, 0).high) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("counts", "low", "high"),
    [
        ((56, 70, 48, 80), 0.0524, 0.3339),  # Newcombe 1998, method 10
        ((9, 10, 3, 10), 0.1705, 0.8090),
        ((6, 7, 2, 7), 0.0582, 0.8062),
        ((5, 56, 0, 29), -0.0381, 0.1926),
    ],
)
def test_difference_of_two_rates_matches_newcombe(
    counts: tuple[int, int, int, int], low: float, high: float
) -> None:
    interval = difference(*counts)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)
