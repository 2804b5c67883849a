"""Low-balance warning, suspension and resumption thresholds (PRODUCT 6)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from src.core.billing import crossed_below, should_resume, should_suspend

DET = hsettings(derandomize=True, deadline=None, max_examples=200)

balances = st.integers(min_value=-(10**6), max_value=10**6)


@pytest.mark.parametrize(
    ("before", "after", "crossed"),
    [
        (150, 50, True),  # from above to below
        (100, 99, True),  # from exactly at the threshold to below
        (100, 100, False),  # at the threshold is not below
        (150, 100, False),
        (99, 50, False),  # already below: no second warning
        (50, 150, False),  # a top-up
        (99, 100, False),
    ],
)
def test_crossed_below_truth_table(before: int, after: int, crossed: bool) -> None:
    assert crossed_below(before, after, 100) is crossed


@DET
@given(st.lists(balances, min_size=1, max_size=60), balances)
def test_one_warning_per_crossing(walk: list[int], threshold: int) -> None:
    """Warnings == the number of times the balance entered the region below."""
    warnings = [i for i, (a, b) in enumerate(pairwise(walk)) if crossed_below(a, b, threshold)]
    entries, below = [], walk[0] < threshold
    for i, balance in enumerate(walk[1:]):
        if balance < threshold and not below:
            entries.append(i)
        below = balance < threshold
    assert warnings == entries


def test_going_further_down_warns_once() -> None:
    walk = [500, 90, 50, 10, -40]
    assert [crossed_below(a, b, 100) for a, b in pairwise(walk)] == [
        True,
        False,
        False,
        False,
    ]


@pytest.mark.parametrize("threshold", [0, -5_000, 1_000])
def test_suspend_and_resume_meet_at_the_threshold(threshold: int) -> None:
    assert not should_suspend(threshold, threshold)
    assert should_resume(threshold, threshold)
    assert should_suspend(threshold - 1, threshold)
    assert not should_resume(threshold - 1, threshold)


@DET
@given(balances, balances)
def test_resume_is_the_complement_of_suspend(balance: int, threshold: int) -> None:
    assert should_resume(balance, threshold) is not should_suspend(balance, threshold)
    assert should_suspend(balance, threshold) is (balance < threshold)
