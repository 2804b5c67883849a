"""The console's read-only screens (docs/tenant-console.md): Statistics (GetStatistics:
one query per figure) and Wallet (the tenant's balance, billing model, recent charges;
the same use cases as the API's wallet routes). Nothing here changes anything."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery

from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import Html, escape, t
from src.interfaces.bot.i18n import show as formatted
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views.receipts import money
from src.interfaces.bot.views.tenant_console import ConsoleCb, back, kb, ledger_line, show

CHARGES_SHOWN = 5


def build_router() -> Router:
    router = Router(name="console-reports")

    @router.callback_query(ConsoleCb.filter(F.action == "st"))
    async def statistics(
        query: CallbackQuery, tenant: Tenant, tenant_console: TenantConsoleServices
    ) -> None:
        lang, currency = tenant.default_language, tenant_console.currency
        s = await tenant_console.statistics(tenant.id)
        top_ups = Html(  # rendered pieces: each amount as the reader's language writes it
            ", ".join(
                f"{escape(method)}: {formatted(lang, money(amount, currency))}"
                for method, amount in sorted(s.top_ups_30d.items())
            )
        )
        text = t(
            lang,
            "tconsole.st_text",
            u1=s.new_users.today,
            u7=s.new_users.week,
            u30=s.new_users.month,
            active=s.active_subscriptions,
            p1=s.purchases.today,
            p7=s.purchases.week,
            p30=s.purchases.month,
            r1=money(s.revenue.today, currency),
            r7=money(s.revenue.week, currency),
            r30=money(s.revenue.month, currency),
            top_ups=top_ups or "—",
            trials=s.trial_users,
            converted=s.trial_converted,
            percent=s.conversion_percent,
        )
        await show(query, text, kb(back(lang)))

    @router.callback_query(ConsoleCb.filter(F.action == "wl"))
    async def wallet(
        query: CallbackQuery, tenant: Tenant, tenant_console: TenantConsoleServices
    ) -> None:
        lang, currency = tenant.default_language, tenant_console.currency
        view = await tenant_console.wallet(tenant.id)
        charges = await tenant_console.wallet_ledger(tenant.id, limit=CHARGES_SHOWN)
        lines = [
            t(
                lang,
                "tconsole.wl_text",
                balance=money(view.wallet.balance, currency),
                model=view.settings.model.value,
            )
        ]
        lines += [
            ledger_line(lang, e.created_at, e.amount, currency, e.reference) for e in charges.items
        ] or [t(lang, "tconsole.wl_none")]
        await show(query, "\n".join(lines), kb(back(lang)))

    return router
