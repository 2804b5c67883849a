"""One aiohttp session for the payment providers' APIs (aiohttp: already a runtime
dependency through aiogram; httpx is only a dev dependency)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiohttp

from src.core.payments.online import ProviderUnavailable

TIMEOUT_S = 8.0  # a user waits in the chat; a re-read is cut shorter by the caller


class ProviderHttp:
    def __init__(self, timeout_s: float = TIMEOUT_S) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def call(
        self,
        method: str,
        url: str,
        *,
        body: Any = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any | None:
        """The JSON answer; None on 404; ProviderUnavailable on anything else that is not 2xx,
        a network error or a timeout. Never a credential in the error."""
        try:
            async with self._open().request(
                method, url, json=body, params=params, headers=headers
            ) as response:
                if response.status == 404:
                    return None
                if response.status >= 300:
                    raise ProviderUnavailable(f"the provider answered {response.status}")
                return json.loads(await response.read())
        except (aiohttp.ClientError, TimeoutError, ValueError):
            raise ProviderUnavailable("the provider did not answer") from None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
