from __future__ import annotations

from datetime import UTC, datetime

import pytest

from src.core.errors import InvalidTenantTransition, MasterTenantProtected, ValidationError
from src.core.ids import TenantId
from src.core.tenancy.tenant import (
    Tenant,
    TenantStatus,
    check_admin_ids,
    check_language,
    check_name,
    check_support_username,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
LATER = datetime(2026, 1, 2, tzinfo=UTC)


def tenant(status: TenantStatus = TenantStatus.ACTIVE, *, master: bool = False) -> Tenant:
    return Tenant(
        id=TenantId(1),
        name="Shop",
        telegram_bot_id=42,
        username="shop_bot",
        is_master=master,
        status=status,
        default_language="en",
        created_at=NOW,
        updated_at=NOW,
        admin_ids=(7,),
    )


@pytest.mark.parametrize("status", list(TenantStatus))
def test_activate_from_any_status(status: TenantStatus) -> None:
    result = tenant(status).activate(LATER)
    assert result.status is TenantStatus.ACTIVE
    assert result.updated_at == (NOW if status is TenantStatus.ACTIVE else LATER)


def test_deactivate_disables_and_is_idempotent() -> None:
    disabled = tenant().deactivate(LATER)
    assert disabled.status is TenantStatus.DISABLED
    assert disabled.deactivate(LATER) is disabled
    assert not disabled.serves_updates


def test_master_can_never_be_deactivated_suspended_or_deleted() -> None:
    master = tenant(master=True)
    with pytest.raises(MasterTenantProtected):
        master.deactivate(LATER)
    with pytest.raises(MasterTenantProtected):
        master.suspend(LATER)
    with pytest.raises(MasterTenantProtected):
        master.ensure_deletable()
    tenant().ensure_deletable()  # an ordinary tenant may be deleted


def test_suspend_only_from_active_and_resume_only_from_suspended() -> None:
    suspended = tenant().suspend(LATER)
    assert suspended.status is TenantStatus.SUSPENDED
    assert suspended.serves_updates and not suspended.sells
    assert suspended.resume(LATER).status is TenantStatus.ACTIVE
    with pytest.raises(InvalidTenantTransition):
        tenant(TenantStatus.DISABLED).suspend(LATER)
    # billing never lifts an admin's decision
    assert tenant(TenantStatus.DISABLED).resume(LATER).status is TenantStatus.DISABLED


def test_failed_tenant_does_not_serve_until_activated() -> None:
    failed = tenant().mark_failed(LATER)
    assert failed.status is TenantStatus.FAILED and not failed.serves_updates
    assert failed.activate(LATER).serves_updates


def test_admin_check() -> None:
    assert tenant().is_admin(7)
    assert not tenant().is_admin(8)


@pytest.mark.parametrize(
    ("check", "value", "field"),
    [
        (check_name, "  ", "name"),
        (check_name, "x" * 101, "name"),
        (check_language, "de", "default_language"),
        (check_support_username, "a b", "support_username"),
        (check_admin_ids, [0], "admin_ids"),
    ],
)
def test_field_checks_name_the_field(check: object, value: object, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        check(value)  # type: ignore[operator]
    assert err.value.field == field


def test_field_checks_normalize() -> None:
    assert check_name("  Shop ") == "Shop"
    assert check_support_username("@help_desk") == "help_desk"
    assert check_support_username("") is None
    assert check_admin_ids([3, 3, 5]) == (3, 5)
