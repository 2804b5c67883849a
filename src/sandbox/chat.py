"""`fleet sandbox chat`: talk to a sandbox bot from the terminal (docs/sandbox.md).

Type text (or /commands) to send it as the user; when the bot's last message has
inline buttons they are listed with numbers, and typing a number presses one (the
bot's alert or toast is printed). `/photo PATH [caption]` sends a photo from a file,
`/pay` pays the bot's last invoice (pre-checkout, then the payment).
"""

from __future__ import annotations

import asyncio
import base64
import sys
from pathlib import Path
from typing import Any

import aiohttp

Message = dict[str, Any]
ANSWER_WAIT = 5


def _read(path: str) -> bytes:
    return Path(path).expanduser().read_bytes()


class ChatClient:
    def __init__(self, control_url: str, bot: str, user_id: int) -> None:
        self._base = f"{control_url.rstrip('/')}/_control"
        self._bot, self._user = bot, user_id
        self._since = 0
        self.buttons: list[tuple[int, str, str]] = []  # (message_id, label, callback_data)
        self.invoice: int | None = None  # message_id of the last invoice

    async def send(self, http: aiohttp.ClientSession, line: str) -> str | None:
        """Act on one typed line; returns what to print (an alert, an error), if any."""
        if line.isdigit() and 0 < int(line) <= len(self.buttons):
            message_id, _label, data = self.buttons[int(line) - 1]
            pressed = await self._post(
                http, "updates/button", message_id=message_id, callback_data=data
            )
            return await self._answer_of(http, pressed.get("update_id"))
        if line == "/pay":
            if self.invoice is None:
                return "! no invoice to pay"
            answer = await self._post(http, "pay", message_id=self.invoice, timeout=ANSWER_WAIT)
            if "ok" not in answer:
                return None
            return "paid" if answer["ok"] else f"! payment refused: {answer.get('error_message')}"
        if line.startswith("/photo "):
            path, _, caption = line.removeprefix("/photo ").strip().partition(" ")
            try:
                content = await asyncio.to_thread(_read, path)
            except OSError as exc:
                return f"! cannot read {path}: {exc.strerror}"
            encoded = base64.b64encode(content).decode()
            await self._post(http, "updates/photo", content_base64=encoded, caption=caption or None)
            return None
        await self._post(http, "updates/text", text=line)
        return None

    async def _answer_of(self, http: aiohttp.ClientSession, update_id: Any) -> str | None:
        if update_id is None:
            return None
        params = {"bot": self._bot, "update_id": str(update_id), "timeout": str(ANSWER_WAIT)}
        async with http.get(f"{self._base}/callback_answer", params=params) as resp:
            answer = await resp.json()
        if resp.status != 200 or not answer.get("text"):
            return None
        return f"[alert] {answer['text']}" if answer.get("show_alert") else f"({answer['text']})"

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
        prompt = "bot (edited)>" if message.get("edited") else "bot>"
        invoice = message.get("invoice")
        if invoice:
            self.invoice = message["message_id"]
            body = (
                f"[invoice] {invoice['title']}: {invoice['total_amount']} {invoice['currency']}"
                " (type /pay)"
            )
        else:
            body = message.get("text") or ""
            if message.get("photo"):
                body = f"[photo] {body}".strip()
        lines = [f"{prompt} {body}"]
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons = [b for row in rows for b in row if "callback_data" in b]
        if buttons:
            self.buttons = [(message["message_id"], b["text"], b["callback_data"]) for b in buttons]
            lines += [f"  [{i}] {label}" for i, (_m, label, _d) in enumerate(self.buttons, 1)]
        return "\n".join(lines)


async def chat(control_url: str, bot: str, user_id: int) -> int:
    client = ChatClient(control_url, bot, user_id)
    loop = asyncio.get_running_loop()
    print(
        f"chatting with {bot} as user {user_id} at {control_url}; a number presses a button, "
        "/photo PATH [caption] sends a photo, /pay pays the last invoice; Ctrl-D to leave",
        flush=True,
    )
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
                if line.strip() and (said := await client.send(http, line.strip())):
                    print(said, flush=True)
        except aiohttp.ClientError as exc:
            print(f"the sandbox does not answer at {control_url}: {exc}", file=sys.stderr)
            return 1
        finally:
            task.cancel()
