"""FSRS-6 scheduling with fuzz off: exact intervals, previews that equal grading, labels."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.model import Rating
from trainer.schedule import (
    LEARNING,
    NEW,
    RELEARNING,
    REVIEW,
    Memory,
    SchedulerConfig,
    interval_label,
    is_leech,
    outcomes,
    review,
    seconds,
    utc,
)

EXACT = SchedulerConfig(fuzz=False)
T0 = datetime(2026, 1, 1, tzinfo=UTC)
MIN, DAY = 60, 86400


def test_new_card_outcomes_follow_the_learning_steps():
    o = outcomes(Memory(), T0, EXACT)
    assert {r: (o[r].state, o[r].due - seconds(T0)) for r in Rating} == {
        Rating.AGAIN: (LEARNING, 1 * MIN),
        Rating.HARD: (LEARNING, 330),  # halfway between the 1m and 10m steps
        Rating.GOOD: (LEARNING, 10 * MIN),
        Rating.EASY: (REVIEW, 8 * DAY),
    }


def test_exact_interval_sequence_good_good_good_again_good():
    memory, now, seen = Memory(), T0, []
    for rating in (Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD):
        memory = review(memory, rating, now, EXACT)
        seen.append((memory.state, memory.due - seconds(now)))
        now = utc(memory.due)
    assert seen == [(LEARNING, 10 * MIN), (REVIEW, 2 * DAY), (REVIEW, 11 * DAY),
                    (RELEARNING, 10 * MIN), (REVIEW, 2 * DAY)]
    assert memory.reps == 5 and memory.lapses == 1


def test_settings_change_the_schedule():
    custom = SchedulerConfig(fuzz=False, learning_steps=(120,), maximum_interval=5)
    first = review(Memory(), Rating.AGAIN, T0, custom)
    assert first.state == LEARNING and first.due - seconds(T0) == 120
    graduated = review(first, Rating.GOOD, utc(first.due), custom)
    assert graduated.state == REVIEW
    assert graduated.due - first.due <= 5 * DAY  # maximum interval


def test_fuzz_is_random_so_previews_must_be_computed_once():
    # why Session grades with the stored outcome (tested in test_study): recomputing differs
    fuzzy = SchedulerConfig(fuzz=True)
    memory = Memory(state=REVIEW, stability=40.0, difficulty=5.0, due=seconds(T0),
                    last_review=seconds(T0) - 40 * DAY, reps=5)
    dues = {review(memory, Rating.GOOD, T0, fuzzy).due for _ in range(30)}
    assert len(dues) > 1


def test_review_is_pure():
    memory = Memory()
    review(memory, Rating.GOOD, T0, EXACT)
    assert memory == Memory() and memory.state == NEW


def test_leech_on_the_eighth_lapse():
    before = Memory(state=REVIEW, stability=1.0, difficulty=9.0, due=seconds(T0),
                    last_review=seconds(T0) - DAY, reps=20, lapses=7)
    after = review(before, Rating.AGAIN, T0, EXACT)
    assert after.lapses == 8 and is_leech(before, after)
    assert not is_leech(after, review(after, Rating.GOOD, T0, EXACT))


def test_interval_labels():
    assert [interval_label(0, s) for s in (10, 60, 600, 3 * 3600, DAY, 45 * DAY, 400 * DAY)] == [
        "<1m", "1m", "10m", "3h", "1d", "1.5mo", "1.1y"]


@settings(max_examples=300)
@given(state=st.integers(0, 3), step=st.none() | st.integers(0, 5),
       stability=st.none() | st.floats(allow_nan=False, allow_infinity=False),
       difficulty=st.none() | st.floats(allow_nan=False, allow_infinity=False),
       due=st.none() | st.integers(-2**62, 2**62), reps=st.integers(0, 10**6),
       suspended=st.booleans())
def test_memory_json_is_what_json_dumps_writes(state, step, stability, difficulty, due, reps,
                                               suspended):
    import json

    m = Memory(state=state, step=step, stability=stability, difficulty=difficulty, due=due,
               last_review=due, reps=reps, lapses=reps // 3, suspended=suspended, buried_until=due)
    assert m.to_json() == json.dumps(list(m.to_dict().values()), separators=(",", ":"))
    assert Memory.from_json(m.to_json()) == m
    # the objects logged before schema v7 read back the same
    assert Memory.from_json(json.dumps(m.to_dict())) == m


def _days(memory, now) -> float:
    return (memory.due - seconds(now)) / 86_400


def test_easy_comes_a_day_after_good_where_fsrs_alone_gives_both_the_same_day():
    # Again, then Good: the card is on its last step, where fsrs gives Good and Easy one day
    # each (as a user saw on the buttons); Anki keeps Easy a day past Good, and so do we
    first = review(Memory(), Rating.AGAIN, T0, EXACT)
    on_last_step = review(first, Rating.GOOD, utc(first.due), EXACT)
    now = utc(on_last_step.due)
    buttons = outcomes(on_last_step, now, EXACT)
    assert (_days(buttons[Rating.GOOD], now), _days(buttons[Rating.EASY], now)) == (1, 2)
    assert review(on_last_step, Rating.EASY, now, EXACT) == buttons[Rating.EASY]  # the grade applies it


@pytest.mark.parametrize("config", [EXACT, SchedulerConfig(), SchedulerConfig(maximum_interval=5)],
                         ids=["exact", "fuzzed", "five-day-cap"])
def test_the_buttons_in_days_run_hard_good_easy_each_a_day_past_the_last(config):
    rng = random.Random(7)
    for _ in range(60):
        memory, now = Memory(), T0
        for _ in range(rng.randint(1, 12)):
            buttons = outcomes(memory, now, config)
            in_days = [_days(buttons[r], now) for r in (Rating.HARD, Rating.GOOD, Rating.EASY)
                       if buttons[r].state == REVIEW]
            assert all(d == int(d) and 1 <= d <= config.maximum_interval for d in in_days)
            for a, b in itertools.pairwise(in_days):
                assert b >= a + 1 or b == a == config.maximum_interval, (memory, in_days)
            memory = buttons[Rating(rng.choice((1, 2, 3, 3, 3, 4)))]
            now = utc(max(seconds(now) + 60, memory.due + rng.choice((-3600, 0, 86_400, 9 * 86_400))))
