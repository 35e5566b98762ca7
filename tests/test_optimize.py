"""Fitting FSRS parameters: the log prepared as Anki prepares it, a fit that finds the learner."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import pytest

from tests.learner import history, true_parameters
from trainer.errors import BadInput
from trainer.model import Rating
from trainer.optimize import (
    MIN_ITEMS,
    Fitted,
    Kind,
    NotEnoughHistory,
    ReviewEvent,
    check_parameters,
    fit,
    kind_from_anki,
    kind_of,
    training_items,
)
from trainer.schedule import Memory, SchedulerConfig, review, seconds

DEFAULTS = check_parameters(__import__("fsrs_rs_python").DEFAULT_PARAMETERS)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def log(*answers: tuple[int, Kind, int], card: str = "c") -> list[ReviewEvent]:
    """Answers of one card as (study day, kind, rating), an hour apart."""
    return [ReviewEvent(card, (day * 86400 + i * 3600) * 1000, day, rating, 8000, kind)
            for i, (day, kind, rating) in enumerate(answers)]


L, R, RL, E, C, X, M = (Kind.LEARN, Kind.REVIEW, Kind.RELEARN, Kind.EARLY, Kind.CRAM,
                        Kind.RESET, Kind.MANUAL)


@pytest.fixture(scope="module")
def month() -> list[ReviewEvent]:
    """Two months of a learner with stronger first memories than the defaults assume."""
    return history(cards=1000, new_per_day=20, days=60, seed=1)


@pytest.fixture(scope="module")
def fitted(month) -> Fitted:
    result = fit(month)
    assert isinstance(result, Fitted), result
    return result


# -- preparing the log ---------------------------------------------------------------------------

def test_one_item_per_later_day_answer_with_delta_t_in_study_days():
    items, reviews, cards = training_items(log((0, L, 3), (0, L, 3), (2, R, 3), (7, R, 1),
                                               (7, RL, 3), (8, R, 3)))
    assert items == [((3, 0), (3, 0), (3, 2)),
                     ((3, 0), (3, 0), (3, 2), (1, 5)),
                     ((3, 0), (3, 0), (3, 2), (1, 5), (3, 0), (3, 1))]
    assert (reviews, cards) == (6, 1)


def test_cram_answers_neither_count_nor_break_the_history():
    items, reviews, _ = training_items(log((0, L, 3), (2, R, 3), (3, C, 1), (6, R, 3)))
    assert items == [((3, 0), (3, 2)), ((3, 0), (3, 2), (3, 4))]
    assert reviews == 3


def test_manual_changes_are_dropped_but_keep_the_history():
    items, _, _ = training_items(log((0, L, 3), (2, R, 3), (3, M, 0), (6, R, 3)))
    assert items == [((3, 0), (3, 2)), ((3, 0), (3, 2), (3, 4))]


def test_a_reset_ends_the_earlier_life_of_a_card():
    items, reviews, _ = training_items(log((0, L, 3), (2, R, 1), (3, X, 0), (4, L, 4), (9, R, 3)))
    assert items == [((4, 0), (3, 5))]
    assert reviews == 2


def test_cards_without_a_complete_history_are_left_out():
    no_learning = log((0, R, 3), (3, R, 3), card="imported")
    graded_after_reset = log((0, L, 3), (2, R, 3), (3, X, 0), (5, R, 3), card="reset")
    assert training_items(no_learning + graded_after_reset) == ([], 0, 0)


def test_early_answers_stay_with_their_shorter_elapsed_time():
    items, _, _ = training_items(log((0, L, 3), (1, R, 3), (3, E, 3)))
    assert items == [((3, 0), (3, 1)), ((3, 0), (3, 1), (3, 2))]


def test_items_come_in_time_order_whatever_the_input_order():
    a = log((0, L, 3), (5, R, 3), card="a")
    b = log((1, L, 3), (3, R, 3), card="b")
    events = a + b
    random.Random(3).shuffle(events)
    items, _, cards = training_items(events)
    assert items == [((3, 0), (3, 2)), ((3, 0), (3, 5))] and cards == 2


def test_kinds_of_our_reviews_and_of_anki_revlog_rows():
    assert [kind_of(0), kind_of(1), kind_of(2), kind_of(2, early=True), kind_of(3),
            kind_of(2, cram=True)] == [L, L, R, E, RL, C]
    # Anki revlog (type, factor, ease): filtered without rescheduling has factor 0
    assert [kind_from_anki(0, 0, 3), kind_from_anki(1, 2500, 3), kind_from_anki(2, 2500, 1),
            kind_from_anki(3, 0, 3), kind_from_anki(3, 2500, 3), kind_from_anki(4, 0, 0),
            kind_from_anki(4, 2500, 0), kind_from_anki(5, 2500, 0)] == [L, R, RL, C, E, X, M, M]


# -- fitting ------------------------------------------------------------------------------------

def _distance(a, b) -> float:
    """How far apart the four initial stabilities are, on a log scale."""
    return math.dist([math.log(x) for x in a[:4]], [math.log(x) for x in b[:4]])


def test_the_fit_moves_toward_the_learners_parameters(fitted):
    truth = true_parameters()
    assert fitted.scope == "full" and len(fitted.parameters) == 21
    assert _distance(fitted.parameters, truth) < _distance(DEFAULTS, truth) / 2


def test_the_fit_predicts_the_learners_answers_better(fitted):
    assert fitted.time_series
    assert fitted.after.log_loss < fitted.before.log_loss
    assert fitted.after.rmse_bins < fitted.before.rmse_bins
    assert fitted.after_in_sample.log_loss < fitted.before_in_sample.log_loss
    assert fitted.better
    assert fitted.reviews > fitted.items >= MIN_ITEMS and fitted.cards > 0


def test_the_fit_is_deterministic_whatever_the_order_of_the_log(month, fitted):
    shuffled = list(month)
    random.Random(7).shuffle(shuffled)
    assert fit(shuffled) == fitted


def test_fitted_parameters_change_the_next_interval(fitted):
    exact = SchedulerConfig(fuzz=False)
    own = SchedulerConfig(fuzz=False, parameters=fitted.parameters)
    default_days = (review(Memory(), Rating.EASY, T0, exact).due - seconds(T0)) / 86400
    own_days = (review(Memory(), Rating.EASY, T0, own).due - seconds(T0)) / 86400
    # this learner's first memories are stronger than the defaults: a first Easy lasts longer
    assert own_days > default_days * 1.5


# -- too little history -------------------------------------------------------------------------

def test_too_little_history_says_how_many_more_reviews_are_needed():
    result = fit(history(cards=200, new_per_day=10, days=8, seed=2))
    assert isinstance(result, NotEnoughHistory)
    assert 0 < result.items and 0 < result.needed < MIN_ITEMS
    assert result.items + result.needed == MIN_ITEMS
    assert str(result) == f"not enough history: {result.needed} more reviews needed"


def test_more_history_needs_fewer_more_reviews():
    short = fit(history(cards=200, new_per_day=10, days=6, seed=2))
    longer = fit(history(cards=200, new_per_day=10, days=9, seed=2))
    assert isinstance(short, NotEnoughHistory)
    assert isinstance(longer, Fitted) or longer.needed < short.needed


def test_no_history_at_all():
    result = fit([])
    assert isinstance(result, NotEnoughHistory) and result.needed == MIN_ITEMS


def test_bad_parameters_are_refused_with_the_reason():
    with pytest.raises(BadInput, match="21 parameters, got 3"):
        check_parameters([1, 2, 3])
    bad = list(DEFAULTS)
    bad[4] = 50.0
    with pytest.raises(BadInput, match="parameter 4 is 50.0"):
        check_parameters(bad)
    with pytest.raises(BadInput, match="numbers"):
        check_parameters(["x"] * 21)
