"""FSRS-6 without fuzz in plain arithmetic: a card's history replayed at a few microseconds an answer."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache, partial

from trainer.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory, SchedulerConfig, scheduler

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
DAY_MS = 86_400_000
STABILITY_MIN = 0.001
DIFFICULTY_MIN, DIFFICULTY_MAX = 1.0, 10.0


class Exact:
    """What `schedule.review` makes of an answer with fuzz off, for one scheduler config, without
    building fsrs cards and datetimes for it (a replay of 100k answers spent most of its time
    there). The formulas are FSRS-6's as published; each is evaluated in the order fsrs evaluates
    it, and with its operations (`e ** x`, not `exp(x)`): floating point is not associative, and a
    memory replayed here must equal, bit for bit, the one the study screen gives the same answers.
    tests/test_exact.py holds the two side by side over thousands of random histories."""

    def __init__(self, config: SchedulerConfig):
        w = scheduler(replace(config, fuzz=False)).parameters  # fsrs's own defaults when None
        self.w = w
        self.decay = -w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1  # R(t = S) = 90%: the curve's one free constant
        self.retention_term = config.desired_retention ** (1 / self.decay) - 1
        self.maximum_interval = config.maximum_interval
        self.learning = tuple(s * 1000 for s in config.learning_steps)  # in milliseconds
        self.relearning = tuple(s * 1000 for s in config.relearning_steps)
        # the pieces that depend on the rating alone, by rating (index 0 unused)
        self.first_difficulty = [0.0] + [self._d0(g) for g in (1, 2, 3, 4)]
        self.easy_difficulty = w[7] * self._d0(EASY)  # the target difficulty reverts to
        self.keep = 1 - w[7]
        self.delta = [0.0] + [-(w[6] * (g - 3)) for g in (1, 2, 3, 4)]
        self.same_day = [0.0] + [math.e ** (w[17] * (g - 3 + w[18])) for g in (1, 2, 3, 4)]
        self.bonus = [0.0, 0.0, w[15], 1, w[16]]  # hard penalty, easy bonus
        self.e8 = math.e ** w[8]
        self.forget_cap = math.e ** (w[17] * w[18])

    def _d0(self, g: int) -> float:
        """Initial difficulty D0(G) = w4 - e^(w5 (G - 1)) + 1, unclamped."""
        w = self.w
        return w[4] - (math.e ** (w[5] * (g - 1))) + 1

    def review(self, memory: Memory, rating: int, at_ms: int) -> Memory:
        """The memory after answering `rating` (1-4) at unix milliseconds `at_ms`."""
        new_state, new_step, s, d, wait_ms = self._answer(memory, rating, at_ms)
        lapsed = memory.state == REVIEW and rating == AGAIN
        # positional (state, step, stability, difficulty, due, last_review, reps, lapses,
        # suspended, buried_until): keywords cost a microsecond an answer more
        return Memory(new_state, new_step, s, d, (at_ms + wait_ms) // 1000, at_ms // 1000,
                      memory.reps + 1, memory.lapses + lapsed, memory.suspended, memory.buried_until)

    def _answer(self, memory: Memory, rating: int, at_ms: int) -> tuple[int, int | None, float, float, int]:
        """(state, step, stability, difficulty, wait in ms) after the answer."""
        state = memory.state
        s, d = memory.stability, memory.difficulty
        # the stability each rating would leave: the answer's own, and the buttons' before it
        # for the rule that keeps Good and Easy past them
        stability: Callable[[int], float]
        if state == NEW:  # fsrs meets a new card as learning, step 0, no memory yet
            state, step = LEARNING, 0
            stability = self._first_stability
            d = min(max(self.first_difficulty[rating], DIFFICULTY_MIN), DIFFICULTY_MAX)
        else:
            assert s is not None and d is not None  # every answered card has both
            step = memory.step or 0  # None in review, where no step is used
            last = memory.last_review
            days = None if last is None else (at_ms - last * 1000) // DAY_MS  # whole days, floor
            if days is not None and days < 1:
                stability = partial(self._short_term, s)
            else:
                recall = 0.0 if days is None else self._recall(max(0, days), s)
                if rating == AGAIN:
                    stability = partial(self._long_term, s, d, recall)
                else:  # a recall: the ratings differ by their bonus alone, the growth is shared
                    stability = partial(self._grown, s, self._growth(s, d, recall))
            d = self._next_difficulty(d, rating)
        s = stability(rating)
        new_state, new_step, wait_ms = self._schedule(state, step, s, rating)
        if rating > HARD and new_state == REVIEW:
            wait_ms = self._past_lower(state, step, stability, rating, wait_ms)
        return new_state, new_step, s, d, wait_ms

    def _first_stability(self, rating: int) -> float:
        return max(self.w[rating - 1], STABILITY_MIN)

    def _past_lower(self, state: int, step: int, stability: Callable[[int], float], rating: int,
                    wait_ms: int) -> int:
        """A wait in days kept at least a day past the button before, when that one schedules
        in days too (itself kept past the one before it): schedule.review's rule."""
        below = rating - 1
        below_state, _, below_ms = self._schedule(state, step, stability(below), below)
        if below_state != REVIEW:
            return wait_ms
        if below > HARD:
            below_ms = self._past_lower(state, step, stability, below, below_ms)
        return min(max(wait_ms, below_ms + DAY_MS), self.maximum_interval * DAY_MS)

    def _recall(self, days: int, s: float) -> float:
        """Retrievability R(t, S) = (1 + FACTOR t / S) ^ DECAY, t in whole days."""
        return (1 + self.factor * days / s) ** self.decay

    def _short_term(self, s: float, rating: int) -> float:
        """A same-day answer: S' = S e^(w17 (G - 3 + w18)) S^-w19, never lower when recalled."""
        grow = self.same_day[rating] * (s ** -self.w[19])
        if rating != AGAIN:
            grow = max(grow, 1.0)
        return max(s * grow, STABILITY_MIN)

    def _long_term(self, s: float, d: float, r: float, rating: int) -> float:
        w = self.w
        if rating == AGAIN:  # post-lapse stability, at most the short-term drop
            forgot = w[11] * (d ** -w[12]) * (((s + 1) ** w[13]) - 1) * (math.e ** ((1 - r) * w[14]))
            return max(min(forgot, s / self.forget_cap), STABILITY_MIN)
        return self._grown(s, self._growth(s, d, r), rating)

    def _growth(self, s: float, d: float, r: float) -> float:
        """A recalled card's stability gain before its rating's bonus:
        e^w8 (11 - D) S^-w9 (e^((1 - R) w10) - 1)."""
        w = self.w
        return self.e8 * (11 - d) * (s ** -w[9]) * ((math.e ** ((1 - r) * w[10])) - 1)

    def _grown(self, s: float, growth: float, rating: int) -> float:
        """S' = S (1 + gain), the gain with the hard penalty or easy bonus (multiplied last, as fsrs does)."""
        return max(s * (1 + growth * self.bonus[rating]), STABILITY_MIN)

    def _next_difficulty(self, d: float, rating: int) -> float:
        """D' = D + dD (10 - D) / 9 (linear damping), then mean reversion towards D0(Easy)."""
        damped = d + (10.0 - d) * self.delta[rating] / 9.0
        return min(max(self.easy_difficulty + self.keep * damped, DIFFICULTY_MIN), DIFFICULTY_MAX)

    def _interval_ms(self, s: float) -> int:
        """Days until R falls to the desired retention, rounded, 1 to the maximum interval."""
        days = round((s / self.factor) * self.retention_term)
        return min(max(days, 1), self.maximum_interval) * DAY_MS

    def _schedule(self, state: int, step: int, s: float, rating: int) -> tuple[int, int | None, int]:
        """The next state, step and wait: learning and relearning go through their steps (a
        step index past the end, from a config with more steps, graduates on a pass)."""
        if state == REVIEW:
            if rating == AGAIN and self.relearning:
                return RELEARNING, 0, self.relearning[0]
            return REVIEW, None, self._interval_ms(s)
        steps = self.learning if state == LEARNING else self.relearning
        if not steps or (step >= len(steps) and rating != AGAIN):
            return REVIEW, None, self._interval_ms(s)
        if rating == AGAIN:
            return state, 0, steps[0]
        if rating == HARD:
            if step == 0:  # between the first two steps; half again the only one
                wait = steps[0] * 3 // 2 if len(steps) == 1 else (steps[0] + steps[1]) // 2
                return state, 0, wait
            return state, step, steps[step]
        if rating == GOOD and step + 1 < len(steps):
            return state, step + 1, steps[step + 1]
        return REVIEW, None, self._interval_ms(s)


@lru_cache(maxsize=32)
def exact(config: SchedulerConfig) -> Exact:
    """The Exact of a config, made once (a replay asks for it card by card)."""
    return Exact(config)
