"""The support-ticket use cases the bot handlers call (docs/support.md), resolved once by
`platform.support_services`; handlers reach them as `shop.support`."""

from __future__ import annotations

from dataclasses import dataclass

from src.application.support.tickets import (
    AnswerTicket,
    CloseTicket,
    ListOpenTickets,
    MyTickets,
    OfferWaitingTickets,
    ShowTicket,
    WriteTicket,
)


@dataclass(frozen=True, slots=True)
class SupportServices:
    write: WriteTicket
    mine: MyTickets
    show: ShowTicket
    close: CloseTicket
    answer: AnswerTicket
    open_tickets: ListOpenTickets
    waiting: OfferWaitingTickets
