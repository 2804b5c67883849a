"""What `GET /metrics` reports, in Prometheus text format (docs/deployment.md, "Metrics").

No tenant id is ever a label: one series per tenant would grow with the platform;
per-tenant figures stay in the API. Labels are small closed sets (outcome, Bot API
method, HTTP status, job name).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from prometheus_client import Counter, Gauge, Histogram

if TYPE_CHECKING:
    from aiogram import Bot

UPDATES = Counter(
    "fleet_updates",
    "Telegram updates by outcome: received (queued), handled, failed (handler raised), "
    "busy (queue full, refused for Telegram to retry), duplicate (dropped), dropped "
    "(a bot or tenant that no longer serves)",
    ["outcome"],
)
UPDATE_SECONDS = Histogram("fleet_update_seconds", "Time to handle one update")
QUEUE_DEPTH = Gauge("fleet_update_queue_depth", "Updates queued and not yet taken")
TENANT_QUEUE_HIGH_WATER = Gauge(
    "fleet_tenant_queue_high_water", "The longest queue any one tenant had since the start"
)
BOT_API_CALLS = Counter(
    "fleet_bot_api_calls", "Bot API calls by method and HTTP status", ["method", "status"]
)
PANEL_CALLS = Counter("fleet_panel_calls", "Remnawave panel requests by result", ["result"])
PANEL_SECONDS = Histogram("fleet_panel_call_seconds", "Remnawave panel request latency")
JOB_RUNS = Counter("fleet_job_runs", "Periodic job runs by job and outcome", ["job", "outcome"])
LEASES_HELD = Gauge("fleet_leases_held", "Bot polling leases this worker holds")


class BotApiMetrics(BaseRequestMiddleware):
    """Counts every Bot API call by method and status (0: no answer, network error)."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = type(method).__name__
        try:
            response = await make_request(bot, method)
        except TelegramRetryAfter:
            BOT_API_CALLS.labels(name, "429").inc()
            raise
        except TelegramNetworkError:
            BOT_API_CALLS.labels(name, "0").inc()
            raise
        except TelegramAPIError as exc:
            code = getattr(exc, "error_code", None) or _status_of(exc)
            BOT_API_CALLS.labels(name, str(code)).inc()
            raise
        BOT_API_CALLS.labels(name, "200").inc()
        return response


def _status_of(exc: TelegramAPIError) -> int:
    from aiogram import exceptions as e

    for kind, code in (
        (e.TelegramUnauthorizedError, 401),
        (e.TelegramForbiddenError, 403),
        (e.TelegramNotFound, 404),
        (e.TelegramConflictError, 409),
        (e.TelegramEntityTooLarge, 413),
        (e.TelegramBadRequest, 400),
        (e.TelegramServerError, 500),
    ):
        if isinstance(exc, kind):
            return code
    return 0


async def timed_panel_call(send: Callable[[], Awaitable[tuple[int, bytes]]]) -> tuple[int, bytes]:
    """One panel request, timed and counted by status class (2xx, 4xx, 5xx) or
    `unreachable` when no answer came."""
    started = time.perf_counter()
    try:
        status, raw = await send()
    except BaseException:
        PANEL_CALLS.labels("unreachable").inc()
        raise
    finally:
        PANEL_SECONDS.observe(time.perf_counter() - started)
    PANEL_CALLS.labels(f"{status // 100}xx").inc()
    return status, raw


PURCHASES = Counter(
    "fleet_purchases",
    "Plan purchases and renewals by outcome: done, retrying, refunded, skipped (the "
    "provisioning that followed), repeated (a request bought before), or the refusal's "
    "error code",
    ["outcome"],
)
TOP_UPS = Counter(
    "fleet_top_ups",
    "Top-ups by method (card, stars, wallet: a tenant's platform wallet) and outcome "
    "(card: started, receipt, approved, rejected, expired; stars: credited, repeated; "
    "wallet: credited, replayed; or the refusal's error code)",
    ["method", "outcome"],
)
TOP_UP_CREDITED = Counter(
    "fleet_top_up_credited_minor", "Minor units credited by top-ups, by method", ["method"]
)
BILLING_RUNS = Counter(
    "fleet_billing_runs",
    "Traffic billing runs by outcome: ok, partial (some tenants failed), failed",
    ["outcome"],
)
BILLING_CHARGED = Counter(
    "fleet_billing_charged_minor", "Minor units charged by traffic billing runs, every tenant"
)
