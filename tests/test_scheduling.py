"""`trainer optimize` and `trainer simulate` on a real store holding a synthetic learner's history."""

from __future__ import annotations

import itertools
import json
import math
import shutil
from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import TZ
from tests.learner import true_parameters
from tests.seedtools import FIXTURES
from tests.studied import PRACTICE, card_id, learner_log, store_history, write_practice_deck
from trainer import settings
from trainer.cli import app
from trainer.collection import sync_decks
from trainer.days import Calendar
from trainer.errors import BadInput
from trainer.model import Rating
from trainer.optimize import Kind, check_parameters
from trainer.schedule import interval_label, seconds
from trainer.scheduling import DEFAULTS, OWN, default_parameters, optimize, workload
from trainer.store import Store
from trainer.store.schema import KIND_CRAM
from trainer.study import Session
from trainer.studysettings import GLOBAL

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # after the learner's last answer
CAL = Calendar(4, TZ)
CARDS = 1100  # in the practice deck
NEW_CARD = "practice-1050/qa"  # the learner studied cards 0-999: this one is still new
JSON_KEYS = {"parameters", "reviews", "counted", "needed", "log_loss_before", "log_loss_after",
             "rmse_before", "rmse_after", "applied"}


@pytest.fixture(scope="module")
def log():
    return learner_log()


def build(root, log) -> None:
    """A database and deck folder (mini + a 1100-card practice deck) under `root`, with the
    learner's answers on the practice deck merged into the log."""
    decks = root / "decks"
    decks.mkdir()
    shutil.copy(FIXTURES / "golden" / "mini.json", decks / "mini.json")
    write_practice_deck(decks, CARDS)
    store = Store.open(root / "trainer.db")
    sync_decks(store, decks, seconds(NOW))
    store.settings.set(GLOBAL, "fuzz", False)  # exact intervals on the buttons
    assert store_history(store, log, CAL) == len(log)
    store.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory, log):
    """Two months of the learner, built once; each test gets a copy."""
    root = tmp_path_factory.mktemp("studied")
    build(root, log)
    return root


@pytest.fixture
def paths(built, tmp_path):
    shutil.copy(built / "trainer.db", tmp_path / "trainer.db")
    shutil.copytree(built / "decks", tmp_path / "decks")
    return tmp_path / "trainer.db", tmp_path / "decks"


@pytest.fixture
def studied(paths):
    s = Store.open(paths[0])
    yield s
    s.close()


def cli(paths, *args: str):
    db, decks = paths
    return CliRunner().invoke(app, ["--db", str(db), "--decks", str(decks), *args])


def stored(paths) -> dict:
    """Every stored setting, by scope, read through a connection of its own."""
    s = Store.open(paths[0])
    try:
        return {scope: s.settings.scope(scope) for scope in (GLOBAL, "mini", PRACTICE)}
    finally:
        s.close()


def easy_interval(paths, deck: str, card: str) -> str:
    """The interval the study session shows on Easy for a card, as a fresh session sees it."""
    s = Store.open(paths[0])
    try:
        return Session.open(s, deck, lambda: NOW, tz=TZ).show(card).preview(Rating.EASY)
    finally:
        s.close()


def days(stability: float) -> str:
    """The label of a first Easy's interval: at retention 0.9, FSRS's interval is the stability."""
    return interval_label(0, round(stability) * 86400)


def _distance(a, b) -> float:
    """How far apart the four initial stabilities are, on a log scale."""
    return math.dist([math.log(x) for x in a[:4]], [math.log(x) for x in b[:4]])


# -- the log as the optimizer reads it ---------------------------------------------------------


def test_the_log_comes_back_as_the_learner_gave_it(studied, log):
    events = studied.history.events(PRACTICE)
    assert Counter((e.card, e.reviewed_at_ms, e.rating, e.duration_ms, e.kind) for e in events) == \
        Counter((card_id(e.card), e.reviewed_at_ms, e.rating, e.duration_ms, e.kind) for e in log)
    assert [e.day for e in events] == [CAL.day_of(e.reviewed_at_ms // 1000) for e in events]
    assert studied.history.events("mini") == []
    assert len(studied.history.events()) == len(log)
    assert studied.history.active_cards(PRACTICE) == CARDS
    studied.cards.set_suspended(NEW_CARD, True)
    assert studied.history.active_cards(PRACTICE) == CARDS - 1
    assert studied.history.active_cards() == CARDS - 1 + 27


# -- trainer optimize ---------------------------------------------------------------------------


def test_the_fit_moves_toward_the_learner_and_predicts_better(studied, log):
    result = optimize(studied, PRACTICE)
    fitted = result.fitted
    assert fitted is not None and fitted.reviews == len(log)
    truth = true_parameters()
    assert _distance(fitted.parameters, truth) < _distance(default_parameters(), truth) / 2
    assert fitted.after.log_loss < fitted.before.log_loss
    assert fitted.after.rmse_bins < fitted.before.rmse_bins
    assert result.current == default_parameters() and not result.applied
    assert studied.settings.get(PRACTICE, "parameters") is None  # not asked to apply


def test_json_carries_exactly_the_figures(paths, log):
    result = cli(paths, "optimize", PRACTICE, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == JSON_KEYS
    assert len(out["parameters"]) == 21 and out["reviews"] == len(log)
    assert out["log_loss_after"] < out["log_loss_before"]
    assert out["rmse_after"] < out["rmse_before"] and out["applied"] is False
    assert stored(paths)[PRACTICE] == {}


def test_the_text_report_shows_before_after_and_what_was_done(paths, log):
    result = cli(paths, "optimize", "Practice")  # a deck's name works as well as its id
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"deck Practice: fitted to {len(log):,} reviews of ")
    assert any(line.split()[:3] == ["parameters", "in", "use"] for line in lines)
    assert any(line.split()[:2] == ["fitted", "parameters"] and len(line.split()) == 4
               for line in lines)
    assert lines[-1] == "not applied: pass --apply to schedule with them"
    assert all(len(line) <= 80 for line in lines)


def test_apply_changes_the_interval_the_study_session_shows(paths):
    before = easy_interval(paths, PRACTICE, NEW_CARD)
    assert before == "8d"  # FSRS-6's default first stability for Easy, 8.3 days
    result = cli(paths, "optimize", PRACTICE, "--apply", "--json")
    out = json.loads(result.stdout)
    assert result.exit_code == 0 and out["applied"] is True
    assert stored(paths)[PRACTICE]["parameters"] == out["parameters"]
    # this learner's first memories are stronger: a first Easy is trusted for longer
    after = easy_interval(paths, PRACTICE, NEW_CARD)
    assert after == days(out["parameters"][3]) and out["parameters"][3] > 12
    assert easy_interval(paths, "mini", "hcq-every-patient/qa") == "8d"  # another deck: untouched
    shown = cli(paths, "config", "--deck", PRACTICE)
    line = next(x for x in shown.stdout.splitlines() if x.split()[0] == "parameters")
    assert f"{out['parameters'][0]:.4g}" in line and "… (21)" in line and "(this deck)" in line


def test_fitting_the_same_history_again_changes_nothing(paths):
    first = json.loads(cli(paths, "optimize", PRACTICE, "--apply", "--json").stdout)
    second = cli(paths, "optimize", PRACTICE, "--apply", "--json")
    assert second.exit_code == 0
    again = json.loads(second.stdout)
    assert again["parameters"] == first["parameters"] and again["applied"] is False
    assert "the parameters in use already" in cli(paths, "optimize", PRACTICE, "--apply").stdout
    assert stored(paths)[PRACTICE]["parameters"] == first["parameters"]


def test_every_deck_fits_the_whole_log_and_applies_globally(paths):
    out = json.loads(cli(paths, "optimize", "--apply", "--json").stdout)
    assert out["applied"] is True
    assert stored(paths)[GLOBAL]["parameters"] == out["parameters"]
    assert stored(paths)[PRACTICE] == {}
    # a deck without parameters of its own uses the global ones
    assert easy_interval(paths, "mini", "hcq-every-patient/qa") == days(out["parameters"][3])


def test_reset_removes_the_stored_parameters(paths):
    own = json.loads(cli(paths, "optimize", PRACTICE, "--apply", "--json").stdout)["parameters"]
    shared = list(default_parameters())
    shared[3] = 20.0
    assert cli(paths, "config", "parameters", " ".join(map(str, shared))).exit_code == 0
    assert easy_interval(paths, PRACTICE, NEW_CARD) == days(own[3])  # its own come first
    result = cli(paths, "optimize", PRACTICE, "--reset")
    assert result.exit_code == 0
    assert result.stdout.strip() == ("removed the parameters stored for deck Practice: it is "
                                     "scheduled with the global parameters")
    assert "parameters" not in stored(paths)[PRACTICE]
    assert easy_interval(paths, PRACTICE, NEW_CARD) == "20d"
    assert cli(paths, "optimize", "--reset").exit_code == 0
    assert stored(paths)[GLOBAL] == {"fuzz": False}
    assert easy_interval(paths, PRACTICE, NEW_CARD) == "8d"
    again = json.loads(cli(paths, "optimize", "--reset", "--json").stdout)
    assert again == {"removed": False, "parameters": list(default_parameters()), "source": DEFAULTS}


def test_apply_and_reset_together_are_refused(paths):
    result = cli(paths, "optimize", "--apply", "--reset")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "cannot be used together" in result.stderr


def test_too_little_history_says_how_many_more_reviews_and_changes_nothing(tmp_path):
    build(tmp_path, learner_log(cards=200, new_per_day=10, days=8, seed=2))
    paths = (tmp_path / "trainer.db", tmp_path / "decks")
    before = stored(paths)
    result = cli(paths, "optimize", PRACTICE, "--apply")
    assert result.exit_code == 1
    text = " ".join(result.stdout.split())
    needed = int(text.split("; ")[1].split()[0])
    assert 0 < needed < 64
    assert f"{needed} more reviews needed" in text and f"{64 - needed} of 64 so far" in text
    assert "Nothing was changed." in text
    assert stored(paths) == before
    out = json.loads(cli(paths, "optimize", PRACTICE, "--json").stdout)
    assert set(out) == JSON_KEYS and out["parameters"] is None and out["applied"] is False
    assert out["reviews"] > 0
    # the figures the text gives: what a fit counts, and how many more it needs
    assert (out["counted"], out["needed"]) == (64 - needed, needed)


def test_a_deck_never_studied_needs_every_review(paths):
    result = cli(paths, "optimize", "mini", "--apply")
    assert result.exit_code == 1 and "64 more reviews needed" in " ".join(result.stdout.split())
    assert stored(paths)["mini"] == {}


def test_an_unknown_deck_is_one_line(paths):
    for command in ("optimize", "simulate"):
        result = cli(paths, command, "nope")
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert "no deck named 'nope'" in result.stderr


# -- resets and cram answers ---------------------------------------------------------------------


def test_a_reset_card_is_fitted_from_its_new_start_only(store, clock):
    from trainer.browse import Browser
    from trainer.optimize import training_items

    session = Session.open(store, "mini", clock, tz=TZ)
    card = "hcq-every-patient/qa"

    def answer(rating: Rating) -> None:
        session.grade(session.show(card), rating, 3000)

    for later, rating in ((0, Rating.GOOD), (0, Rating.GOOD), (3, Rating.AGAIN), (0, Rating.GOOD)):
        clock.advance(days=later, minutes=15)
        answer(rating)
    Browser(store, clock, TZ).reset(card)
    clock.advance(days=2)
    answer(Rating.EASY)
    clock.advance(days=30)  # due by then
    answer(Rating.GOOD)
    events = store.history.events("mini")
    assert [e.kind for e in events] == [Kind.LEARN, Kind.LEARN, Kind.REVIEW, Kind.RELEARN,
                                        Kind.RESET, Kind.LEARN, Kind.REVIEW]
    items, reviews, _ = training_items(events)
    assert items == [((4, 0), (3, 30))] and reviews == 2  # the life before the reset is gone
    # reset again and not studied since: nothing of the card trains the model
    Browser(store, clock, TZ).reset(card)
    assert store.history.events("mini")[-1].kind == Kind.RESET
    assert training_items(store.history.events("mini")) == ([], 0, 0)


def test_cram_answers_neither_train_nor_look_like_a_reset(store, clock):
    from trainer.optimize import training_items

    session = Session.open(store, "mini", clock, tz=TZ)
    card = "hcq-every-patient/qa"
    memory, version = store.cards.versioned(card)
    # a cram answer on a new card leaves it new (custom study with scheduling off)
    store.reviews.record(card, 3, seconds(clock()) * 1000, CAL.day(clock()), 2000, memory, memory,
                         version, KIND_CRAM)
    clock.advance(minutes=5)
    session.grade(session.show(card), Rating.GOOD, 3000)
    clock.advance(minutes=10)
    session.grade(session.show(card), Rating.GOOD, 3000)
    clock.advance(days=3)
    session.grade(session.show(card), Rating.GOOD, 3000)
    kinds = [e.kind for e in store.history.events("mini")]
    assert kinds == [Kind.CRAM, Kind.LEARN, Kind.LEARN, Kind.REVIEW]
    assert training_items(store.history.events("mini"))[1] == 3


# -- trainer simulate ---------------------------------------------------------------------------


def simulated(paths, *args: str) -> dict:
    result = cli(paths, "simulate", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_simulate_gives_one_workload_per_retention_over_every_day(paths):
    out = simulated(paths, PRACTICE, "--days", "200")
    assert [r["retention"] for r in out["retentions"]] == [0.8, 0.85, 0.9, 0.95]
    assert (out["deck"], out["days"], out["cards"], out["new_per_day"]) == (PRACTICE, 200, CARDS, 20)
    assert out["parameters"] == DEFAULTS and out["desired_retention"] == 0.9
    for r in out["retentions"]:
        assert len(r["daily_reviews"]) == len(r["daily_minutes"]) == 200
        assert r["reviews_per_day"] == pytest.approx(sum(r["daily_reviews"]) / 200, abs=0.01)
        assert 0 < r["remembered"] <= CARDS


def test_higher_retention_costs_more_and_keeps_more(paths):
    out = simulated(paths, PRACTICE)
    for low, high in itertools.pairwise(out["retentions"]):
        assert high["reviews_per_day"] > low["reviews_per_day"]
        assert high["minutes_per_day"] > low["minutes_per_day"]
        assert high["remembered"] > low["remembered"]


def test_retentions_are_given_as_a_list_after_the_flag(paths):
    spaced = simulated(paths, "--retention", "0.95", "0.8", PRACTICE, "--days", "30")
    repeated = simulated(paths, PRACTICE, "--days", "30", "--retention", "0.8", "--retention", "0.95")
    assert [r["retention"] for r in spaced["retentions"]] == [0.8, 0.95]
    assert spaced == repeated


def test_the_simulation_uses_the_decks_parameters_and_the_learners_times(paths, log):
    default = simulated(paths, PRACTICE, "--days", "120", "--retention", "0.9")
    assert default["answers"] == len(log)  # every answer took 3-15 s: all count
    cli(paths, "optimize", PRACTICE, "--apply")
    fitted = simulated(paths, PRACTICE, "--days", "120", "--retention", "0.9")
    assert fitted["parameters"] == OWN
    # stronger first memories: fewer reviews for the same retention
    assert fitted["retentions"][0]["reviews_per_day"] < default["retentions"][0]["reviews_per_day"]


def test_every_deck_is_the_sum_of_the_decks(paths):
    both = simulated(paths, "--days", "60", "--retention", "0.9")
    mini = simulated(paths, "mini", "--days", "60", "--retention", "0.9")
    practice = simulated(paths, PRACTICE, "--days", "60", "--retention", "0.9")
    assert both["cards"] == mini["cards"] + practice["cards"] == CARDS + 27
    assert both["new_per_day"] == 40
    assert both["retentions"][0]["daily_reviews"] == [
        a + b for a, b in zip(mini["retentions"][0]["daily_reviews"],
                              practice["retentions"][0]["daily_reviews"], strict=True)]


def test_simulate_text_is_a_table_and_a_chart(paths):
    result = cli(paths, "simulate", PRACTICE, "--days", "90")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    head = lines.index(next(x for x in lines if x.split()[:1] == ["retention"]))
    rows = [line.split() for line in lines[head + 1:head + 5]]
    assert [r[0] for r in rows] == ["80%", "85%", "90%", "95%"]
    assert rows[2][-2:] == ["◀", "in"] or rows[2][-3:] == ["◀", "in", "use"]
    chart = lines[lines.index("minutes a day") + 1:][:4]
    bars = [len(line.split()[1]) for line in chart]
    assert bars == sorted(bars) and bars[-1] == 40  # the dearest retention fills the width
    assert all(set(line.split()[1]) <= set("█▏▎▍▌▋▊▉") for line in chart)


@pytest.mark.parametrize("args, message", [
    (["--retention", "1.2"], "option --retention: 1.2 is out of range; allowed: 0.70-0.99"),
    (["--retention", "0.9", "-0.5"], "option --retention: -0.5 is out of range"),
    (["--days", "0"], "option --days: 0 is out of range; allowed: 1-3650"),
    (["--days", "-5"], "option --days: -5 is out of range"),
    (["mini", "practice"], "one deck at a time"),
])
def test_bad_requests_are_one_line(paths, args, message):
    result = cli(paths, "simulate", *args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output
    assert message in result.stderr and not result.stdout


def test_workload_service_refuses_before_reading(studied):
    with pytest.raises(BadInput, match="at least one"):
        workload(studied, PRACTICE, 30, [])


# -- the parameters setting ---------------------------------------------------------------------


def test_config_sets_and_shows_parameters_within_their_bounds(paths):
    values = list(default_parameters())
    values[3] = 20.0
    typed = " ".join(str(v) for v in values)
    result = cli(paths, "config", "--deck", "mini", "parameters", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split()[1:22] == [str(v) for v in values]
    assert easy_interval(paths, "mini", "hcq-every-patient/qa") == "20d"
    listing = cli(paths, "config").stdout
    assert "parameters         defaults" in listing  # globally: nothing stored
    values[4] = 50.0
    bad = cli(paths, "config", "parameters", " ".join(str(v) for v in values))
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1
    assert "setting 'parameters': FSRS parameter 4 is 50.0, outside" in bad.stderr
    short = cli(paths, "config", "parameters", "0.1, 0.2, 0.3")
    assert short.exit_code == 2 and "21 parameters, got 3" in short.stderr
    words = cli(paths, "config", "parameters", "fitted")
    assert words.exit_code == 2 and "'fitted' is not a valid set of FSRS-6 parameters" in words.stderr
    assert stored(paths)[GLOBAL] == {"fuzz": False}


@given(st.text(alphabet=st.sampled_from("0123456789.,-+e naif\t"), max_size=200)
       | st.lists(st.floats(allow_nan=True), min_size=0, max_size=25).map(
           lambda xs: " ".join(map(str, xs))))
def test_typed_parameters_are_parameters_or_one_clear_error(text):
    try:
        value = settings.parse("parameters", text)
    except BadInput as exc:
        assert str(exc).startswith("setting 'parameters': ")
    else:
        assert check_parameters(value) == tuple(value) and len(value) == 21


def _within_bounds():
    from trainer.optimize import bounds

    low, high = bounds()
    return st.tuples(*(st.floats(lo, hi) for lo, hi in zip(low, high, strict=True)))


@given(_within_bounds())
def test_parameters_shown_in_full_can_be_typed_back(values):
    shown = settings.show("parameters", list(values), full=True)
    assert settings.parse("parameters", shown) == list(values)
