"""SQLAlchemy repositories of the shop's users and their balance ledger (tenant-bound)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    DateTime,
    Row,
    String,
    Table,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.customers import (
    NewShopUser,
)
from src.core.errors import InsufficientFunds
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import DuplicatePosting, LedgerEntry, LedgerKind, Posting
from src.core.shop.user import ShopUser
from src.infrastructure.persistence.customer_models import (
    BotUserModel,
    UserLedgerModel,
)
from src.infrastructure.persistence.posting import posting_statement

U, L = BotUserModel.__table__.c, UserLedgerModel.__table__.c
MAX_BIGINT = 2**63 - 1  # a longer number cannot be a Telegram id (nor a bind value)


# The purchase path's statements, built once with bound parameters: building a
# Core statement per call costs more CPU than the round trip it describes.
_BY_TELEGRAM_ID = select(BotUserModel.__table__).where(
    U.bot_id == bindparam("b"), U.telegram_id == bindparam("tg")
)
_BY_TELEGRAM_ID_LOCKED = _BY_TELEGRAM_ID.with_for_update()


def core_table(model: type[Any]) -> Table:
    """The Core table of a model (Core statements skip the ORM's bulk paths)."""
    return cast(Table, model.__table__)


def _build_post() -> Any:
    amount = bindparam("amount", type_=BigInteger)
    account = core_table(BotUserModel)
    return posting_statement(
        account,
        core_table(UserLedgerModel),
        account_key=[U.bot_id == bindparam("b"), U.id == bindparam("u")],
        amount=amount,
        condition=[U.balance + amount >= 0],
        row={
            "bot_id": bindparam("b", type_=BigInteger),
            "user_id": bindparam("u", type_=BigInteger),
            "kind": bindparam("kind", type_=String),
            "amount": amount,
            "reference": bindparam("reference", type_=String),
            "idempotency_key": bindparam("key", type_=String),
            "created_at": bindparam("now", type_=DateTime(timezone=True)),
        },
    )


def _user(row: Row[Any]) -> ShopUser:
    return ShopUser(
        id=ShopUserId(row.id),
        telegram_id=row.telegram_id,
        language=row.language,
        balance=row.balance,
        referral_code=row.referral_code,
        created_at=row.created_at,
        username=row.username,
        first_name=row.first_name,
        referred_by=ShopUserId(row.referred_by) if row.referred_by is not None else None,
        trial_used_at=row.trial_used_at,
        blocked_at=row.blocked_at,
        auto_renew=row.auto_renew,
    )


class SqlaShopUserRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def _one(self, *where: Any, for_update: bool = False) -> ShopUser | None:
        stmt = select(BotUserModel.__table__).where(U.bot_id == self._t, *where)
        row = (await self._s.execute(stmt.with_for_update() if for_update else stmt)).one_or_none()
        return _user(row) if row else None

    async def add_if_absent(self, new: NewShopUser) -> tuple[ShopUser, bool]:
        stmt = (
            insert(BotUserModel)
            .values(
                bot_id=self._t,
                telegram_id=new.telegram_id,
                language=new.language,
                username=new.username,
                first_name=new.first_name,
                referral_code=new.referral_code,
                referred_by=new.referred_by,
                created_at=new.now,
            )
            .on_conflict_do_nothing(index_elements=["bot_id", "telegram_id"])
            .returning(*BotUserModel.__table__.c)
        )
        row = (await self._s.execute(stmt)).one_or_none()
        if row is not None:
            return _user(row), True
        existing = await self._one(U.telegram_id == new.telegram_id)
        assert existing is not None  # the conflict was on this very key
        return existing, False

    async def get(self, user_id: ShopUserId, *, for_update: bool = False) -> ShopUser | None:
        return await self._one(U.id == user_id, for_update=for_update)

    async def _by_telegram_id(self, telegram_id: int, for_update: bool) -> ShopUser | None:
        stmt = _BY_TELEGRAM_ID_LOCKED if for_update else _BY_TELEGRAM_ID
        row = (await self._s.execute(stmt, {"b": self._t, "tg": telegram_id})).one_or_none()
        return _user(row) if row else None

    async def by_telegram_id(
        self, telegram_id: int, *, for_update: bool = False
    ) -> ShopUser | None:
        return await self._by_telegram_id(telegram_id, for_update)

    async def by_referral_code(self, code: str) -> ShopUser | None:
        return await self._one(U.referral_code == code)

    async def set_language(self, user_id: ShopUserId, language: str) -> None:
        await self._s.execute(
            update(BotUserModel)
            .where(U.bot_id == self._t, U.id == user_id)
            .values(language=language)
        )

    async def set_auto_renew(self, user_id: ShopUserId, on: bool) -> None:
        await self._s.execute(
            update(BotUserModel).where(U.bot_id == self._t, U.id == user_id).values(auto_renew=on)
        )

    async def mark_trial_used(self, user_id: ShopUserId, now: datetime) -> bool:
        result = await self._s.execute(
            update(BotUserModel)
            .where(U.bot_id == self._t, U.id == user_id, U.trial_used_at.is_(None))
            .values(trial_used_at=now)
            .returning(U.id)
        )
        return result.one_or_none() is not None

    async def set_blocked(self, user_id: ShopUserId, at: datetime | None) -> bool:
        done = U.blocked_at.is_(None) if at is not None else U.blocked_at.is_not(None)
        result = await self._s.execute(
            update(BotUserModel)
            .where(U.bot_id == self._t, U.id == user_id, done)
            .values(blocked_at=at)
            .returning(U.id)
        )
        return result.one_or_none() is not None

    async def blocked_telegram_ids(self) -> frozenset[int]:
        rows = await self._s.scalars(
            select(U.telegram_id).where(U.bot_id == self._t, U.blocked_at.is_not(None))
        )
        return frozenset(rows)

    async def search(
        self, query: str | None, *, limit: int, offset: int
    ) -> tuple[Sequence[ShopUser], int]:
        where: list[Any] = [U.bot_id == self._t]
        if query:
            escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            like = f"%{escaped}%"
            conditions: list[Any] = [U.username.ilike(like), U.first_name.ilike(like)]
            if query.isascii() and query.isdigit() and int(query) <= MAX_BIGINT:
                conditions.append(U.telegram_id == int(query))
            where.append(or_(*conditions))
        total = await self._s.scalar(select(func.count()).select_from(U.bot_id.table).where(*where))
        rows = await self._s.execute(
            select(BotUserModel.__table__).where(*where).order_by(U.id).limit(limit).offset(offset)
        )
        return [_user(r) for r in rows], total or 0


def _entry(row: Row[Any]) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        user_id=ShopUserId(row.user_id),
        kind=LedgerKind(row.kind),
        amount=row.amount,
        balance_after=row.balance_after,
        reference=row.reference,
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
    )


class SqlaBalanceLedger:
    """A posting is one statement (`posting.posting_statement`): the user's row locked,
    the ledger row appended unless its key exists, the balance moved, never below zero;
    a replay or a refusal leaves the caller's transaction usable."""

    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def post(self, user_id: ShopUserId, posting: Posting, now: datetime) -> LedgerEntry:
        params = {
            "b": self._t,
            "u": user_id,
            "kind": posting.kind.value,
            "amount": posting.amount,
            "reference": posting.reference,
            "key": posting.idempotency_key,
            "now": now,
        }
        row = (await self._s.execute(_POST, params)).one_or_none()
        if row is not None:
            return _entry(row)
        if await self.by_key(posting.idempotency_key) is not None:
            raise DuplicatePosting(posting.idempotency_key)
        raise InsufficientFunds("the balance would go below zero")

    async def by_key(self, idempotency_key: str) -> LedgerEntry | None:
        row = (
            await self._s.execute(
                select(UserLedgerModel.__table__).where(
                    L.bot_id == self._t, L.idempotency_key == idempotency_key
                )
            )
        ).one_or_none()
        return _entry(row) if row else None

    async def entries(
        self, user_id: ShopUserId, *, limit: int, offset: int
    ) -> Sequence[LedgerEntry]:
        rows = await self._s.execute(
            select(UserLedgerModel.__table__)
            .where(L.bot_id == self._t, L.user_id == user_id)
            .order_by(L.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_entry(r) for r in rows]


_POST = _build_post()
