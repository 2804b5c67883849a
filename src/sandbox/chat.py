"""`fleet sandbox chat`: talk to a sandbox bot from the terminal.

Type text (or /commands) to send it as the user; when the bot's last message has
inline buttons they are listed with numbers, and typing a number presses one.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import aiohttp

Message = dict[str, Any]


class ChatClient:
    def __init__(self, control_url: str, bot: str, user_id: int) -> None:
        self._base = f"{control_url.rstrip('/')}/_control"
        self._bot, self._user = bot, user_id
        self._since = 0
        self.buttons: list[tuple[int, str, str]] = []  # (message_id, label, callback_data)

    async def send(self, http: aiohttp.ClientSession, line: str) -> None:
        if line.isdigit() and 0 < int(line) <= len(self.buttons):
            message_id, _label, data = self.buttons[int(line) - 1]
            await self._post(http, "updates/button", message_id=message_id, callback_data=data)
        else:
            await self._post(http, "updates/text", text=line)

    async def _post(self, http: aiohttp.ClientSession, path: str, **body: Any) -> Any:
        payload = {"bot": self._bot, "user_id": self._user, **body}
        async with http.post(f"{self._base}/{path}", json=payload) as resp:
            answer = await resp.json()
            if resp.status != 200:
                print(f"! {answer.get('error')}", flush=True)
            return answer

    async def receive(self, http: aiohttp.ClientSession) -> list[Message]:
        params = {"bot": self._bot, "chat_id": str(self._user), "since": str(self._since)}
        async with http.get(f"{self._base}/messages", params={**params, "timeout": "20"}) as resp:
            answer = await resp.json()
        if resp.status != 200:
            raise RuntimeError(answer.get("error", "the simulator refused"))
        self._since = int(answer["last_seq"])
        return list(answer["messages"])

    def render(self, message: Message) -> str:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        lines = [f"bot> {message.get('text') or ('[photo]' if message.get('photo') else '')}"]
        buttons = [b for row in rows for b in row if "callback_data" in b]
        if buttons:
            self.buttons = [(message["message_id"], b["text"], b["callback_data"]) for b in buttons]
            lines += [f"  [{i}] {label}" for i, (_m, label, _d) in enumerate(self.buttons, 1)]
        return "\n".join(lines)


async def chat(control_url: str, bot: str, user_id: int) -> int:
    client = ChatClient(control_url, bot, user_id)
    loop = asyncio.get_running_loop()
    print(f"chatting with {bot} as user {user_id}; Ctrl-D to leave", flush=True)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:

        async def printer() -> None:
            while True:
                try:
                    for message in await client.receive(http):
                        print(client.render(message), flush=True)
                except (aiohttp.ClientError, TimeoutError):
                    await asyncio.sleep(1)

        task = asyncio.create_task(printer())
        try:
            while True:
                line = await loop.run_in_executor(None, sys.stdin.readline)
                if not line:  # end of input: let the last replies arrive, then leave
                    await asyncio.sleep(2)
                    return 0
                if line.strip():
                    await client.send(http, line.strip())
        except aiohttp.ClientError as exc:
            print(f"the sandbox does not answer at {control_url}: {exc}", file=sys.stderr)
            return 1
        finally:
            task.cancel()
