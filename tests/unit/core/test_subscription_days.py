"""Days left and reminder thresholds as users count them (issue #10 item 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from src.core.ids import ShopUserId, SubscriptionId
from src.core.shop.subscription import Subscription

START = datetime(2026, 1, 1, tzinfo=UTC)


def sub(days: float) -> Subscription:
    """A subscription whose expiry was set at START, `days` after it."""
    return Subscription(
        SubscriptionId(1),
        ShopUserId(1),
        None,
        START + timedelta(days=days),
        0,
        0,
        is_trial=False,
        provisioned=True,
        created_at=START,
        updated_at=START,
    )


@pytest.mark.parametrize(
    ("after", "left"),
    [
        (timedelta(0), 30),
        (timedelta(seconds=1), 30),  # a fresh 30-day plan is not 29 days
        (timedelta(days=1), 29),
        (timedelta(days=29, hours=23), 1),  # the last hour still counts as a day
        (timedelta(days=30), 0),
        (timedelta(days=31), 0),
    ],
)
def test_days_left_counts_a_started_day(after: timedelta, left: int) -> None:
    assert sub(30).days_left(START + after) == left


@pytest.mark.parametrize(
    ("days", "after", "due"),
    [
        (3, timedelta(minutes=5), None),  # a 3-day trial never crossed 3 days
        (3, timedelta(days=2), 1),
        (30, timedelta(days=26, hours=23), None),
        (30, timedelta(days=27, hours=1), 3),
        (30, timedelta(days=29, hours=1), 1),  # both crossed (a job that was down): 1
        (0.5, timedelta(minutes=1), None),
    ],
)
def test_a_reminder_is_due_once_its_threshold_was_crossed(
    days: float, after: timedelta, due: int | None
) -> None:
    assert sub(days).reminder_due(START + after, [3, 1]) == due
