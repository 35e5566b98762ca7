"""Workload simulation: one workload per retention, dearer as retention rises, in the learner's time."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.learner import history
from trainer.errors import BadInput
from trainer.optimize import Kind, ReviewEvent
from trainer.simulate import DEFAULT_RETENTIONS, costs_from_reviews, default_costs, simulate

W = tuple(__import__("fsrs_rs_python").DEFAULT_PARAMETERS)


@pytest.fixture(scope="module")
def year():
    return simulate(W, deck_size=1000, days=365, new_per_day=20)


def test_one_workload_per_retention_over_every_day(year):
    assert [w.retention for w in year] == list(DEFAULT_RETENTIONS)
    for w in year:
        assert len(w.daily_reviews) == len(w.daily_minutes) == len(w.daily_remembered) == 365
        assert w.reviews_per_day > 0 and w.minutes_per_day > 0
        assert 0 < w.remembered <= 1000
        assert w.new_per_day == pytest.approx(1000 / 365)  # the whole deck learnt, 20 a day


def test_higher_retention_costs_more_reviews_and_time_and_keeps_more(year):
    for low, high in zip(year, year[1:], strict=False):
        assert high.reviews_per_day > low.reviews_per_day
        assert high.minutes_per_day > low.minutes_per_day
        assert high.remembered > low.remembered


def test_the_same_question_gets_the_same_answer(year):
    assert simulate(W, deck_size=1000, days=365, new_per_day=20) == year


def test_a_slower_learner_spends_more_minutes_on_the_same_reviews():
    log = history(cards=400, new_per_day=20, days=40, seed=4)
    slow = [replace(e, duration_ms=e.duration_ms * 3) for e in log]
    fast_costs, slow_costs = costs_from_reviews(log), costs_from_reviews(slow)
    fast = simulate(W, 500, days=120, retentions=[0.9], costs=fast_costs)[0]
    slower = simulate(W, 500, days=120, retentions=[0.9], costs=slow_costs)[0]
    assert slower.daily_reviews == fast.daily_reviews
    assert slower.minutes_per_day > fast.minutes_per_day * 1.5


def test_the_learners_own_times_replace_the_defaults_as_history_grows():
    defaults = default_costs()
    assert costs_from_reviews([]) == defaults
    one = [ReviewEvent("a", 0, 0, 3, 60_000, Kind.REVIEW)]
    many = [ReviewEvent(f"c{i}", i, 0, 3, 60_000, Kind.REVIEW) for i in range(5000)]
    good = 2
    assert defaults.review[good] < costs_from_reviews(one).review[good] < defaults.review[good] + 2
    assert costs_from_reviews(many).review[good] == pytest.approx(60, abs=1)


def test_cram_manual_and_overlong_answers_do_not_count():
    ignored = [ReviewEvent("a", 0, 0, 3, 60_000, Kind.CRAM),
               ReviewEvent("a", 1, 0, 0, 60_000, Kind.MANUAL),
               ReviewEvent("a", 2, 0, 3, 30 * 60_000, Kind.REVIEW)]
    assert costs_from_reviews(ignored) == default_costs()


def test_an_empty_deck_costs_nothing():
    w = simulate(W, deck_size=0, days=30)[0]
    assert (w.reviews_per_day, w.minutes_per_day, w.remembered) == (0, 0, 0)
    assert len(w.daily_reviews) == 30


@pytest.mark.parametrize("kwargs, message", [
    ({"days": 0}, "at least 1"),
    ({"retentions": [0.9, 1.2]}, "1.2 is outside"),
    ({"deck_size": -1}, "negative"),
])
def test_bad_requests_are_refused(kwargs, message):
    args = {"parameters": W, "deck_size": 100, **kwargs}
    with pytest.raises(BadInput, match=message):
        simulate(**args)
