"""Workload simulation (fsrs-rs's simulator): reviews, minutes and cards remembered per desired retention.

The learner's own answer times and rating habits come from the review log (`costs_from_reviews`,
the same `ReviewEvent` records the optimizer reads), worked out as fsrs-rs's
`extract_simulator_config` does: answers taking between 0 and 20 minutes count; seconds per
answer are the mean per (state, rating); the rating mix and the learning-step transitions come
from each card's answers grouped by study day; every figure is blended with the library's default
by the weight n / (n + 50), so a short history leans on the defaults.

fsrs-rs-python 0.9.3's `simulate` takes no existing cards: the deck is simulated from its first
day, `new_per_day` new cards a day, so the figures describe learning this deck at this pace with
these parameters. That is what a choice of retention is compared on; today's card states do not
enter. Data only: the interface draws the chart.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainer.errors import BadInput
from trainer.optimize import Kind, ReviewEvent, check_parameters
from trainer.schedule import LEECH_LAPSES

DEFAULT_RETENTIONS = (0.80, 0.85, 0.90, 0.95)
WALKED_AWAY_MS = 20 * 60 * 1000  # an imported answer this long is a learner who walked away: not timed
PRIOR_WEIGHT = 50  # answers at which a learner's own figure and the default weigh the same
_STATES = {Kind.LEARN: 0, Kind.REVIEW: 1, Kind.EARLY: 1, Kind.RELEARN: 2}

Row = tuple[float, ...]  # one value per rating: again, hard, good, easy


@dataclass(frozen=True)
class Costs:
    """What one answer costs and how a learner answers: seconds per answer by state and rating
    (again, hard, good, easy), the rating mix, and the same-day step transitions."""

    learn: Row
    review: Row
    relearn: Row
    first_rating: Row  # probabilities of the ratings of a card's first answer of a day in learning
    recall_rating: tuple[float, ...]  # hard, good, easy among recalled reviews
    learning_steps: tuple[Row, ...]  # next rating after again / hard / good, in learning
    relearning_steps: tuple[Row, ...]  # the same in relearning
    answers: int = 0  # answers the learner's own figures come from (0: the library's defaults)


def default_costs() -> Costs:
    """The library's defaults (measured on Anki users)."""
    from fsrs_rs_python import default_simulator_config

    c = default_simulator_config()
    rows = [tuple(float(x) for x in r) for r in c.state_rating_costs]
    return Costs(learn=rows[0], review=rows[1], relearn=rows[2],
                 first_rating=tuple(float(x) for x in c.first_rating_prob),
                 recall_rating=tuple(float(x) for x in c.review_rating_prob),
                 learning_steps=tuple(tuple(float(x) for x in r) for r in c.learning_step_transitions),
                 relearning_steps=tuple(tuple(float(x) for x in r)
                                        for r in c.relearning_step_transitions))


def _blend(own: float, default: float, n: float) -> float:
    weight = n / (n + PRIOR_WEIGHT)
    return weight * own + (1 - weight) * default


def _shares(counts: Sequence[float]) -> list[float]:
    total = sum(counts)
    return [c / total for c in counts]


def _transitions(sequences: list[list[int]], default: Sequence[Row]) -> tuple[Row, ...]:
    """Rows again/hard/good: how often each rating follows it the same day (Laplace-smoothed,
    then blended with the default by how many transitions the row has)."""
    counts = [[1.0] * 4 for _ in range(4)]
    for seq in sequences:
        for a, b in itertools.pairwise(seq):
            counts[a - 1][b - 1] += 1
    rows = []
    for i in range(3):
        n = sum(counts[i])
        rows.append(tuple(_blend(p, d, n) for p, d in zip(_shares(counts[i]), default[i],
                                                          strict=True)))
    return tuple(rows)


def costs_from_reviews(events: Iterable[ReviewEvent]) -> Costs:
    """The learner's own costs and habits from the review log (cram, reset and manual entries
    left out), blended with the defaults where the log is thin."""
    base = default_costs()
    sums = [[0.0] * 4 for _ in range(3)]
    counts = [[0] * 4 for _ in range(3)]
    days: dict[tuple, list[tuple[int, int, int]]] = {}
    answers = 0
    for e in events:
        state = _STATES.get(e.kind)
        if state is None or not 1 <= e.rating <= 4 or not 0 < e.duration_ms < WALKED_AWAY_MS:
            continue
        answers += 1
        sums[state][e.rating - 1] += e.duration_ms / 1000
        counts[state][e.rating - 1] += 1
        days.setdefault((e.card, e.day), []).append((e.reviewed_at_ms, state, e.rating))
    if not answers:
        return base
    defaults = (base.learn, base.review, base.relearn)
    rows = [tuple(_blend(sums[s][r] / counts[s][r] if counts[s][r] else d, d, counts[s][r])
                  for r, d in enumerate(defaults[s])) for s in range(3)]
    first, recalled = [0] * 4, [0] * 3
    learning, relearning = [], []
    for group in days.values():
        group.sort()
        state, rating = group[0][1], group[0][2]
        ratings = [g[2] for g in group]
        if state == 0:
            first[rating - 1] += 1
            learning.append(ratings)
        elif state == 1:
            if rating > 1:
                recalled[rating - 2] += 1
            else:
                relearning.append(ratings)
    n_first, n_recalled = sum(first), sum(recalled)
    first_p = (tuple(_blend(p, d, n_first) for p, d in zip(_shares(first), base.first_rating,
                                                            strict=True))
               if n_first else base.first_rating)
    recall_p = (tuple(_blend(p, d, n_recalled) for p, d in zip(_shares(recalled),
                                                               base.recall_rating, strict=True))
                if n_recalled else base.recall_rating)
    return Costs(learn=rows[0], review=rows[1], relearn=rows[2], first_rating=first_p,
                 recall_rating=recall_p,
                 learning_steps=_transitions(learning, base.learning_steps),
                 relearning_steps=_transitions(relearning, base.relearning_steps), answers=answers)


@dataclass(frozen=True)
class Workload:
    """What studying the deck at one desired retention costs, per day, over the simulation."""

    retention: float
    reviews_per_day: float  # mean reviews of cards already learnt
    new_per_day: float  # mean cards learnt
    minutes_per_day: float  # mean time spent, learning and reviewing
    remembered: float  # cards expected to be recalled on the last day
    daily_reviews: tuple[int, ...]
    daily_minutes: tuple[float, ...]
    daily_remembered: tuple[float, ...]


def simulate(parameters: Sequence[float], deck_size: int, days: int = 365,
             retentions: Sequence[float] = DEFAULT_RETENTIONS, new_per_day: int = 20,
             reviews_per_day: int | None = None, maximum_interval: int = 36500,
             learning_steps: int = 2, relearning_steps: int = 1, costs: Costs | None = None,
             seed: int = 0) -> list[Workload]:
    """One `Workload` per desired retention, in the order given. Every retention is simulated
    with the same seed, so the figures differ by the retention, not by the dice."""
    from fsrs_rs_python import default_simulator_config
    from fsrs_rs_python import simulate as run

    if days < 1:
        raise BadInput(f"days to simulate must be at least 1, not {days}")
    if deck_size < 0 or new_per_day < 0:
        raise BadInput("the deck size and new cards per day cannot be negative")
    for r in retentions:
        if not 0.5 <= r <= 0.99:
            raise BadInput(f"desired retention {r} is outside 0.5..0.99")
    parameters = check_parameters(parameters)
    if deck_size == 0 or new_per_day == 0:  # nothing is ever learnt (fsrs-rs refuses an empty deck)
        return [Workload(float(r), 0.0, 0.0, 0.0, 0.0, (0,) * days, (0.0,) * days, (0.0,) * days)
                for r in retentions]
    c = costs or default_costs()
    config = default_simulator_config()
    config.deck_size, config.learn_span = deck_size, days
    config.max_cost_perday = float("inf")  # our limits are counts, not minutes
    config.max_ivl = float(maximum_interval)
    config.learn_limit = new_per_day
    config.review_limit = reviews_per_day if reviews_per_day is not None else 2 ** 63
    config.learning_step_count, config.relearning_step_count = learning_steps, relearning_steps
    config.suspend_after_lapses = LEECH_LAPSES  # a leech is suspended, as the study session does
    config.state_rating_costs = [list(c.learn), list(c.review), list(c.relearn)]
    config.first_rating_prob, config.review_rating_prob = list(c.first_rating), list(c.recall_rating)
    config.learning_step_transitions = [list(r) for r in c.learning_steps]
    config.relearning_step_transitions = [list(r) for r in c.relearning_steps]
    out = []
    for retention in retentions:
        result = run(list(parameters), float(retention), config, seed)
        reviews = tuple(int(x) for x in result.review_cnt_per_day)
        minutes = tuple(float(x) / 60 for x in result.cost_per_day)
        remembered = tuple(float(x) for x in result.memorized_cnt_per_day)
        out.append(Workload(
            retention=float(retention), reviews_per_day=sum(reviews) / days,
            new_per_day=sum(result.learn_cnt_per_day) / days, minutes_per_day=sum(minutes) / days,
            remembered=remembered[-1] if remembered else 0.0, daily_reviews=reviews,
            daily_minutes=minutes, daily_remembered=remembered))
    return out
