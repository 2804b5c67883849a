"""The composition root's last word: the container with what only the interfaces have.

The container (infrastructure) declares every adapter; the words of the notices are
the bot's views, which infrastructure may not import, so they are plugged in here
(docs/decisions/0007-notices.md). Every process and test builds its container here.
"""

from __future__ import annotations

from src.infrastructure.container import Container
from src.infrastructure.settings import Settings
from src.interfaces.bot.views.notices import BotNoticeRenderer


def compose(*, settings: Settings, database_url: str) -> Container:
    return Container(
        settings=settings, database_url=database_url, notice_renderer=BotNoticeRenderer()
    )
