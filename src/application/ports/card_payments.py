"""Ports of card-to-card top-ups: the payments, the rotation state, the admins' desk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.application.ports.messaging import Button
from src.core.ids import PaymentCardId, PlanId, ShopUserId, TenantId
from src.core.payments.card_payment import CardPayment, CardPaymentStatus, Receipt
from src.core.payments.rotation import RotationState


@dataclass(frozen=True, slots=True)
class NewCardPayment:
    user_id: ShopUserId
    card_id: PaymentCardId | None  # None: the card was deleted after it was shown
    card_masked: str
    amount: int
    tracking_number: str
    receipt: Receipt
    plan_id: PlanId | None
    now: datetime
    expires_at: datetime
    offer_key: str
    media_group_id: str | None = None


class CardPaymentRepository(Protocol):
    """This tenant's card payments (`card_payments`). Bound to one tenant.

    - `add` stores a pending payment, or returns None when the offer already has
      one (the unique key `(bot_id, offer_key)` decides, even between processes);
      `by_offer` finds that one;
    - `count_pending` counts the user's pending payments (the caller holds the
      user's row lock, so two submissions cannot both see room for one more);
    - `decide` moves a pending, unexpired payment to `status` and returns it; it
      returns None when the payment is missing, decided, expired or too old, so of
      two concurrent decisions exactly one gets the payment (a conditional update);
    - `expire` does the same for a pending payment whose time is over;
    - `list` is newest first, optionally by status, with the total;
    - `unseen` lists pending payments no admin was shown (no admin message),
      oldest first; `unseen_alert_open` says whether the master admins were
      already told about one of them (the episode goes on), and
      `mark_unseen_alerted` marks every unseen one not marked yet (row locks
      make two concurrent callers mark each row once) and returns how many;
    - `selections_since` counts the payments created at or after `since` per card
      (the card rotation's selections that reached a receipt), in one query.
    """

    async def add(self, new: NewCardPayment) -> CardPayment | None: ...

    async def by_offer(self, offer_key: str) -> CardPayment | None: ...

    async def unseen(self, limit: int) -> Sequence[CardPayment]: ...

    async def unseen_alert_open(self) -> bool: ...

    async def mark_unseen_alerted(self, now: datetime) -> int: ...

    async def get(self, payment_id: int) -> CardPayment | None: ...

    async def count_pending(self, user_id: ShopUserId) -> int: ...

    async def decide(
        self,
        payment_id: int,
        status: CardPaymentStatus,
        decided_by: str,
        note: str | None,
        now: datetime,
    ) -> CardPayment | None: ...

    async def expire(self, payment_id: int, now: datetime) -> CardPayment | None: ...

    async def set_admin_message(self, payment_id: int, chat_id: int, message_id: int) -> None: ...

    async def list(
        self, status: CardPaymentStatus | None, *, limit: int, offset: int
    ) -> tuple[Sequence[CardPayment], int]: ...

    async def selections_since(self, since: datetime) -> Mapping[int, int]: ...


class RotationStateRepository(Protocol):
    """This tenant's card rotation state (`card_rotation_state`). Bound to one tenant.

    `lock` returns the state (the initial one the first time) and holds it until
    the unit of work ends, so concurrent selections in every process take turns:
    each starts from the state the previous one saved. `save` writes it back.
    """

    async def lock(self) -> RotationState: ...

    async def save(self, state: RotationState) -> None: ...


class DueCardPayments(Protocol):
    """Platform-scoped: pending card payments whose time is over (the expiry job), and
    the tenants with a receipt no admin was shown since `before` whose master admins
    were not told yet (the unseen-receipts job)."""

    async def overdue(self, now: datetime, limit: int) -> Sequence[tuple[TenantId, int]]: ...

    async def unseen_since(self, before: datetime, limit: int) -> Sequence[TenantId]: ...


@dataclass(frozen=True, slots=True)
class DeskMessage:
    chat_id: int
    message_id: int


class ReceiptDesk(Protocol):
    """Where a tenant's admins review receipts: its bot's admin chat
    (docs/payments.md#card-to-card).

    `post` sends the receipt (the photo by its file id with `text` as caption, or
    `text` alone) with the decision buttons to `chat_id` (in forum topic
    `thread_id` when given) and returns where it landed; `close` replaces the
    text or caption of a posted receipt and removes its buttons. Best effort:
    None / False when Telegram refuses or the bot is not running.
    """

    async def post(
        self,
        tenant_id: TenantId,
        chat_id: int,
        thread_id: int | None,
        text: str,
        photo_file_id: str | None,
        buttons: Sequence[Sequence[Button]],
    ) -> DeskMessage | None: ...

    async def close(
        self, tenant_id: TenantId, message: DeskMessage, text: str, *, photo: bool
    ) -> bool: ...
