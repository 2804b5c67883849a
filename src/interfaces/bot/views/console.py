"""How the master console looks (docs/master-console.md): texts from the locale files,
inline keyboards of `ConsoleCb` buttons, lists of 10 with back buttons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from src.application.audit.audit_trail import AuditPage
from src.application.billing.wallet_view import LedgerPage, WalletView
from src.application.tenancy.get_tenant import TenantPage
from src.application.tenancy.statistics import WINDOWS, PlatformFigures, TenantFigures
from src.core.billing.settings import GIB, BillingModel
from src.core.ids import TenantId
from src.core.tenancy.features import FEATURES, FeatureState
from src.core.tenancy.tenant import LANGUAGES, Tenant, TenantStatus
from src.interfaces.bot.console_callbacks import ConsoleCb
from src.interfaces.bot.i18n import Html, Moment, escape, show, t
from src.interfaces.bot.views.shop import LANGUAGE_NAMES, date, money

PAGE = 10
AUDIT_CHANGE_SHOWN = 300  # characters of an audit row's before → after on the log's page
# the wallet settings the console edits by a typed amount (minor units)
BILLING_FIELDS = ("rate_per_gb", "credit_limit", "low_balance_threshold", "suspend_threshold")
Screen = tuple[str, InlineKeyboardMarkup]
# the status changes offered on a card, by the tenant's status
STATUS_ACTIONS: Mapping[TenantStatus, tuple[str, ...]] = {
    TenantStatus.ACTIVE: ("suspend", "deactivate"),
    TenantStatus.SUSPENDED: ("resume", "deactivate"),
    TenantStatus.DISABLED: ("activate",),
    TenantStatus.FAILED: ("activate", "deactivate"),
}


def _kb(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


def _b(text: str, action: str, **data: int | str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ConsoleCb(action=action, **data).pack())  # type: ignore[arg-type]


def _back(lang: str, action: str = "home", **data: int | str) -> list[InlineKeyboardButton]:
    return [_b(t(lang, "console.back"), action, **data)]


def cancel(lang: str) -> InlineKeyboardMarkup:
    return _kb([[_b(t(lang, "console.cancel"), "cancel")]])


def status_name(lang: str, status: TenantStatus) -> str:
    return t(lang, f"console.status_{status.value}")


def home(lang: str) -> Screen:
    return t(lang, "console.home"), _kb(
        [
            [_b(t(lang, "console.tenants"), "list")],
            [_b(t(lang, "console.new_tenant"), "new")],
            [_b(t(lang, "console.stats"), "stats"), _b(t(lang, "console.audit"), "audit")],
            [_b(t(lang, "console.admins"), "admins")],
            [_b(t(lang, "console.broadcast"), "bcast")],
        ]
    )


def tenant_list(
    lang: str,
    page: TenantPage,
    balances: Mapping[TenantId, int],
    currency: str,
    *,
    number: int,
    status: str,
) -> Screen:
    lines = [t(lang, "console.list_title", total=page.total)]
    rows: list[list[InlineKeyboardButton]] = []
    for tenant in page.items:
        balance = money(balances.get(tenant.id, 0), currency)
        label = (
            f"#{tenant.id} {escape(tenant.name)} · {status_name(lang, tenant.status)}"
            f" · {show(lang, balance)}"
        )
        rows.append([_b(label, "card", tenant_id=tenant.id)])
    if not page.items:
        lines.append(t(lang, "console.list_empty"))
    lines.append(t(lang, "console.search_hint"))
    filters = [
        _b(("• " if status == s else "") + t(lang, f"console.filter_{s or 'all'}"), "list", arg=s)
        for s in ("", *(v.value for v in TenantStatus))
    ]
    rows += [filters[:3], filters[3:]]
    rows.append(_pager(lang, "list", number, page.total, arg=status))
    rows.append(_back(lang))
    return "\n".join(lines), _kb(rows)


def _pager(
    lang: str, action: str, number: int, total: int, **data: int | str
) -> list[InlineKeyboardButton]:
    buttons = []
    if number > 0:
        buttons.append(_b(t(lang, "console.prev"), action, page=number - 1, **data))
    if (number + 1) * PAGE < total:
        buttons.append(_b(t(lang, "console.next"), action, page=number + 1, **data))
    return buttons


def card(
    lang: str, tenant: Tenant, figures: TenantFigures, wallet: WalletView, currency: str
) -> Screen:
    text = t(
        lang,
        "console.card",
        id=tenant.id,
        name=tenant.name,
        status=status_name(lang, tenant.status),
        username=tenant.username,
        created=date(tenant.created_at),
        users=figures.users,
        subscriptions=figures.active_subscriptions,
        revenue=money(figures.sales_30d.revenue, currency),
        balance=money(wallet.wallet.balance, currency),
    )
    tid = tenant.id
    status_row = [
        _b(t(lang, f"console.do_{a}"), "ask", tenant_id=tid, arg=a)
        for a in STATUS_ACTIONS[tenant.status]
        if not (tenant.is_master and a in ("suspend", "deactivate"))
    ]
    rows = [
        status_row,
        [_b(t(lang, "console.features"), "feats", tenant_id=tid)],
        [_b(t(lang, "console.wallet"), "wallet", tenant_id=tid)],
        [_b(t(lang, "console.tenant_admins"), "tadm", tenant_id=tid)],
        [_b(t(lang, "console.do_rotate"), "ask", tenant_id=tid, arg="rotate")],
        [] if tenant.is_master else [_b(t(lang, "console.delete"), "del", tenant_id=tid)],
        _back(lang, "list"),
    ]
    return text, _kb(rows)


def confirm(lang: str, tenant: Tenant, action: str) -> Screen:
    text = t(lang, f"console.confirm_{action}", name=tenant.name, id=tenant.id)
    return text, _kb(
        [
            [_b(t(lang, "console.yes"), "do", tenant_id=tenant.id, arg=action)],
            _back(lang, "card", tenant_id=tenant.id),
        ]
    )


def features(lang: str, tenant: Tenant, states: Mapping[str, FeatureState]) -> Screen:
    rows = []
    for key, spec in FEATURES.items():
        on = states[key].enabled
        mark = "✅" if on else ("⛔" if not spec.implemented else "▫️")
        rows.append(
            [_b(f"{mark} {key}", "feat", tenant_id=tenant.id, arg=f"{key}={0 if on else 1}")]
        )
    rows.append(_back(lang, "card", tenant_id=tenant.id))
    return t(lang, "console.features_title", name=tenant.name), _kb(rows)


def wallet(lang: str, view: WalletView, ledger: LedgerPage, currency: str) -> Screen:
    s = view.settings
    lines = [
        t(
            lang,
            "console.wallet_title",
            name=view.tenant.name,
            balance=money(view.wallet.balance, currency),
            model=s.model.value,
            rate=money(s.rate_per_gb, currency),
            credit=money(s.credit_limit, currency),
            low=money(s.low_balance_threshold, currency),
            suspend=money(s.suspend_threshold, currency),
        )
    ]
    for e in ledger.items:
        amount = money(e.amount, currency)
        lines.append(
            f"{show(lang, date(e.created_at))} {e.kind.value} {show(lang, amount)}"
            f" → {show(lang, money(e.balance_after, currency))}"
        )
    tid = view.tenant.id
    models = [
        _b(("• " if m is s.model else "") + m.value, "bset", tenant_id=tid, arg=f"model={m.value}")
        for m in BillingModel
    ]
    fields = [
        [_b(t(lang, f"console.set_{f}"), "bask", tenant_id=tid, arg=f)] for f in BILLING_FIELDS
    ]
    return "\n".join(lines), _kb(
        [
            [_b(t(lang, "console.top_up"), "topup", tenant_id=tid)],
            models,
            *fields,
            _back(lang, "card", tenant_id=tid),
        ]
    )


def top_up_confirm(
    lang: str, tenant: Tenant, amount: int, note: str, nonce: str, currency: str
) -> Screen:
    text = t(
        lang,
        "console.top_up_confirm",
        name=tenant.name,
        amount=money(amount, currency),
        note=note or "—",
    )
    return text, _kb(
        [
            [_b(t(lang, "console.yes"), "topok", tenant_id=tenant.id, amount=amount, arg=nonce)],
            _back(lang, "wallet", tenant_id=tenant.id),
        ]
    )


def languages(lang: str) -> InlineKeyboardMarkup:
    return _kb(
        [
            [_b(LANGUAGE_NAMES[code], "lang", arg=code) for code in LANGUAGES],
            [_b(t(lang, "console.cancel"), "cancel")],
        ]
    )


def skip_or_cancel(lang: str, label: str) -> InlineKeyboardMarkup:
    return _kb([[_b(label, "skip")], [_b(t(lang, "console.cancel"), "cancel")]])


def statistics(lang: str, f: PlatformFigures, currency: str) -> Screen:
    by_status = Html(
        ", ".join(
            f"{status_name(lang, s)}: {show(lang, f.tenants_by_status.get(s.value, 0))}"
            for s in TenantStatus
        )
    )
    sales = Html(
        "\n".join(
            t(
                lang,
                f"console.stats_{w}",
                count=f.sales[w].count,
                revenue=money(f.sales[w].revenue, currency),
            )
            for w in WINDOWS
        )
    )
    text = t(
        lang,
        "console.stats_text",
        tenants=by_status,
        users=f.users,
        subscriptions=f.active_subscriptions,
        sales=sales,
        traffic=f"{f.traffic_billed_30d / GIB:.2f}",
        low=f.low_balance_wallets,
    )
    return text, _kb([_back(lang)])


def audit(lang: str, page: AuditPage, number: int) -> Screen:
    lines = [t(lang, "console.audit_title", total=page.total)]
    for e in page.items:
        change = f"{e.before or '—'} → {e.after or '—'}"
        if len(change) > AUDIT_CHANGE_SHOWN:  # a long text setting: the page stays readable
            change = change[: AUDIT_CHANGE_SHOWN - 1] + "…"
        change = escape(change)
        when = show(lang, Moment(e.created_at))
        lines.append(f"{when} {escape(e.actor)} {escape(e.action)} {escape(e.target)}: {change}")
    return "\n".join(lines), _kb([_pager(lang, "audit", number, page.total), _back(lang)])


def admins(lang: str, configured: Sequence[int], stored: Sequence[int]) -> Screen:
    """The settings' admins (read only) and the stored ones, each with a remove button."""
    text = t(
        lang,
        "console.admins_text",
        configured=", ".join(map(str, configured)) or "—",
        stored=", ".join(map(str, stored)) or "—",
    )
    rows = [[_b(f"✖ {i}", "adm_rm", arg=str(i))] for i in stored]
    rows += [[_b(t(lang, "console.admin_add"), "adm_add")], _back(lang)]
    return text, _kb(rows)


def tenant_admins(lang: str, tenant: Tenant) -> Screen:
    """A tenant's admin ids (its card), each with a remove button (docs/tenant-console.md)."""
    ids = ", ".join(map(str, tenant.admin_ids)) or "—"
    text = t(lang, "console.tenant_admins_text", name=tenant.name, ids=ids)
    tid = tenant.id
    rows = [[_b(f"✖ {i}", "tadm_rm", tenant_id=tid, arg=str(i))] for i in tenant.admin_ids]
    rows += [[_b(t(lang, "console.admin_add"), "tadm_add", tenant_id=tid)]]
    rows += [_back(lang, "card", tenant_id=tid)]
    return text, _kb(rows)


def broadcast_audiences(lang: str) -> Screen:
    """Whose admins a broadcast reaches: every tenant's, or those of one status."""
    rows = [[_b(t(lang, "console.bc_all"), "bc_to", arg="all")]]
    rows += [[_b(status_name(lang, s), "bc_to", arg=s.value)] for s in TenantStatus]
    return t(lang, "console.bc_title"), _kb([*rows, _back(lang)])


def broadcast_preview(lang: str, status: str, count: int) -> Screen:
    who = t(lang, "console.bc_all") if status == "all" else status_name(lang, TenantStatus(status))
    if count == 0:
        return t(lang, "console.bc_nobody", audience=who), cancel(lang)
    send = [_b(t(lang, "console.bc_send"), "bc_go"), _b(t(lang, "console.cancel"), "cancel")]
    return t(lang, "console.bc_preview", count=count, audience=who), _kb([send])
