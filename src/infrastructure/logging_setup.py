"""Structured logging: constant messages with fields, tenant id on every line, no secrets.

Three context variables reach every line logged while they are set (docs/deployment.md,
"Logs"): `tenant_id` (the update's or the API caller's tenant), `update_id` (while an
update is handled) and `request_id` (while an HTTP request is answered: the caller's
`X-Request-ID` or one generated, echoed in the response). With `FLEET_LOG_FORMAT=json`
each line is one JSON object.

A filter on the root handler redacts anything shaped like a Telegram bot token (or
a Crypto Pay app token), a Fleet API token, a YooKassa secret key, a Bearer or Basic
credential or a payment card number, in the message,
the arguments and the extra fields, so a secret cannot reach a log line even by
mistake.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from typing import IO, Any

from src.core.payments.card import luhn_valid

current_tenant: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "current_tenant", default=None
)
current_update: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "current_update", default=None
)
current_request: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request", default=None
)
_CONTEXT = (
    ("tenant_id", current_tenant),
    ("update_id", current_update),
    ("request_id", current_request),
)

_SECRET = re.compile(
    r"(?P<tg>\b\d{5,}:[A-Za-z0-9_-]{20,})"
    r"|(?P<api>flt_[A-Za-z0-9_-]{20,})"
    r"|(?P<bearer>(?i:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,})"
    # a YooKassa secret key (a Crypto Pay app token is shaped like a bot token)
    r"|(?P<yookassa>\b(?:live|test)_[A-Za-z0-9_-]{20,})"
    # the password in a URL (a database or Redis URL inside an error message)
    r"|(?P<userinfo>(?<=://)[^\s/@:]*:[^\s/@]+(?=@))"
)
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


# 16-19 digits, optionally grouped by spaces or dashes; redacted when they pass the
# Luhn check (so long ids and timestamps stay readable).
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){15,18}(?![\d-])")


def _card(match: re.Match[str]) -> str:
    digits = match.group(0).replace(" ", "").replace("-", "")
    return "[CARD]" if luhn_valid(digits) else match.group(0)


def redact(text: str) -> str:
    return _CARD.sub(_card, _SECRET.sub("[REDACTED]", text))


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        record.msg = redact(str(record.msg))
        for key, var in _CONTEXT:
            if getattr(record, key, None) is None:
                setattr(record, key, var.get())
        for key, value in list(vars(record).items()):
            if key in _STANDARD or value is None or isinstance(value, bool | float):
                continue
            if isinstance(value, str):
                setattr(record, key, redact(value))
            else:  # a number, a list, a dict ... that may spell a card or a token
                text = value if isinstance(value, int) else json.dumps(value, default=str)
                if redact(str(text)) != str(text):
                    setattr(record, key, redact(str(text)))
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and v is not None}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **_fields(record),
        }
        if record.exc_text:
            out["exc"] = record.exc_text
        return json.dumps(out, default=str)


class ConsoleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        line = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.name}: "
        line += record.getMessage() + (f" {extra}" if extra else "")
        if record.exc_text:
            line += "\n" + record.exc_text
        return line


def configure_logging(
    fmt: str = "console", level: int = logging.INFO, stream: IO[str] | None = None
) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else ConsoleFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiogram.event", "asyncio", "alembic", "pgserver"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
