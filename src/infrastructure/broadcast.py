"""Cross-process broadcast of small JSON messages (cache invalidation, tenant events).

`LocalBroadcast` serves one process. `RedisBroadcast` uses Redis pub/sub: a
message is delivered to the subscribers of every *other* process (the publishing
process has applied it already), the listener reconnects with backoff when Redis
goes away, and `on_reconnect` hooks run after a reconnect because messages sent
meanwhile were lost. Publishing never raises: a lost message costs staleness up
to the cache TTL, never a failed request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

PREFIX = "fleet:"
Handler = Callable[[dict[str, Any]], Awaitable[None]]


class Broadcast(Protocol):
    def subscribe(self, channel: str, handler: Handler) -> None: ...

    def on_reconnect(self, hook: Callable[[], None]) -> None: ...

    async def publish(self, channel: str, payload: dict[str, Any]) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class LocalBroadcast:
    """One process: nothing to tell anyone else."""

    def subscribe(self, channel: str, handler: Handler) -> None:
        pass

    def on_reconnect(self, hook: Callable[[], None]) -> None:
        pass

    async def publish(self, channel: str, payload: dict[str, Any]) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


class RedisBroadcast:
    def __init__(self, url: str, *, max_backoff: float = 5.0, publish_timeout: float = 1.0) -> None:
        # the listener blocks on its socket, so its client has no socket timeout; a
        # publish has its own client with one: a hanging Redis must not hold the
        # write that published (an API call, a billing run) after its commit
        self._redis: Redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=None)
        self._publisher: Redis = Redis.from_url(
            url, socket_connect_timeout=publish_timeout, socket_timeout=publish_timeout
        )
        self._origin = uuid.uuid4().hex
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._hooks: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._max_backoff = max_backoff
        self.connected = asyncio.Event()

    def subscribe(self, channel: str, handler: Handler) -> None:
        if not channel.startswith(PREFIX):
            raise ValueError(f"broadcast channels start with {PREFIX!r}")
        self._handlers[channel].append(handler)

    def on_reconnect(self, hook: Callable[[], None]) -> None:
        self._hooks.append(hook)

    async def publish(self, channel: str, payload: dict[str, Any]) -> None:
        message = json.dumps({"origin": self._origin, "payload": payload})
        try:
            await self._publisher.publish(channel, message)
        except (RedisError, OSError) as exc:
            log.warning("broadcast publish failed", extra={"channel": channel, "error": repr(exc)})

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._listen(), name="redis-broadcast")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.connected.wait(), timeout=2)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._redis.aclose()
        await self._publisher.aclose()

    async def _listen(self) -> None:
        backoff, first = 0.1, True
        while True:
            try:
                async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    # one pattern subscription, so handlers added later are served too
                    await pubsub.psubscribe(f"{PREFIX}*")
                    if not first:
                        for hook in self._hooks:
                            hook()
                    first, backoff = False, 0.1
                    self.connected.set()
                    async for message in pubsub.listen():
                        await self._dispatch(message)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as exc:
                self.connected.clear()
                log.warning("broadcast listener lost redis", extra={"error": repr(exc)})
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)

    async def _dispatch(self, message: dict[str, Any]) -> None:
        channel = message.get("channel")
        channel = channel.decode() if isinstance(channel, bytes) else channel
        try:
            envelope = json.loads(message["data"])
        except (ValueError, TypeError, KeyError):
            return
        if envelope.get("origin") == self._origin:
            return
        for handler in self._handlers.get(str(channel), ()):
            try:
                await handler(envelope.get("payload") or {})
            except Exception:
                log.exception("broadcast handler failed", extra={"channel": channel})
