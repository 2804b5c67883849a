"""Broadcasts, their recipients (the durable progress) and chats that blocked a bot.

`broadcasts.bot_id` is the owner (NULL: a platform broadcast); a recipient's `bot_id`
is the bot that sends to it. Recipient rows follow their broadcast; the others have
no foreign key to `bots`, like the audit log (docs/broadcasts.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.infrastructure.persistence.models import Base

_ZERO = text("0")


class BroadcastModel(Base):
    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_status", "status"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(4096))
    photo_file_id: Mapped[str | None] = mapped_column(String(256))
    button_text: Mapped[str | None] = mapped_column(String(64))
    button_url: Mapped[str | None] = mapped_column(String(512))
    total: Mapped[int] = mapped_column(Integer)
    sent: Mapped[int] = mapped_column(Integer, server_default=_ZERO)
    blocked: Mapped[int] = mapped_column(Integer, server_default=_ZERO)
    failed: Mapped[int] = mapped_column(Integer, server_default=_ZERO)
    progress_bot_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_language: Mapped[str | None] = mapped_column(String(8))
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BroadcastRecipientModel(Base):
    __tablename__ = "broadcast_recipients"
    __table_args__ = (Index("ix_broadcast_recipients_state", "broadcast_id", "state", "seq"),)

    broadcast_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    bot_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))


class BlockedChatModel(Base):
    """A chat whose user blocked the bot (403 on a broadcast): skipped by later ones."""

    __tablename__ = "bot_blocked_chats"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
