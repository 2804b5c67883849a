"""Streaming a query page by page on its `id` (keyset pagination: flat in memory and
time per page, unlike OFFSET)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

Execute = Callable[[Any, dict[str, Any]], Awaitable[Any]]


async def keyset_pages(
    execute: Execute, query: Any, batch_size: int, **params: Any
) -> AsyncIterator[Sequence[Any]]:
    """Yield the rows of `query` (which takes `:after` and `:n`, orders by `id`) in pages."""
    after = 0
    while rows := (await execute(query, {**params, "after": after, "n": batch_size})).all():
        after = rows[-1].id
        yield rows
