"""Card rotation strategies (PRODUCT 5.2): fairness and stability as properties.

Deterministic: hypothesis is derandomized and every random source is seeded.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from src.core.payments.rotation import (
    NoActiveCard,
    RotationCard,
    RotationState,
    random_choice,
    round_robin,
    select_card,
    time_based,
    weighted,
)
from src.core.tenancy.config import ROTATION_STRATEGIES

T0 = datetime(2025, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)
DRAWS = 20_000
TOLERANCE = 0.02  # 2 percentage points; about 5.6 standard deviations at p = 0.5

deterministic = settings(derandomize=True, database=None, deadline=None)


class FixedRandom:
    """A random source that returns the given values in turn."""

    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def random(self) -> float:
        return self.values.pop(0)


def card(
    card_id: int,
    *,
    order: int | None = None,
    weight: int = 1,
    successes: int = 0,
    failures: int = 0,
    active: bool = True,
) -> RotationCard:
    return RotationCard(
        id=card_id,
        weight=weight,
        successes=successes,
        failures=failures,
        active=active,
        created_order=card_id if order is None else order,
    )


@st.composite
def card_sets(
    draw: st.DrawFn, *, max_size: int = 8, all_active: bool = False, min_active: int = 1
) -> list[RotationCard]:
    """Cards with unique ids; `created_order` may tie (the id breaks ties)."""
    size = draw(st.integers(max(min_active, 1), max_size))
    cards = [
        RotationCard(
            id=card_id,
            weight=draw(st.integers(1, 100)),
            successes=draw(st.integers(0, 60)),
            failures=draw(st.integers(0, 60)),
            active=all_active or draw(st.booleans()),
            created_order=draw(st.integers(0, 12)),
        )
        for card_id in draw(st.permutations(range(1, size + 1)))
    ]
    for index in range(min(min_active, size)):  # force the wanted number of active cards
        cards[index] = replace(cards[index], active=True)
    return cards


def with_active(c: RotationCard, active: bool) -> RotationCard:
    return replace(c, active=active)


def in_order(cards: Sequence[RotationCard]) -> list[RotationCard]:
    return sorted((c for c in cards if c.active), key=lambda c: (c.created_order, c.id))


def spin(
    cards: Sequence[RotationCard], state: RotationState, times: int
) -> tuple[list[RotationCard], RotationState]:
    chosen = []
    for _ in range(times):
        picked, state = round_robin(cards, state)
        chosen.append(picked)
    return chosen, state


# --- round_robin -----------------------------------------------------------------

operations = st.lists(
    st.one_of(
        st.tuples(st.just("select"), st.integers(1, 6)),
        st.tuples(st.just("add"), st.integers(0, 14)),  # the new card's created_order
        st.tuples(st.just("deactivate"), st.integers(0, 99)),
        st.tuples(st.just("reactivate"), st.integers(0, 99)),
        st.tuples(st.just("delete"), st.integers(0, 99)),
    ),
    max_size=30,
)


def assert_cycle_is_sorted_rotation(cards: list[RotationCard], state: RotationState) -> None:
    """The next len(active) selections are the sorted active cards, rotated so that
    the cycle continues right after the last card's position; the cycle repeats."""
    expected = in_order(cards)
    if not expected:
        with pytest.raises(NoActiveCard):
            round_robin(cards, state)
        return
    chosen, _ = spin(cards, state, 2 * len(expected))
    first, second = chosen[: len(expected)], chosen[len(expected) :]
    start = expected.index(first[0])
    assert first == expected[start:] + expected[:start]
    assert second == first
    if state.last_card_id is not None and state.last_order is not None:
        last = (state.last_order, state.last_card_id)
        later = [c for c in expected if (c.created_order, c.id) > last]
        assert first[0] == (later or expected)[0]
    else:
        assert first[0] == expected[0]


@settings(deterministic, max_examples=300)
@given(initial=card_sets(), ops=operations)
def test_round_robin_cycles_stably_through_additions_and_deactivations(
    initial: list[RotationCard], ops: list[tuple[str, int]]
) -> None:
    cards = list(initial)
    state = RotationState.initial()
    previous: RotationCard | None = None
    next_id = len(cards) + 1
    assert_cycle_is_sorted_rotation(cards, state)
    for op, arg in ops:
        if op == "select":
            for _ in range(arg):
                if not in_order(cards):
                    with pytest.raises(NoActiveCard):
                        round_robin(cards, state)
                    break
                picked, state = round_robin(cards, state)
                assert picked.active
                assert state.last_card_id == picked.id
                if previous is not None and len(in_order(cards)) > 1:
                    assert picked.id != previous.id
                previous = picked
            continue
        if op == "add":
            cards.append(card(next_id, order=arg))
            next_id += 1
        elif cards and op == "deactivate":
            cards[arg % len(cards)] = with_active(cards[arg % len(cards)], False)
        elif cards and op == "reactivate":
            cards[arg % len(cards)] = with_active(cards[arg % len(cards)], True)
        elif cards and op == "delete":
            del cards[arg % len(cards)]
        assert_cycle_is_sorted_rotation(cards, state)


@deterministic
@given(cards=card_sets(min_active=2), rounds=st.integers(1, 40))
def test_round_robin_never_repeats_a_card_back_to_back(
    cards: list[RotationCard], rounds: int
) -> None:
    chosen, state = spin(cards, RotationState.initial(), rounds)
    assert all(a.id != b.id for a, b in itertools.pairwise(chosen))
    assert state.cursor == rounds


def test_round_robin_continues_from_a_deleted_cards_position() -> None:
    cards = [card(1), card(2), card(3), card(4)]
    _, state = spin(cards, RotationState.initial(), 2)  # 1, 2
    remaining = [cards[0], cards[2], cards[3]]  # card 2 deleted
    assert [c.id for c in spin(remaining, state, 4)[0]] == [3, 4, 1, 3]
    added = [*cards, card(5, order=2)]  # ties with card 2 by order, sorts after by id
    assert [c.id for c in spin(added, state, 5)[0]] == [5, 3, 4, 1, 2]


# --- time_based ------------------------------------------------------------------

time_steps = st.lists(
    st.one_of(
        st.just("exactly_at_end"),
        st.just("just_before_end"),
        st.integers(0, 3 * 24 * 3600).map(lambda s: timedelta(seconds=s)),
    ),
    min_size=1,
    max_size=30,
)


@deterministic
@given(
    cards=card_sets(all_active=True),
    minutes=st.integers(1, 10_080),
    steps=time_steps,
)
def test_time_based_keeps_a_card_for_exactly_its_interval(
    cards: list[RotationCard], minutes: int, steps: list[str | timedelta]
) -> None:
    interval = timedelta(minutes=minutes)
    expected = in_order(cards)
    now = T0
    picked, state = time_based(cards, RotationState.initial(), now, interval=interval)
    assert picked == expected[0]
    assert (state.current_card_id, state.current_since) == (picked.id, now)
    for step in steps:
        since = state.current_since
        assert since is not None
        if step == "exactly_at_end":
            now = since + interval
        elif step == "just_before_end":
            now = max(now, since + interval - timedelta(microseconds=1))
        else:
            assert isinstance(step, timedelta)
            now += step
        before = picked
        picked, state = time_based(cards, state, now, interval=interval)
        if now < since + interval:
            assert picked == before
            assert state.current_since == since
        else:
            assert picked == expected[(expected.index(before) + 1) % len(expected)]
            assert state.current_since == now
        assert state.current_card_id == state.last_card_id == picked.id


def test_time_based_moves_on_when_the_current_card_is_deactivated() -> None:
    cards = [card(1), card(2), card(3)]
    picked, state = time_based(cards, RotationState.initial(), T0, interval=HOUR)
    assert picked.id == 1
    picked, state = time_based(cards, state, T0 + timedelta(minutes=10), interval=HOUR)
    assert picked.id == 1
    later = T0 + timedelta(minutes=20)
    without_1 = [with_active(cards[0], False), cards[1], cards[2]]
    picked, state = time_based(without_1, state, later, interval=HOUR)
    assert (picked.id, state.current_since) == (2, later)
    deleted_2 = [cards[0], cards[2]]  # card 2 deleted: continue after its position
    picked, state = time_based(deleted_2, state, later + timedelta(minutes=1), interval=HOUR)
    assert (picked.id, state.current_since) == (3, later + timedelta(minutes=1))


def test_time_based_first_call_continues_after_another_strategys_last_card() -> None:
    cards = [card(1), card(2), card(3)]
    _, state = round_robin(cards, RotationState.initial())  # card 1
    picked, state = time_based(cards, state, T0, interval=HOUR)
    assert (picked.id, state.current_since) == (2, T0)
    _, state = round_robin(cards, state)  # card 3; the time window ends
    assert state.current_card_id is None and state.current_since is None
    picked, state = time_based(cards, state, T0 + timedelta(minutes=1), interval=HOUR)
    assert picked.id == 1


def test_time_based_single_card_starts_a_new_window() -> None:
    cards = [card(7)]
    _, state = time_based(cards, RotationState.initial(), T0, interval=HOUR)
    picked, state = time_based(cards, state, T0 + HOUR, interval=HOUR)
    assert (picked.id, state.current_since) == (7, T0 + HOUR)


def test_time_based_needs_a_positive_interval() -> None:
    with pytest.raises(ValueError, match="interval"):
        time_based([card(1)], RotationState.initial(), T0, interval=timedelta(0))


# --- weighted --------------------------------------------------------------------


def expected_shares(cards: Sequence[RotationCard]) -> dict[int, Fraction]:
    raw = {
        c.id: c.weight * Fraction(c.successes + 1, c.successes + c.failures + 2)
        for c in cards
        if c.active
    }
    total = sum(raw.values())
    return {card_id: value / total for card_id, value in raw.items()}


def assert_weighted_frequencies(cards: Sequence[RotationCard], seed: int) -> None:
    rng = random.Random(seed)
    state = RotationState.initial()
    counts: Counter[int] = Counter()
    for _ in range(DRAWS):
        picked, state = weighted(cards, state, rng)
        counts[picked.id] += 1
    shares = expected_shares(cards)
    assert set(counts) <= set(shares)
    for card_id, share in shares.items():
        assert abs(counts[card_id] / DRAWS - float(share)) <= TOLERANCE, (card_id, share)


@settings(deterministic, max_examples=20)
@given(cards=card_sets(max_size=5), seed=st.integers(0, 2**32 - 1))
def test_weighted_frequencies_converge_to_weight_times_success_rate(
    cards: list[RotationCard], seed: int
) -> None:
    assert_weighted_frequencies(cards, seed)


def test_weighted_frequencies_on_a_fixed_example() -> None:
    cards = [
        card(1, weight=1),  # 1 * 1/2  = 0.5  -> 0.1515
        card(2, weight=2, successes=8),  # 2 * 9/10 = 1.8 -> 0.5454
        card(3, weight=5, successes=1, failures=7),  # 5 * 2/10 = 1 -> 0.3030
        card(4, weight=100, successes=50, active=False),
    ]
    assert expected_shares(cards) == {
        1: Fraction(5, 33),
        2: Fraction(18, 33),
        3: Fraction(10, 33),
    }
    assert_weighted_frequencies(cards, seed=20250101)


def test_weighted_compares_the_draw_exactly() -> None:
    cards = [card(1, weight=1), card(2, weight=3)]  # cumulative 1/4, 4/4
    below = 0.25 - 2**-54
    assert weighted(cards, RotationState.initial(), FixedRandom(below))[0].id == 1
    assert weighted(cards, RotationState.initial(), FixedRandom(0.25))[0].id == 2
    assert weighted(cards, RotationState.initial(), FixedRandom(0.0))[0].id == 1


def test_weighted_skips_zero_weight_cards_and_is_uniform_if_all_are_zero() -> None:
    cards = [card(1, weight=0), card(2, weight=1), card(3, weight=0)]
    rng = random.Random(3)
    assert {weighted(cards, RotationState.initial(), rng)[0].id for _ in range(200)} == {2}
    zeros = [card(1, weight=0), card(2, weight=0)]
    assert {weighted(zeros, RotationState.initial(), rng)[0].id for _ in range(200)} == {1, 2}


# --- random ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13])
def test_random_is_roughly_uniform(size: int) -> None:
    cards = [card(i, weight=i) for i in range(1, size + 1)] + [card(99, active=False)]
    rng = random.Random(size)
    state = RotationState.initial()
    counts: Counter[int] = Counter()
    for _ in range(DRAWS):
        picked, state = random_choice(cards, state, rng)
        counts[picked.id] += 1
    assert set(counts) == set(range(1, size + 1))
    assert all(abs(n / DRAWS - 1 / size) <= TOLERANCE for n in counts.values())


@pytest.mark.parametrize("value", [-0.5, 0.0, 0.999_999_999_999, 1.0, 7.0])
def test_out_of_range_draws_are_clamped(value: float) -> None:
    cards = [card(1), card(2), card(3)]
    for strategy in ("random", "weighted"):
        picked, _ = select_card(
            strategy, cards, RotationState.initial(), T0, FixedRandom(value), interval=HOUR
        )
        assert picked.id == (1 if value <= 0 else 3)


# --- every strategy --------------------------------------------------------------


@deterministic
@given(
    cards=card_sets(max_size=10),
    strategy=st.sampled_from(ROTATION_STRATEGIES),
    seed=st.integers(0, 2**32 - 1),
    gaps=st.lists(st.integers(0, 90), min_size=1, max_size=25),
)
def test_inactive_cards_are_never_chosen(
    cards: list[RotationCard], strategy: str, seed: int, gaps: list[int]
) -> None:
    rng = random.Random(seed)
    state, now = RotationState.initial(), T0
    active_ids = {c.id for c in cards if c.active}
    for gap in gaps:
        now += timedelta(minutes=gap)
        picked, state = select_card(strategy, cards, state, now, rng, interval=HOUR)
        assert picked.id in active_ids


@deterministic
@given(
    size=st.integers(1, 12),
    data=st.data(),
    strategy=st.sampled_from(ROTATION_STRATEGIES),
)
def test_the_only_active_card_is_always_chosen(
    size: int, data: st.DataObject, strategy: str
) -> None:
    only = data.draw(st.integers(1, size))
    cards = [card(i, weight=100, successes=99, active=i == only) for i in range(1, size + 1)]
    rng, state, now = random.Random(size), RotationState.initial(), T0
    for _ in range(20):
        now += timedelta(minutes=37)
        picked, state = select_card(strategy, cards, state, now, rng, interval=HOUR)
        assert picked.id == only


@pytest.mark.parametrize("strategy", ROTATION_STRATEGIES)
@pytest.mark.parametrize("cards", [[], [card(1, active=False), card(2, active=False)]])
def test_no_active_card_is_an_error(strategy: str, cards: list[RotationCard]) -> None:
    with pytest.raises(NoActiveCard) as err:
        select_card(strategy, cards, RotationState.initial(), T0, random.Random(0), interval=HOUR)
    assert err.value.code == "no_active_card"


@deterministic
@given(
    cards=card_sets(),
    strategy=st.sampled_from(ROTATION_STRATEGIES),
    warmup=st.integers(0, 6),
    seed=st.integers(0, 2**32 - 1),
    data=st.data(),
)
def test_results_do_not_depend_on_the_input_order(
    cards: list[RotationCard], strategy: str, warmup: int, seed: int, data: st.DataObject
) -> None:
    state = RotationState.initial()
    warm = random.Random(seed)
    for minute in range(warmup):
        _, state = select_card(strategy, cards, state, T0 + minute * HOUR, warm, interval=HOUR)
    shuffled = data.draw(st.permutations(cards))
    now = T0 + warmup * HOUR
    a = select_card(strategy, cards, state, now, random.Random(seed), interval=HOUR)
    b = select_card(strategy, shuffled, state, now, random.Random(seed), interval=HOUR)
    assert a == b


def test_the_dispatcher_covers_exactly_the_configured_strategies() -> None:
    cards = [card(1), card(2)]
    for strategy in ROTATION_STRATEGIES:
        picked, state = select_card(
            strategy, cards, RotationState.initial(), T0, random.Random(0), interval=HOUR
        )
        assert state.last_card_id == picked.id and state.cursor == 1
    with pytest.raises(ValueError, match="unknown rotation strategy"):
        select_card("fastest", cards, RotationState.initial(), T0, random.Random(0), interval=HOUR)


# --- inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"last_card_id": 1},
        {"last_order": 1},
        {"last_card_id": 1, "last_order": 1, "current_card_id": 1},
        {"last_card_id": 1, "last_order": 1, "current_card_id": 2, "current_since": T0},
        {"cursor": -1},
    ],
)
def test_inconsistent_states_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"together|always|negative"):
        RotationState(**fields)  # type: ignore[arg-type]


def test_bad_cards_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        card(1, weight=-1)
    with pytest.raises(ValueError, match="unique"):
        round_robin([card(1), card(1, order=5)], RotationState.initial())
