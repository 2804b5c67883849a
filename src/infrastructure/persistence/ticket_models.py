"""Tables of support tickets (docs/support.md): the tickets, their messages and the
admin-side messages that lead to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKeyConstraint,
    Identity,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.infrastructure.persistence.models import Base, owner_fk

_NOW = func.now()


class SupportTicketModel(Base):
    __tablename__ = "support_tickets"
    __table_args__ = (
        UniqueConstraint("bot_id", "id", name="uq_support_tickets_bot_id_id"),
        ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            ondelete="CASCADE",
            name="fk_support_tickets_bot_id_user_id_bot_users",
        ),
        Index("ix_support_tickets_bot_id_user_id", "bot_id", "user_id"),
        Index("ix_support_tickets_bot_id_status", "bot_id", "status"),
        # the photos of one album are one ticket, even handled concurrently
        Index(
            "uq_support_tickets_bot_id_user_id_album",
            "bot_id",
            "user_id",
            "album",
            unique=True,
            postgresql_where=sql_text("album IS NOT NULL"),
        ),
        Index(
            "ix_support_tickets_bot_id_admin_chat_id_thread",
            "bot_id",
            "admin_chat_id",
            "admin_thread_id",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    user_id: Mapped[int] = mapped_column(BigInteger)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    album: Mapped[str | None] = mapped_column(String(64))
    admin_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    admin_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    admin_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)


class SupportMessageModel(Base):
    """A user's or an admin's message on a ticket; `delivered`: its reader has it."""

    __tablename__ = "support_messages"
    __table_args__ = (
        ForeignKeyConstraint(
            ["bot_id", "ticket_id"],
            ["support_tickets.bot_id", "support_tickets.id"],
            ondelete="CASCADE",
            name="fk_support_messages_bot_id_ticket_id_support_tickets",
        ),
        Index("ix_support_messages_bot_id_ticket_id", "bot_id", "ticket_id"),
        Index(
            "ix_support_messages_bot_id_undelivered",
            "bot_id",
            "id",
            postgresql_where=sql_text("NOT delivered"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    ticket_id: Mapped[int] = mapped_column(BigInteger)
    author: Mapped[str] = mapped_column(String(8))
    text: Mapped[str | None] = mapped_column(Text)
    photo_file_id: Mapped[str | None] = mapped_column(String(256))
    album: Mapped[str | None] = mapped_column(String(64))
    delivered: Mapped[bool] = mapped_column(Boolean, server_default=sql_text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)


class SupportAdminMessageModel(Base):
    """A message of the bot on the admins' side, and the ticket it belongs to."""

    __tablename__ = "support_admin_messages"
    __table_args__ = (
        ForeignKeyConstraint(
            ["bot_id", "ticket_id"],
            ["support_tickets.bot_id", "support_tickets.id"],
            ondelete="CASCADE",
            name="fk_support_admin_messages_bot_id_ticket_id_support_tickets",
        ),
    )

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigInteger)
