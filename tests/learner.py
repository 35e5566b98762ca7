"""A synthetic learner whose memory follows known FSRS-6 parameters, studying with our scheduler."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from trainer.model import Rating
from trainer.optimize import ReviewEvent, kind_of
from trainer.schedule import REVIEW, Memory, SchedulerConfig, review, seconds, utc

START = datetime(2026, 1, 5, 4, tzinfo=UTC)  # a study day starts here (UTC, rollover 4 am)
DAY = 86400
FIRST_RATINGS = (0.2, 0.1, 0.55, 0.15)  # again, hard, good, easy on a card's first answer
RECALL_RATINGS = (0.15, 0.75, 0.10)  # hard, good, easy when the answer is recalled
EXACT = SchedulerConfig(fuzz=False)


def true_parameters() -> list[float]:
    """A learner unlike the default one: first memories 2-3x stronger."""
    from fsrs_rs_python import DEFAULT_PARAMETERS

    w = list(DEFAULT_PARAMETERS)
    w[0:4] = [0.6, 3.0, 7.0, 20.0]
    return w


def study_day(moment: int) -> int:
    return (moment - seconds(START)) // DAY


def history(cards: int, new_per_day: int, days: int, seed: int, truth: list[float] | None = None,
            config: SchedulerConfig = EXACT) -> list[ReviewEvent]:
    """Every answer of `cards` cards, `new_per_day` introduced each day, over `days` days. The
    app schedules with `config` (default parameters); whether an answer is recalled is drawn
    from the learner's true memory (`truth`, updated by fsrs-rs per whole study day) with the
    retrievability FSRS-6 gives at that elapsed time. Seeded: the same call, the same log."""
    from fsrs_rs_python import FSRS

    rng = random.Random(seed)
    w = truth or true_parameters()
    model, decay = FSRS(w), -w[20]
    factor = 0.9 ** (1 / decay) - 1
    end = seconds(START) + days * DAY
    events: list[ReviewEvent] = []
    for card in range(cards):
        first_day = card // new_per_day
        if first_day >= days:
            break
        now = seconds(START) + first_day * DAY + rng.randrange(3600, 14 * 3600)
        memory, state, last_day = Memory(), None, None
        while now < end:
            day = study_day(now)
            if state is None:
                rating = rng.choices(range(1, 5), FIRST_RATINGS)[0]
            else:
                elapsed = day - last_day
                recall = (1 + factor * elapsed / state.stability) ** decay
                rating = (rng.choices(range(2, 5), RECALL_RATINGS)[0]
                          if rng.random() < recall else 1)
            nxt = model.next_states(state, 0.9, 0 if last_day is None else day - last_day)
            state = (nxt.again, nxt.hard, nxt.good, nxt.easy)[rating - 1].memory
            events.append(ReviewEvent(card, now * 1000, day, rating, rng.randrange(3000, 15000),
                                      kind_of(memory.state)))
            memory = review(memory, Rating(rating), utc(now), config)
            last_day = day
            due = memory.due
            if memory.state == REVIEW:  # reviewed some time during its due day
                due = seconds(START) + study_day(due) * DAY + rng.randrange(3600, 14 * 3600)
            now = max(due, now + 1)
    return events


