"""The field mapping of a Bedolaga user (docs/import.md), without a database.

Cases considered: which of several subscriptions Fleet keeps (live before ended,
the latest end, drafts never), an expired/disabled one ending later, traffic 0 =
unlimited, the trial counted as used, a negative balance, a language Fleet does not
speak, names joined and cut to 128, referral codes Fleet cannot store, and the
report's mismatch rule.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from src.application.importing.bedolaga_mapping import choose_subscription, map_user
from src.application.importing.import_bedolaga import EntityLine, ImportReport
from src.application.ports.importing import SourceSubscription, SourceUser
from src.core.billing.settings import GIB

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def sub(id: int, status: str, days: int, **kw: object) -> SourceSubscription:
    base = SourceSubscription(
        id=id,
        status=status,
        is_trial=False,
        end_date=NOW + timedelta(days=days),
        traffic_limit_gb=50,
        device_limit=2,
        autopay_enabled=False,
        subscription_url="https://sub/x",
        remnawave_id=900 + id,
        remnawave_uuid=None,
        created_at=NOW - timedelta(days=100 - id),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def user(*subs: SourceSubscription, **kw: object) -> SourceUser:
    base = SourceUser(
        id=1,
        telegram_id=42,
        username="anna",
        first_name="Анна",
        last_name=None,
        status="active",
        language="ru",
        balance_kopeks=12_345,
        referral_code="abc123",
        has_had_paid_subscription=False,
        created_at=NOW - timedelta(days=300),
        subscriptions=subs,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_the_live_subscription_ending_last_is_kept_drafts_never() -> None:
    choice = choose_subscription(
        [sub(1, "expired", 400), sub(2, "active", 5), sub(3, "trial", 9), sub(4, "pending", 50)]
    )
    assert choice.chosen is not None and choice.chosen.id == 3
    assert (choice.drafts, choice.others) == (1, 2)
    ended = choose_subscription([sub(1, "expired", -30), sub(2, "disabled", -3)])
    assert ended.chosen is not None and ended.chosen.id == 2
    assert choose_subscription([sub(1, "pending", 3)]).chosen is None


def test_fields_map_to_fleet_units() -> None:
    m = map_user(user(sub(1, "active", 10, traffic_limit_gb=0)), 42, "en", NOW)
    s = m.user.subscription
    assert s is not None and s.traffic_limit_bytes == 0 and s.panel_user_id == 901
    assert s.expires_at == NOW + timedelta(days=10)
    assert m.user.balance == 12_345 and m.user.balance_key == "import:bedolaga:opening:42"
    assert m.user.trial_used_at == NOW - timedelta(days=99)  # its first subscription
    assert m.user.referral_code == "abc123" and m.user.language == "ru"
    limited = map_user(user(sub(1, "active", 10)), 42, "en", NOW).user.subscription
    assert limited is not None and limited.traffic_limit_bytes == 50 * GIB


def test_edges_fleet_cannot_hold_are_reported_not_guessed() -> None:
    m = map_user(
        user(
            sub(1, "disabled", 20),
            balance_kopeks=-500,
            language="uk",
            last_name="Ш" * 200,
            referral_code="Has-Upper",
        ),
        42,
        "en",
        NOW,
    )
    assert m.user.balance == 0 and m.negative_balance == -500
    assert m.language_replaced and m.user.language == "en"
    assert m.user.first_name is not None and len(m.user.first_name) == 128
    assert m.user.referral_code == ""  # a fresh one is made on insert
    assert m.expiry_clipped and m.user.subscription is not None
    assert m.user.subscription.expires_at == NOW
    fresh = map_user(user(), 42, "en", NOW)
    assert fresh.user.trial_used_at is None and fresh.user.subscription is None
    paid = map_user(user(has_had_paid_subscription=True), 42, "en", NOW)
    assert paid.user.trial_used_at == NOW - timedelta(days=300)


def test_a_report_with_different_sums_is_a_mismatch() -> None:
    report = ImportReport(1, False, "x1", {"users": EntityLine("users", 1)})
    report.balance_source_total, report.balance_fleet = 100, 100
    assert report.mismatches == []
    report.balance_not_importable["negative balances"] = -5
    report.active_source = 2
    assert len(report.mismatches) == 2
