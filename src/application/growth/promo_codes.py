"""Promo codes (docs/growth.md, "Promo codes"): the tenant manages them, users redeem them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from src.application.audit.audit_trail import Change, audit_change
from src.application.patch import KEEP, Keep, given
from src.application.ports.clock import Clock
from src.application.ports.customers import SubscriptionTerms
from src.application.ports.promo_codes import PromoCodeRepository
from src.application.ports.uow import TenantUnitOfWork, UnitOfWorkFactory
from src.application.shop.errors import FeatureDisabled, UserNotRegistered
from src.application.shop.provision import LEASE, ProvisionSubscription, provision_job
from src.application.tenancy.config import GetConfig
from src.application.tenancy.features import GetFeatures
from src.application.tenancy.lookups import require_own_tenant
from src.core.growth.promo import (
    PromoCode,
    PromoCodeNotFound,
    PromoKind,
    PromoRefused,
    PromoTerms,
    TooManyPromoAttempts,
    normalize_code,
)
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import LedgerKind, Posting
from src.core.shop.subscription import Subscription
from src.core.tenancy.tenant import Tenant

FLAG = "promo_codes"
WRONG_CODES_PER_HOUR = 5


async def require_promo(promos: PromoCodeRepository, promo_id: int) -> PromoCode:
    promo = await promos.get(promo_id)
    if promo is None:
        raise PromoCodeNotFound(f"promo code {promo_id} not found")
    return promo


def _target(promo: PromoCode) -> str:
    return f"promo:{promo.id}"


def summary(promo: PromoCode) -> str:
    """An audit row's before/after: the terms and the uses so far."""
    t = promo.terms
    until = t.valid_until.date().isoformat() if t.valid_until else "-"
    uses = f"{promo.uses}/{t.max_uses if t.max_uses is not None else '-'}"
    state = "active" if t.active else "inactive"
    return f"{t.code} {t.kind.value} {t.value}, uses {uses}, until {until}, {state}"


@dataclass(frozen=True, slots=True)
class PromoPage:
    items: Sequence[PromoCode]
    total: int


class ListPromoCodes:
    """A tenant's codes ordered by id, a page at a time. Another tenant: not found."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId, *, limit: int, offset: int) -> PromoPage:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            items, total = await uow.promo_codes.list(limit=limit, offset=offset)
        return PromoPage(items, total)


class GetPromoCode:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId, promo_id: int) -> PromoCode:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            return await require_promo(uow.promo_codes, promo_id)


class CreatePromoCode:
    """Rules: the code is stored upper-case (entering it is case-insensitive) and is
    unique per tenant (409 otherwise); the terms are validated as a whole."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(
        self, tenant_id: TenantId, terms: PromoTerms, *, actor: str | None = None
    ) -> PromoCode:
        checked = terms.checked()
        now = self._clock.now()
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            promo = await uow.promo_codes.add(checked, now)
            change = Change(tenant_id, "promo.create", _target(promo), None, summary(promo))
            await audit_change(uow.audit, actor, change, now)
            await uow.commit()
        return promo


@dataclass(frozen=True, slots=True)
class UpdatePromoCodeInput:
    tenant_id: TenantId
    promo_id: int
    code: str | Keep = KEEP
    kind: PromoKind | Keep = KEEP
    value: int | Keep = KEEP
    max_uses: int | Keep | None = KEEP
    valid_from: datetime | Keep | None = KEEP
    valid_until: datetime | Keep | None = KEEP
    active: bool | Keep = KEEP
    actor: str | None = None  # named: the change is audited (the tenant console)


class UpdatePromoCode:
    """PATCH: only the fields sent change, the result is validated as a whole;
    `max_uses` may not fall below the uses so far."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, data: UpdatePromoCodeInput) -> PromoCode:
        changes = given(data, skip=("tenant_id", "promo_id", "actor"))
        now = self._clock.now()
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            promo = await require_promo(uow.promo_codes, data.promo_id)
            revised = promo.revise(changes, now)
            await uow.promo_codes.save(revised)
            if revised.terms != promo.terms:
                change = Change(
                    data.tenant_id, "promo.update", _target(promo), summary(promo), summary(revised)
                )
                await audit_change(uow.audit, data.actor, change, now)
            await uow.commit()
        return revised


class DeletePromoCode:
    """Delete a code; its unconsumed perks (days, discounts) go with it."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(
        self, tenant_id: TenantId, promo_id: int, *, actor: str | None = None
    ) -> None:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            promo = await uow.promo_codes.get(promo_id)
            if promo is None or not await uow.promo_codes.delete(promo_id):
                raise PromoCodeNotFound(f"promo code {promo_id} not found")
            change = Change(tenant_id, "promo.delete", _target(promo), summary(promo), None)
            await audit_change(uow.audit, actor, change, self._clock.now())
            await uow.commit()


@dataclass(frozen=True, slots=True)
class Redeemed:
    kind: PromoKind
    value: int
    balance: int
    subscription: Subscription | None  # extended now (days on a current subscription)
    pending: bool  # waits for the next purchase (a discount, or days without a subscription)


class RedeemPromoCode:
    """A user enters a code (issue #14 item 2).

    Rules:
    - `promo_codes` on; the user registered;
    - at most 5 wrong codes (unknown in this tenant) per user per hour: the sixth
      try within the hour is refused before the code is even looked up;
    - the code must be active, within valid_from/valid_until, below `max_uses`,
      and not used by this user before; taking the use is one conditional update,
      so of 20 concurrent tries for the last use exactly one wins;
    - `balance` credits the ledger (`promo:<code id>:<user id>`: once per user);
      `days` extends a current subscription at once (and the panel), else waits
      for the next purchase; `discount` waits for the next purchase and expires
      with the code.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        features: GetFeatures,
        config: GetConfig,
        provision: ProvisionSubscription,
    ) -> None:
        self._uow, self._clock, self._features = uow, clock, features
        self._config, self._provision = config, provision

    async def __call__(self, tenant: Tenant, telegram_id: int, raw: str) -> Redeemed:
        if not await self._features.is_enabled(tenant.id, FLAG):
            raise FeatureDisabled("promo codes are off")
        squads = tuple((await self._config(tenant.id))["panel_squads"])
        now, job = self._clock.now(), None
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id, for_update=True)
            if user is None:
                raise UserNotRegistered("send /start first")
            promos = uow.promo_codes
            since = now - timedelta(hours=1)
            if await promos.failures_since(user.id, since) >= WRONG_CODES_PER_HOUR:
                raise TooManyPromoAttempts("too many wrong promo codes; try again later")
            code = normalize_code(raw)
            promo = await promos.by_code(code) if code else None
            if promo is None:
                await promos.fail(user.id, now)
                await uow.commit()
                raise PromoRefused("unknown")
            if not promo.terms.valid_at(now):
                raise PromoRefused("expired")
            terms, balance, extended = promo.terms, user.balance, None
            current = await uow.subscriptions.of_user(user.id)
            pending = terms.kind is PromoKind.DISCOUNT or (
                terms.kind is PromoKind.DAYS and (current is None or current.expires_at <= now)
            )
            if not await promos.redeem(promo.id, user.id, terms.kind, pending, now):
                raise PromoRefused("already_used")
            if not await promos.take_use(promo.id, now):
                raise PromoRefused("used_up")  # leaving without commit drops the redemption
            if terms.kind is PromoKind.BALANCE:
                posting = Posting(
                    LedgerKind.PROMO, terms.value, f"promo:{terms.code}", _key(promo.id, user.id)
                )
                balance = (await uow.ledger.post(user.id, posting, now)).balance_after
            elif current is not None and not pending:
                extended = await uow.subscriptions.extend(
                    user.id, _same_limits(current, terms.value), now
                )
                job = await uow.outbox.enqueue(
                    provision_job(
                        extended, user, squads, days=terms.value, reset=False, refund=None
                    ),
                    now,
                    now + LEASE,
                )
            await uow.commit()
        if job is not None:
            _, fresh = await self._provision.run_leased(tenant.id, job)
            extended = fresh or extended
        return Redeemed(terms.kind, terms.value, balance, extended, pending)


def _key(promo_id: int, user_id: ShopUserId) -> str:
    return f"promo:{promo_id}:{user_id}"


def _same_limits(sub: Subscription, days: int) -> SubscriptionTerms:
    return SubscriptionTerms(
        plan_id=sub.plan_id,
        days=days,
        traffic_limit_bytes=sub.traffic_limit_bytes,
        device_limit=sub.device_limit,
        is_trial=sub.is_trial,
    )


@dataclass(frozen=True, slots=True)
class PurchasePerks:
    """What redeemed codes give the purchase being made: a percent off, extra days."""

    discount: int = 0
    extra_days: int = 0
    used: tuple[int, ...] = field(default=())


async def claim_perks(uow: TenantUnitOfWork, user_id: ShopUserId, now: datetime) -> PurchasePerks:
    """The user's waiting perks for a purchase inside its transaction: every days
    perk and the oldest valid discount; `spend_perks` marks them used."""
    discount, days, used = 0, 0, []
    for perk in await uow.promo_codes.perks(user_id, now):
        if perk.kind is PromoKind.DAYS:
            days += perk.value
            used.append(perk.promo_id)
        elif perk.kind is PromoKind.DISCOUNT and not discount:
            discount = perk.value
            used.append(perk.promo_id)
    return PurchasePerks(discount, days, tuple(used))


async def spend_perks(
    uow: TenantUnitOfWork, user_id: ShopUserId, perks: PurchasePerks, now: datetime
) -> None:
    for promo_id in perks.used:
        await uow.promo_codes.consume(promo_id, user_id, now)
