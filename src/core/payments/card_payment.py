"""Card-to-card payments (docs/payments.md#card-to-card): a receipt waiting for a tenant admin's
decision.

Rules:
- a receipt is a photo, a text, or a photo with a caption; the text is at most
  `RECEIPT_TEXT_MAX` characters without control characters (line breaks allowed);
- the tracking number is `C2C` + 16 upper-case hex digits, unique per tenant;
- a payment is `pending` until exactly one decision (approved or rejected) or
  its expiry (`expired`); every one of these is final;
- the card is remembered by id (gone when the card is deleted) and by its masked
  number (kept for the record);
- one card offer (its `offer_key`, `new_offer_key()`) becomes at most one payment:
  the receipts of an album (one `media_group_id`) are one receipt, and any other
  message sent for the same offer is a repeat, not a new payment;
- a receipt is *seen* once it was posted to an admin (`admin_message_id`).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from src.core.errors import Conflict, Forbidden, NotFound, ValidationError
from src.core.ids import PaymentCardId, PlanId, ShopUserId
from src.core.text import has_forbidden_chars

RECEIPT_TEXT_MAX = 2000
FILE_ID_MAX = 256
NOTE_MAX = 500
MEDIA_GROUP_MAX = 64
TRACKING = re.compile(r"C2C[0-9A-F]{16}")


class CardPaymentStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"


class ReceiptKind(StrEnum):
    PHOTO = "photo"
    TEXT = "text"
    PHOTO_WITH_CAPTION = "photo_caption"


class CardPaymentNotFound(NotFound):
    code = "card_payment_not_found"


class CardPaymentDecided(Conflict):
    """The payment was approved, rejected or expired before: a decision is final."""

    code = "card_payment_already_decided"

    def __init__(self, status: CardPaymentStatus, decided_by: str | None) -> None:
        super().__init__(f"this payment is already {status.value}")
        self.status, self.decided_by = status, decided_by


class TooManyPendingPayments(Conflict):
    code = "too_many_pending_payments"

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} payments may wait for review at once")
        self.limit = limit


class NotTenantAdmin(Forbidden):
    code = "not_tenant_admin"


class InvalidReceipt(ValidationError):
    code = "invalid_receipt"


@dataclass(frozen=True, slots=True)
class Receipt:
    text: str | None = None
    photo_file_id: str | None = None

    @property
    def kind(self) -> ReceiptKind:
        if self.photo_file_id is None:
            return ReceiptKind.TEXT
        return ReceiptKind.PHOTO_WITH_CAPTION if self.text else ReceiptKind.PHOTO

    def checked(self) -> Receipt:
        text = (self.text or "").strip() or None
        file_id = self.photo_file_id or None
        if text is None and file_id is None:
            raise InvalidReceipt("a receipt is a photo or a text", field="receipt")
        if text is not None and len(text) > RECEIPT_TEXT_MAX:
            raise InvalidReceipt(
                f"a receipt text is at most {RECEIPT_TEXT_MAX} characters", field="receipt"
            )
        if text is not None and has_forbidden_chars(text, multiline=True):
            raise InvalidReceipt("a receipt text holds no control characters", field="receipt")
        if file_id is not None and (len(file_id) > FILE_ID_MAX or not file_id.isprintable()):
            raise InvalidReceipt("not a Telegram file id", field="receipt")
        return Receipt(text, file_id)


def new_tracking_number() -> str:
    return "C2C" + secrets.token_hex(8).upper()


def new_offer_key() -> str:
    return secrets.token_hex(8)


def album_id(media_group_id: str | None) -> str | None:
    """Telegram's media_group_id as stored; anything that is not one (too long, control
    characters) is no album: the message is then a receipt of its own."""
    if not media_group_id or len(media_group_id) > MEDIA_GROUP_MAX:
        return None
    return media_group_id if media_group_id.isprintable() else None


def check_note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(f"note must be at most {NOTE_MAX} characters", field="note")
    if has_forbidden_chars(note, multiline=True):
        raise ValidationError("note must not contain control characters", field="note")
    return note


@dataclass(frozen=True, slots=True)
class CardPayment:
    id: int
    user_id: ShopUserId
    card_id: PaymentCardId | None
    card_masked: str
    amount: int
    tracking_number: str
    status: CardPaymentStatus
    receipt: Receipt
    plan_id: PlanId | None  # a purchase to finish once the money is credited
    created_at: datetime
    expires_at: datetime
    admin_chat_id: int | None = None
    admin_message_id: int | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None
    offer_key: str | None = None  # None: stored before offers were keyed
    media_group_id: str | None = None

    @property
    def pending(self) -> bool:
        return self.status is CardPaymentStatus.PENDING

    @property
    def seen(self) -> bool:
        """Posted to an admin, who can decide it from there."""
        return self.admin_message_id is not None

    def same_album(self, media_group_id: str | None) -> bool:
        return media_group_id is not None and media_group_id == self.media_group_id

    def refuse_decision(self, now: datetime) -> CardPaymentDecided:
        """Why a decision on this payment cannot happen (it is not pending, or too old)."""
        if self.pending and self.expires_at <= now:
            return CardPaymentDecided(CardPaymentStatus.EXPIRED, None)
        return CardPaymentDecided(self.status, self.decided_by)
