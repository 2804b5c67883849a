"""Card rotation strategies (docs/payments.md#card-rotation) as pure functions.

A strategy reads the tenant's cards, its persisted `RotationState`, the time and a
random source, and returns the chosen card with the next state; nothing else.

Rules shared by every strategy:
- only active cards are candidates; none at all -> `NoActiveCard`;
- candidates are ordered by `(created_order, id)`, never by input, dict or set order,
  so shuffling the input never changes a result;
- a selection records the chosen card as `last_card_id` / `last_order` (the order
  key, so a deleted card's position is still known) and increments `cursor`;
- only `time_based` keeps `current_card_id` / `current_since`; the other
  strategies clear them (a strategy switch ends the time window), so whenever a
  current card is set it is also the last card.

Concurrency: the caller stores the new state only if `cursor` still holds the value
it read (compare-and-set, or under a row lock) and selects again on a lost race, so
two concurrent selections never both start from the same state.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Protocol

from src.core.errors import Conflict
from src.core.tenancy.config import ROTATION_STRATEGIES


class NoActiveCard(Conflict):
    """The tenant has no active payment card to hand out."""

    code = "no_active_card"


class RandomSource(Protocol):
    """`random()` returns a float in [0, 1); `random.Random(seed)` qualifies."""

    def random(self) -> float: ...


@dataclass(frozen=True, slots=True)
class RotationCard:
    """What rotation needs to know about a card. `created_order` is the stable order key."""

    id: int
    weight: int
    successes: int
    failures: int
    active: bool
    created_order: int

    def __post_init__(self) -> None:
        if min(self.weight, self.successes, self.failures) < 0:
            raise ValueError("weight, successes and failures must not be negative")

    @property
    def position(self) -> tuple[int, int]:
        return (self.created_order, self.id)


@dataclass(frozen=True, slots=True)
class RotationState:
    """Per-tenant rotation state; persisted so that every process agrees."""

    last_card_id: int | None = None
    last_order: int | None = None
    current_card_id: int | None = None
    current_since: datetime | None = None
    cursor: int = 0

    def __post_init__(self) -> None:
        if (self.last_card_id is None) != (self.last_order is None):
            raise ValueError("last_card_id and last_order are set together")
        if (self.current_card_id is None) != (self.current_since is None):
            raise ValueError("current_card_id and current_since are set together")
        if self.current_card_id is not None and self.current_card_id != self.last_card_id:
            raise ValueError("the current card is always the last card")
        if self.cursor < 0:
            raise ValueError("cursor must not be negative")

    @classmethod
    def initial(cls) -> RotationState:
        return cls()

    def after(self, card: RotationCard, *, since: datetime | None = None) -> RotationState:
        """The state once `card` was handed out (`since` only for time_based)."""
        current = card.id if since is not None else None
        return RotationState(card.id, card.created_order, current, since, self.cursor + 1)


Selection = tuple[RotationCard, RotationState]


def _candidates(cards: Sequence[RotationCard]) -> list[RotationCard]:
    if len({card.id for card in cards}) != len(cards):
        raise ValueError("card ids must be unique")
    active = sorted((card for card in cards if card.active), key=lambda card: card.position)
    if not active:
        raise NoActiveCard("no active payment card")
    return active


def _next_in_cycle(active: list[RotationCard], state: RotationState) -> RotationCard:
    """The first candidate strictly after the last card's position, wrapping around."""
    if state.last_card_id is None or state.last_order is None:
        return active[0]
    at = bisect_right([card.position for card in active], (state.last_order, state.last_card_id))
    return active[at % len(active)]


def _draw_below(rng: RandomSource, n: int) -> int:
    """floor(rng.random() * n) computed exactly, clamped to 0..n-1."""
    numerator, denominator = float(rng.random()).as_integer_ratio()
    return min(max(numerator * n // denominator, 0), n - 1)


def round_robin(cards: Sequence[RotationCard], state: RotationState) -> Selection:
    """Strict cycle over the active cards in `(created_order, id)` order.

    The next card is the first active one whose position is strictly after the last
    chosen card's position (which need not be active or even exist any more),
    wrapping to the first; with no last card, the first. Each cycle therefore
    visits every active card once in the same order, and the same card never
    comes twice in a row while another card is active.
    """
    card = _next_in_cycle(_candidates(cards), state)
    return card, state.after(card)


def random_choice(
    cards: Sequence[RotationCard], state: RotationState, rng: RandomSource
) -> Selection:
    """Uniform: active card number floor(rng.random() * n) in the stable order."""
    active = _candidates(cards)
    card = active[_draw_below(rng, len(active))]
    return card, state.after(card)


def time_based(
    cards: Sequence[RotationCard], state: RotationState, now: datetime, *, interval: timedelta
) -> Selection:
    """Keep the current card while `now - current_since < interval` and it is active.

    Otherwise (first call, interval over, current card deactivated or deleted) take
    the next card after the current one's position as round_robin does (after the
    last card, if another strategy left one; else the first) and start a new
    window at `now`. A clock that went backwards keeps the current card.
    """
    if interval <= timedelta(0):
        raise ValueError("interval must be positive")
    active = _candidates(cards)
    since = state.current_since
    if state.current_card_id is not None and since is not None and now - since < interval:
        for card in active:
            if card.id == state.current_card_id:
                return card, state.after(card, since=since)
    card = _next_in_cycle(active, state)
    return card, state.after(card, since=now)


def weighted(cards: Sequence[RotationCard], state: RotationState, rng: RandomSource) -> Selection:
    """Probability proportional to `weight * (successes + 1) / (successes + failures + 2)`.

    The shares are scaled to exact integers by the least common multiple of the
    denominators; one draw t = floor(rng.random() * total) picks the first card
    whose cumulative weight exceeds t, so a zero-weight card is never chosen. If
    every active card weighs zero, the choice is uniform.
    """
    active = _candidates(cards)
    scale = math.lcm(*(card.successes + card.failures + 2 for card in active))
    weights = [
        card.weight * (card.successes + 1) * (scale // (card.successes + card.failures + 2))
        for card in active
    ]
    cumulative = list(accumulate(weights))
    if cumulative[-1] == 0:
        card = active[_draw_below(rng, len(active))]
    else:
        card = active[bisect_right(cumulative, _draw_below(rng, cumulative[-1]))]
    return card, state.after(card)


_Selector = Callable[
    [Sequence[RotationCard], RotationState, datetime, RandomSource, timedelta], Selection
]
_STRATEGIES: dict[str, _Selector] = {
    "round_robin": lambda cards, state, now, rng, interval: round_robin(cards, state),
    "random": lambda cards, state, now, rng, interval: random_choice(cards, state, rng),
    "time_based": lambda cards, state, now, rng, interval: time_based(
        cards, state, now, interval=interval
    ),
    "weighted": lambda cards, state, now, rng, interval: weighted(cards, state, rng),
}
if frozenset(_STRATEGIES) != frozenset(ROTATION_STRATEGIES):  # pragma: no cover
    raise RuntimeError("rotation strategies differ from the config registry's")


def select_card(
    strategy: str,
    cards: Sequence[RotationCard],
    state: RotationState,
    now: datetime,
    rng: RandomSource,
    *,
    interval: timedelta,
) -> Selection:
    """Dispatch to the tenant's `card_rotation_strategy`; unknown names -> ValueError."""
    selector = _STRATEGIES.get(strategy)
    if selector is None:
        raise ValueError(f"unknown rotation strategy {strategy!r}")
    return selector(cards, state, now, rng, interval)
