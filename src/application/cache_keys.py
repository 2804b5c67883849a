"""Every cache key in one place, each carrying the tenant (or a digest) it belongs to."""

from __future__ import annotations

from src.core.ids import TenantId


def tenant(tenant_id: TenantId) -> str:
    return f"tenant:{tenant_id}"


def features(tenant_id: TenantId) -> str:
    return f"features:{tenant_id}"


def config(tenant_id: TenantId) -> str:
    return f"config:{tenant_id}"


def texts(tenant_id: TenantId) -> str:
    """The tenant's own wordings of the bot's texts (docs/i18n.md)."""
    return f"texts:{tenant_id}"


def plans(tenant_id: TenantId) -> str:
    return f"plans:{tenant_id}"


def user_language(tenant_id: TenantId, telegram_id: int) -> str:
    return f"lang:{tenant_id}:{telegram_id}"


def blocked_users(tenant_id: TenantId) -> str:
    return f"blocked:{tenant_id}"


def wallet_settings(tenant_id: TenantId) -> str:
    return f"wallet:{tenant_id}"


def api_token(token_hash: str) -> str:
    return f"apitoken:{token_hash}"


def master_admins() -> str:
    """Platform-wide: the master admins stored from the console."""
    return "master-admins"


def all_of(tenant_id: TenantId) -> tuple[str, ...]:
    return (
        tenant(tenant_id),
        features(tenant_id),
        config(tenant_id),
        texts(tenant_id),
        plans(tenant_id),
        wallet_settings(tenant_id),
        blocked_users(tenant_id),
    )
