from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from src.application.payments.batches import TenantBatches
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.config import GetConfig
from src.core.ids import PaymentCardId, TenantId
from src.core.payments.card import PaymentCard
from src.core.payments.rotation import RandomSource, RotationCard, select_card


@dataclass(frozen=True, slots=True)
class SelectedCard:
    card: PaymentCard
    cursor: int  # this hand-out's place in the tenant's sequence: 1, 2, 3, ...


def rotation_card(card: PaymentCard) -> RotationCard:
    """A card as rotation sees it; the id is the stable order (ids only grow)."""
    return RotationCard(
        id=card.id,
        weight=card.details.weight,
        successes=card.success_count,
        failures=card.failure_count,
        active=card.details.active,
        created_order=card.id,
    )


class SelectPaymentCard:
    """Pick the card the next card-to-card payment goes to (docs/payments.md#card-rotation).

    Rules:
    - the strategy is the tenant's `card_rotation_strategy` (`time_based` keeps a
      card for `rotation_interval_minutes`); only active cards; none: NoActiveCard;
    - the tenant's rotation state is locked, advanced and saved, and the cards'
      `last_used_at` set, in one transaction: selections in any number of
      processes take turns on the state row, so they form one sequence (with
      round_robin a perfect cycle: no card twice in a row while another is due);
    - concurrent selections of a tenant in this process share that transaction
      (`batches`): it applies the strategy once per selection, in arrival order,
      exactly as that many transactions in a row would; each caller gets its card
      only after the commit;
    - the random source (random, weighted) is injected, so tests are repeatable.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        config: GetConfig,
        rng: RandomSource,
        batches: TenantBatches[SelectedCard],
    ) -> None:
        self._uow, self._clock, self._config, self._rng = uow, clock, config, rng
        self._batches = batches

    async def __call__(self, tenant_id: TenantId) -> SelectedCard:
        return await self._batches.submit(tenant_id, lambda n: self.select_many(tenant_id, n))

    async def select_many(self, tenant_id: TenantId, count: int) -> Sequence[SelectedCard]:
        """`count` selections in a row, in one transaction."""
        config = await self._config(tenant_id)
        strategy = str(config["card_rotation_strategy"])
        interval = timedelta(minutes=int(config["rotation_interval_minutes"]))
        picked: list[SelectedCard] = []
        async with self._uow.for_tenant(tenant_id) as uow:
            state = await uow.rotation.lock()
            cards: dict[int, PaymentCard] = {card.id: card for card in await uow.cards.list()}
            candidates = [rotation_card(c) for c in cards.values()]
            now = self._clock.now()
            for _ in range(count):
                chosen, state = select_card(
                    strategy, candidates, state, now, self._rng, interval=interval
                )
                picked.append(SelectedCard(cards[chosen.id], state.cursor))
            await uow.rotation.save(state)
            used: set[PaymentCardId] = {p.card.id for p in picked}
            await uow.cards.touch(sorted(used), now)
            await uow.commit()
        return picked
