"""The broadcast engine: one worker (the lease holder) delivers every running broadcast.

Each chat is messaged at most once: recipients are claimed in small batches (one
commit) before they are sent, and outcomes are stored after. A stop (restart)
finishes the message in flight, stores outcomes and gives the unattempted claims
back, so the next holder resumes exactly where this one stopped; a crash leaves at
most one batch IN_DOUBT, never resent. Broadcasts of different bots go in parallel;
each bot is held to RATE_PER_BOT messages a second, and a 429 pauses that bot only.
See docs/broadcasts.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from src.application.broadcasts.ports import (
    BroadcastSender,
    BroadcastStore,
    DeliveryLease,
    RetryAfter,
)
from src.application.broadcasts.rate import WINDOW, PerBotRateLimiter
from src.application.notices import BroadcastProgress
from src.application.ports.notices import NoticeRenderer
from src.core.broadcasts import Broadcast, ClaimedRecipient, RecipientState

log = logging.getLogger(__name__)

BATCH = 10  # recipients claimed per commit: at most this many in doubt after a crash
PROGRESS_EVERY = 3.0  # seconds between edits of the progress message
IDLE_POLL = 2.0  # seconds between looks for new broadcasts when nothing runs


class BroadcastDelivery:
    def __init__(
        self,
        store: BroadcastStore,
        lease: DeliveryLease,
        sender: BroadcastSender,
        renderer: NoticeRenderer,
        limiter: PerBotRateLimiter | None = None,
        *,
        idle_poll: float = IDLE_POLL,
    ) -> None:
        self._store, self._lease, self._sender = store, lease, sender
        self._renderer = renderer
        self._limiter = limiter or PerBotRateLimiter()
        self._idle_poll = idle_poll
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self.holding = False

    def wake(self) -> None:
        """A broadcast was created or cancelled here: look now instead of at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Until `stop()`: take the lease when free, deliver while holding it."""
        self._stop.clear()
        try:
            while not self._stop.is_set():
                if not self.holding:
                    self.holding = await self._lease.acquire()
                    if self.holding:
                        # the previous holder's last second is unknown here: let it pass
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(self._stop.wait(), WINDOW)
                        recovered = await self._store.recover()
                        log.info("broadcast lease taken", extra={"in_doubt": recovered})
                if self.holding:
                    await self._start_running()
                await self._idle()
        finally:
            for task in self._tasks.values():
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if self.holding:
                await asyncio.shield(self._lease.release())
                self.holding = False

    async def _idle(self) -> None:
        self._wake.clear()
        waits = [asyncio.ensure_future(self._stop.wait()), asyncio.ensure_future(self._wake.wait())]
        await asyncio.wait(waits, timeout=self._idle_poll, return_when=asyncio.FIRST_COMPLETED)
        for w in waits:
            w.cancel()

    async def _start_running(self) -> None:
        self._tasks = {i: task for i, task in self._tasks.items() if not task.done()}
        for broadcast in await self._store.running():
            if broadcast.id not in self._tasks:
                self._tasks[broadcast.id] = asyncio.create_task(
                    self._deliver(broadcast), name=f"broadcast-{broadcast.id}"
                )

    async def _deliver(self, broadcast: Broadcast) -> None:
        last_progress = -PROGRESS_EVERY
        loop = asyncio.get_running_loop()
        try:
            while broadcast.running and not self._stop.is_set():
                batch = await self._store.claim(broadcast.id, BATCH)
                outcomes: list[tuple[ClaimedRecipient, RecipientState]] = []
                try:
                    for claimed in batch:
                        result = await self._send(claimed, broadcast)
                        if result is None:
                            break
                        outcomes.append((claimed, result))
                finally:
                    done = {c.seq for c, _ in outcomes}
                    rest = [c.seq for c in batch if c.seq not in done]
                    broadcast = await asyncio.shield(
                        self._store.record(broadcast.id, outcomes, rest)
                    )
                if not broadcast.running or loop.time() - last_progress >= PROGRESS_EVERY:
                    last_progress = loop.time()
                    await self._show_progress(broadcast)
        except Exception:
            log.exception("broadcast delivery failed", extra={"broadcast_id": broadcast.id})

    async def _send(self, claimed: ClaimedRecipient, broadcast: Broadcast) -> RecipientState | None:
        """The outcome, or None when stopping before the message was sent."""
        bot = claimed.recipient.tenant_id
        while not self._stop.is_set():
            async with self._limiter.slot(bot):
                if self._stop.is_set():
                    return None
                result = await self._sender.send(claimed.recipient, broadcast.message)
            if not isinstance(result, RetryAfter):
                return result
            self._limiter.pause(bot, result.seconds)
            log.warning("broadcast flood wait", extra={"tenant_id": bot, "s": result.seconds})
        return None

    async def _show_progress(self, broadcast: Broadcast) -> None:
        target = broadcast.progress
        if target is None:
            return
        # worded by the bot's views (with the cancel button while it runs)
        shown = self._renderer.render(
            BroadcastProgress(language=target.language, broadcast=broadcast)
        )
        async with self._limiter.slot(target.recipient.tenant_id):
            message_id = await self._sender.show_progress(target, shown.text, shown.buttons)
        if message_id is not None and message_id != target.message_id:
            await self._store.set_progress_message(broadcast.id, message_id)
