"""`UserNotifier`: render a notice with the views, send it through the tenant's bot."""

from __future__ import annotations

from src.application.notices import UserNotice
from src.application.ports.messaging import UserMessenger
from src.application.ports.notices import NoticeRenderer


class RenderingNotifier:
    def __init__(self, renderer: NoticeRenderer, messenger: UserMessenger) -> None:
        self._renderer, self._messenger = renderer, messenger

    async def notify(self, notice: UserNotice) -> bool:
        rendered = self._renderer.render(notice)
        return await self._messenger.send(
            notice.tenant_id,
            notice.chat_id,
            rendered.text,
            rendered.buttons,
            thread_id=notice.thread_id,
        )
