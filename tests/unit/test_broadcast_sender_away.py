"""A bot that is not running holds its broadcast recipients only for a while
(src/infrastructure/telegram/broadcast_sender.py): a restart is waited for, a bot gone
for good (its tenant stopped or failed meanwhile) fails its recipients once
NOT_RUNNING_GIVE_UP has passed, so the recipients of other bots behind it in the same
broadcast (the master console's broadcast to tenant admins) are not held up forever.

Cases considered: away less than the limit (retried), past it (failed, then every
later recipient of that bot fails at once), back in between (the timer starts over),
another bot unaffected.
"""

from __future__ import annotations

from aiogram.client.session.aiohttp import AiohttpSession

from src.application.broadcasts.ports import RetryAfter
from src.core.broadcasts import BroadcastMessage, Recipient, RecipientState
from src.core.ids import TenantId
from src.infrastructure.telegram.broadcast_sender import AiogramBroadcastSender
from src.infrastructure.telegram.registry import BotRegistry
from tests.support.botfeed import RecordingSession

A, B = TenantId(1), TenantId(2)
MESSAGE = BroadcastMessage("hello")


async def test_a_bot_away_for_good_fails_its_recipients_after_the_limit() -> None:
    now = [0.0]
    registry = BotRegistry(AiohttpSession())
    sender = AiogramBroadcastSender(registry, give_up=60.0, clock=lambda: now[0])
    assert isinstance(await sender.send(Recipient(A, 1), MESSAGE), RetryAfter)
    now[0] = 59.0
    assert isinstance(await sender.send(Recipient(A, 1), MESSAGE), RetryAfter)
    assert isinstance(await sender.send(Recipient(B, 1), MESSAGE), RetryAfter)  # B: its own timer
    now[0] = 60.0
    assert await sender.send(Recipient(A, 1), MESSAGE) is RecipientState.FAILED
    assert await sender.send(Recipient(A, 2), MESSAGE) is RecipientState.FAILED
    assert isinstance(await sender.send(Recipient(B, 1), MESSAGE), RetryAfter)


async def test_a_bot_back_in_between_starts_the_timer_over() -> None:
    now = [0.0]
    session = RecordingSession()
    registry = BotRegistry(session)  # type: ignore[arg-type]  # records, sends nothing
    sender = AiogramBroadcastSender(registry, give_up=60.0, clock=lambda: now[0])
    assert isinstance(await sender.send(Recipient(A, 1), MESSAGE), RetryAfter)
    now[0] = 50.0
    registry.add(A, "123:AAback")  # back: a send goes through and the timer is dropped
    assert await sender.send(Recipient(A, 1), MESSAGE) is RecipientState.SENT
    registry.remove(A)
    now[0] = 100.0  # away again since 100, not since 0
    assert isinstance(await sender.send(Recipient(A, 2), MESSAGE), RetryAfter)
    now[0] = 159.0
    assert isinstance(await sender.send(Recipient(A, 2), MESSAGE), RetryAfter)
    assert [type(c).__name__ for c in session.calls] == ["SendMessage"]
