"""One way to post to a ledger, for the user balance and the tenant wallet alike.

A posting is one statement of three CTEs (docs/architecture.md, "Money"):

1. `locked` reads the account's balance `FOR UPDATE`: concurrent postings to one
   account queue here, and each reads the balance the one before it left (in READ
   COMMITTED a waiting lock re-reads the newest row version and re-checks the
   condition), so the balance after each row is right without the caller locking;
2. `entry` appends the ledger row with that balance plus the amount, unless the
   idempotency key exists (`ON CONFLICT DO NOTHING`: a replay is no error, so the
   caller's transaction stays usable);
3. `moved` changes the balance only when the row was appended.

The statement returns the appended row, or nothing: the key was used before, or the
account refused (missing, or the floor condition failed). The caller tells them
apart with a read of the key, on that rare path only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, exists, select, update
from sqlalchemy.dialects.postgresql import insert


def posting_statement(
    account: Table,
    ledger: Table,
    *,
    account_key: Sequence[ColumnElement[bool]],
    amount: ColumnElement[Any],
    row: Mapping[str, ColumnElement[Any]],
    condition: Sequence[ColumnElement[bool]] = (),
    touch: Mapping[str, Any] | None = None,
) -> Select[Any]:
    """`row`: the ledger row's columns except `balance_after`; `condition`: what the
    account must satisfy besides its key (e.g. the balance never below zero);
    `touch`: other account columns to set with the balance."""
    locked = (
        select(account.c.balance).where(*account_key, *condition).with_for_update().cte("locked")
    )
    entry = (
        insert(ledger)
        .from_select([*row, "balance_after"], select(*row.values(), locked.c.balance + amount))
        .on_conflict_do_nothing(index_elements=["bot_id", "idempotency_key"])
        .returning(*ledger.c)
        .cte("entry")
    )
    moved = (
        update(account)
        .where(*account_key, exists(select(entry.c.id)))
        .values(balance=account.c.balance + amount, **(touch or {}))
        .cte("moved")
    )
    return select(entry).add_cte(moved)
