"""replay.Exact against schedule.review (py-fsrs, fuzz off): the same memory, bit for bit, over
thousands of random histories and the configs a user can set."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from trainer.model import Rating
from trainer.optimize import bounds
from trainer.replay import Exact, exact
from trainer.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory, SchedulerConfig, review

DAY_S = 86400
STEP_CHOICES = (1, 30, 60, 90, 300, 600, 1800, 3600, 5 * 3600, DAY_S, 2 * DAY_S, 30 * DAY_S)


def random_config(rng: random.Random) -> SchedulerConfig:
    """Any config `trainer config` accepts: retention 0.70-0.99, 0-10 steps of 1s-30d, a
    maximum interval of 1-36500 days, fsrs's defaults or fitted parameters within bounds."""
    low, high = bounds()
    parameters = None
    if rng.random() < 0.6:
        parameters = tuple(round(rng.uniform(lo, hi), 6) for lo, hi in zip(low, high, strict=True))
    steps = lambda most: tuple(rng.choice(STEP_CHOICES) if rng.random() < 0.8  # noqa: E731
                               else rng.randint(1, 30 * DAY_S) for _ in range(rng.randint(0, most)))
    retention = rng.choice((0.9, 0.7, 0.99, round(rng.uniform(0.7, 0.99), 2), rng.uniform(0.7, 0.99)))
    return SchedulerConfig(
        desired_retention=retention,
        learning_steps=rng.choice(((60, 600), steps(4), steps(10))),
        relearning_steps=rng.choice(((600,), steps(3), ())),
        maximum_interval=rng.choice((36500, 365, 30, 1, rng.randint(1, 36500))),
        fuzz=False, parameters=parameters)


def gap_ms(rng: random.Random, memory: Memory, now_ms: int) -> int:
    """Time to the next answer: the same millisecond, seconds, the same day, at the due time to
    the millisecond, a day boundary to the millisecond, days, years."""
    kind = rng.random()
    if kind < 0.05:
        return 0
    if kind < 0.25:
        return rng.randint(1, 600_000)
    if kind < 0.45:
        return rng.randint(600_000, DAY_S * 1000 - 1)
    if kind < 0.6 and memory.due is not None:
        return max(0, memory.due * 1000 - now_ms + rng.choice((0, -1, 1, 999, 1000)))
    if kind < 0.7 and memory.last_review is not None:  # around whole days since the last review
        target = memory.last_review * 1000 + rng.randint(1, 5) * DAY_S * 1000 + rng.choice((-1, 0, 1))
        return max(0, target - now_ms)
    if kind < 0.95:
        return rng.randint(DAY_S * 1000, 90 * DAY_S * 1000)
    return rng.randint(90 * DAY_S * 1000, 4 * 365 * DAY_S * 1000)


def by_fsrs(memory: Memory, rating: int, at_ms: int, config: SchedulerConfig) -> Memory:
    """What the study screen computes for the answer (its clock read as the log keeps it)."""
    return review(memory, Rating(rating), datetime.fromtimestamp(at_ms / 1000, UTC), config)


@pytest.mark.parametrize("seed", range(8))
def test_every_answer_of_random_histories_gives_the_memory_fsrs_gives(seed):
    rng = random.Random(seed)
    states, compared = set(), 0
    for history in range(500):
        config = random_config(rng)
        ours = Exact(config)
        memory = Memory()
        now_ms = rng.randint(1_500_000_000_000, 1_900_000_000_000)
        for _ in range(rng.randint(1, 40)):
            if rng.random() < 0.02:  # the user changed the config between two answers
                config = random_config(rng)
                ours = Exact(config)
            now_ms += gap_ms(rng, memory, now_ms)
            rating = rng.choices((1, 2, 3, 4), weights=(25, 15, 45, 15))[0]
            expected = by_fsrs(memory, rating, now_ms, config)
            got = ours.review(memory, rating, now_ms)
            assert got == expected, (seed, history, memory, rating, now_ms, config)
            # == on floats is bit for bit, save for -0.0; repr is how the log writes them
            assert got.to_json() == expected.to_json()
            states.add((memory.state, expected.state))
            memory, compared = expected, compared + 1
    # the histories went through every transition the scheduler has
    assert {(NEW, LEARNING), (NEW, REVIEW), (LEARNING, LEARNING), (LEARNING, REVIEW),
            (REVIEW, REVIEW), (REVIEW, RELEARNING), (RELEARNING, RELEARNING),
            (RELEARNING, REVIEW)} <= states
    assert compared > 5000


def test_a_step_past_the_end_of_fewer_steps_graduates_as_fsrs_does():
    config = SchedulerConfig(learning_steps=(60, 600, 3600), relearning_steps=(600, 3600), fuzz=False)
    fewer = replace(config, learning_steps=(60,), relearning_steps=(600,))
    for state in (LEARNING, RELEARNING):
        memory = Memory(state=state, step=2 if state == LEARNING else 1, stability=2.5,
                        difficulty=5.0, due=1_700_000_600, last_review=1_700_000_000, reps=3)
        for rating in (1, 2, 3, 4):
            at = 1_700_000_900_123
            assert exact(fewer).review(memory, rating, at) == by_fsrs(memory, rating, at, fewer)


def test_suspension_and_burial_pass_through_and_the_input_is_untouched():
    memory = Memory(state=REVIEW, stability=10.0, difficulty=4.0, due=1_700_864_000,
                    last_review=1_700_000_000, reps=4, lapses=1, suspended=True, buried_until=9)
    copy = replace(memory)
    after = exact(SchedulerConfig()).review(memory, 1, 1_700_900_000_000)
    assert (after.suspended, after.buried_until, after.lapses, after.state) == (True, 9, 2, RELEARNING)
    assert memory == copy


def test_fuzz_plays_no_part():
    config = SchedulerConfig(learning_steps=(60,), maximum_interval=400)  # fuzz on, the default
    at = 1_700_086_400_000
    memory = exact(config).review(Memory(), 3, at - DAY_S * 1000)
    assert exact(config).review(memory, 4, at) == exact(replace(config, fuzz=False)).review(memory, 4, at) \
        == by_fsrs(memory, 4, at, replace(config, fuzz=False))
