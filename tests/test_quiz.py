"""The quiz service: topics, choosing questions, stored attempts, reviews, and the
`trainer quiz` command's bad-input lines (typed-answer grading: test_typed.py)."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.apps import trainer_app
from tests.helpers import make_due
from trainer.errors import TrainerError
from trainer.model import Rating
from trainer.quiz import (
    QuizOptions,
    choose_items,
    load_quiz_deck,
    match_topic,
    start_quiz,
)
from trainer.schedule import NEW, seconds


@pytest.fixture
def deck(decks_dir):
    return load_quiz_deck(decks_dir, "mini")


# -- topics ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["Lupus nephritis", "lupus NEPHRITIS", "nephritis",
                                   "SLE::Lupus_nephritis", "lupus_nephritis", " Lupus-Nephritis "])
def test_topic_by_name_tag_or_word(deck, query):
    assert match_topic(query, deck.quiz) == "Lupus nephritis"


def test_topic_unknown_or_ambiguous_is_one_line(deck):
    with pytest.raises(TrainerError, match="no topic matches 'cardiology'; the topics are: "
                       "Biologics, Hydroxychloroquine, Immunosuppressants"):
        match_topic("cardiology", deck.quiz)
    with pytest.raises(TrainerError, match="'SLE' matches several topics"):
        match_topic("SLE", deck.quiz)


# -- choosing questions ----------------------------------------------------------------------------

def test_choice_is_seeded_and_one_item_per_claim(deck):
    first = choose_items(deck.quiz, "mixed", 12, random.Random(7))
    assert first == choose_items(deck.quiz, "mixed", 12, random.Random(7))
    assert first != choose_items(deck.quiz, "mixed", 12, random.Random(8))
    assert len({i.claim for i in first}) == 12
    kinds = [i.kind for i in first]
    assert sorted(kinds.count(k) for k in ("choice", "truefalse", "typed")) == [4, 4, 4]


def test_single_mode_and_cap(deck):
    items = choose_items(deck.quiz, "typed", 50, random.Random(1))
    assert len(items) == 13 and {i.kind for i in items} == {"typed"}


def test_choice_options_are_shuffled_per_attempt(store, deck, clock):
    orders = {start_quiz(store, deck, clock, QuizOptions(mode="choice", seed=s, count=13))
              .questions[0].options for s in range(6)}
    assert len(orders) > 1


def test_truefalse_shows_both_statements(store, deck, clock):
    quiz = start_quiz(store, deck, clock, QuizOptions(mode="truefalse", seed=3, count=13))
    assert {q.shows_true for q in quiz.questions} == {True, False}
    for q in quiz.questions:
        assert q.prompt == (q.item.statement if q.shows_true else q.item.false_statement)


def test_topic_filter(store, deck, clock):
    quiz = start_quiz(store, deck, clock, QuizOptions(topic="nephritis", seed=1))
    # the topic has 3 claims: each asked once, then again in its two other kinds
    assert len(quiz.questions) == 9 and len({q.item.id for q in quiz.questions}) == 9
    assert len({q.item.claim for q in quiz.questions[:3]}) == 3
    assert {q.item.topic for q in quiz.questions} == {"Lupus nephritis"}
    assert quiz.title == "SLE mini · Lupus nephritis"


@pytest.mark.parametrize(("options", "line"), [
    (QuizOptions(count=0), "a quiz needs at least 1 question (asked for 0)"),
    (QuizOptions(mode="essay"), "the quiz mode must be one of choice, truefalse, typed, mixed"),
    (QuizOptions(missed=True), "no quiz taken yet on SLE mini"),
    (QuizOptions(topic="heart"), "no topic matches 'heart'"),
])
def test_nothing_to_ask_is_one_line(store, deck, clock, options, line):
    with pytest.raises(TrainerError, match=line.replace("(", r"\(").replace(")", r"\)")):
        start_quiz(store, deck, clock, options)


# -- answering and storing -------------------------------------------------------------------------

def answer(quiz, right: bool, think=None):
    """Answer the current question rightly or wrongly, whatever its kind; `think()` runs
    between showing the question and answering it."""
    q = quiz.show()
    if think:
        think()
    if q.kind == "choice":
        index = q.options.index(q.item.answer) + 1
        return quiz.answer_choice(index if right else index % 4 + 1)
    if q.kind == "truefalse":
        return quiz.answer_truefalse(q.shows_true == right)
    return quiz.answer_typed(q.item.answer if right else "no idea")


def test_every_answer_is_stored_before_the_next_question(store, deck, clock):
    quiz = start_quiz(store, deck, clock, QuizOptions(count=6, seed=5))
    for n, q in enumerate(quiz.questions):
        outcome = answer(quiz, right=n % 2 == 0, think=lambda: clock.advance(seconds=4))
        rows = store.quiz.attempts(quiz.run)
        assert len(rows) == n + 1 and rows[-1].id == outcome.attempt_id
        last = rows[-1]
        assert (last.item, last.claim, last.kind, last.topic, last.deck) == (
            q.item.id, q.item.claim, q.kind, q.item.topic, "mini")
        assert last.correct == (n % 2 == 0) and last.duration_ms == 4000
        assert last.answered_at == seconds(clock()) * 1000
    results = quiz.results()
    assert (results.score, results.planned, len(results.missed)) == ("3/6", 6, 3)
    assert results.duration_ms == 24_000  # from the first question shown to the last answer
    assert sum(t.total for t in results.topics) == 6
    assert store.quiz.count("mini") == 6


def test_stored_responses(store, deck, clock):
    quiz = start_quiz(store, deck, clock, QuizOptions(count=13, mode="typed", seed=2))
    quiz.show()
    quiz.answer_typed("  HCQ  ")
    quiz.show()
    quiz.answer_typed("")
    rows = store.quiz.attempts(quiz.run)
    assert [r.response for r in rows] == ["HCQ", ""]
    assert not rows[1].correct


def test_missed_asks_again_the_last_runs_misses(store, deck, clock):
    first = start_quiz(store, deck, clock, QuizOptions(count=6, seed=5))
    wrong = []
    for n in range(6):
        outcome = answer(first, right=n % 3 != 0)
        if not outcome.correct:
            wrong.append(outcome.question.item.id)
    retry = start_quiz(store, deck, clock, QuizOptions(missed=True, seed=1))
    assert sorted(q.item.id for q in retry.questions) == sorted(wrong)
    assert retry.title == "SLE mini · retry of missed"
    for _ in retry.questions:
        answer(retry, right=True)
    # the last run is now the retry, with nothing missed
    with pytest.raises(TrainerError, match="no missed questions"):
        start_quiz(store, deck, clock, QuizOptions(missed=True))


def test_missed_in_another_mode_asks_the_same_claims(store, deck, clock):
    first = start_quiz(store, deck, clock, QuizOptions(count=4, mode="choice", seed=5))
    for _ in range(4):
        answer(first, right=False)
    retry = start_quiz(store, deck, clock, QuizOptions(missed=True, mode="typed"))
    assert {q.item.claim for q in retry.questions} == {q.item.claim for q in first.questions}
    assert {q.kind for q in retry.questions} == {"typed"}


# -- the schedule ----------------------------------------------------------------------------------

def hcq_quiz(store, deck, clock, **options):
    """A typed quiz whose first question is hcq-every-patient."""
    quiz = start_quiz(store, deck, clock, QuizOptions(mode="typed", count=13, seed=0, **options))
    quiz.questions.sort(key=lambda q: q.item.claim != "hcq-every-patient")
    return quiz


def test_a_quiz_never_touches_the_schedule_by_default(store, deck, clock):
    make_due(store, "hcq-every-patient/qa", clock)
    before = [store.cards.memory(c) for c in ("hcq-every-patient/qa", "hcq-every-patient/cloze")]
    quiz = hcq_quiz(store, deck, clock)
    for _ in quiz.questions:
        answer(quiz, right=False)
    after = [store.cards.memory(c) for c in ("hcq-every-patient/qa", "hcq-every-patient/cloze")]
    assert after == before and store.reviews.count() == 0
    assert not quiz.results().count_as_review


@pytest.mark.parametrize(("right", "rating"), [(True, Rating.GOOD), (False, Rating.AGAIN)])
def test_count_as_review_grades_only_due_cards(store, deck, clock, right, rating):
    make_due(store, "hcq-every-patient/qa", clock)  # the cloze card stays new: not due
    quiz = hcq_quiz(store, deck, clock, count_as_review=True)
    quiz.show()
    outcome = quiz.answer_typed("hydroxychloroquine" if right else "chloroquine")
    assert outcome.reviewed == ("hcq-every-patient/qa",)
    [review] = store.reviews.of_card("hcq-every-patient/qa")
    assert review.rating == rating
    assert store.cards.memory("hcq-every-patient/cloze").state == NEW
    assert store.reviews.count() == 1
    assert quiz.results().reviewed == 1


def test_count_as_review_skips_cards_not_yet_due(store, deck, clock):
    make_due(store, "hcq-every-patient/qa", clock)
    memory = store.cards.memory("hcq-every-patient/qa")
    store.cards.set_memory("hcq-every-patient/qa", replace(memory, due=seconds(clock()) + 600))
    quiz = hcq_quiz(store, deck, clock, count_as_review=True)
    quiz.show()
    assert quiz.answer_typed("HCQ").reviewed == ()
    assert store.reviews.count() == 0


# -- the command line ------------------------------------------------------------------------------

def cli_app():
    """trainer.cli.app with `quiz` registered (on a local copy until the lead registers it)."""
    import typer
    import typer.main

    from trainer import cli
    from trainer.commands import quiz

    if "quiz" in typer.main.get_command(cli.app).commands:
        return cli.app
    local = typer.Typer(cls=cli._Commands, add_completion=False, pretty_exceptions_enable=False,
                        rich_markup_mode=None)
    local.callback(invoke_without_command=True)(cli.root)
    quiz.register(local)
    return local


def run_cli(tmp_path, decks_dir, *args):
    return CliRunner().invoke(cli_app(), ["--db", str(tmp_path / "cli.db"), "--decks",
                                          str(decks_dir), "quiz", *args])


@pytest.mark.parametrize(("args", "line"), [
    (["nope"], "trainer: no deck named 'nope'; the decks are: mini"),
    (["--topic", "cardiology"], "trainer: no topic matches 'cardiology'; the topics are: "),
    (["--missed"], "trainer: no quiz taken yet on SLE mini; nothing to retry"),
    (["-n", "0"], "trainer: -n must be at least 1 (got 0)"),
    (["--mode", "essay"], "trainer: --mode must be one of choice, truefalse, typed, mixed"),
])
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, decks_dir, args, line):
    result = run_cli(tmp_path, decks_dir, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(line) and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_cli_opens_the_quiz_screen(tmp_path, decks_dir, monkeypatch, store, clock):
    """The command hands run_app a start callable that builds the quiz screen it was asked for."""
    from trainer.commands import study
    from trainer.tui.screens.quiz import QuizScreen

    started = []
    monkeypatch.setattr(study, "run_app", lambda _ctx, start=None: started.append(start))
    result = run_cli(tmp_path, decks_dir, "mini", "-n", "2", "--mode", "typed", "--topic",
                     "nephritis", "--seed", "4", "--count-as-review")
    assert result.exit_code == 0, result.output
    app = trainer_app(store, clock, decks_dir)
    screen = started[0](app)
    assert isinstance(screen, QuizScreen)
    quiz = screen.quiz
    assert [q.kind for q in quiz.questions] == ["typed", "typed"] and quiz.count_as_review
    assert {q.item.topic for q in quiz.questions} == {"Lupus nephritis"}


def test_cli_help_names_every_option():
    result = CliRunner().invoke(cli_app(), ["quiz", "--help"])
    assert result.exit_code == 0
    for option in ("-n", "--mode", "--topic", "--missed", "--count-as-review", "--seed"):
        assert option in result.stdout


# -- boundaries ------------------------------------------------------------------------------------

def test_the_quiz_service_imports_no_interface():
    from tests.test_layers import imported_after

    loaded = imported_after(["trainer.quiz", "trainer.store.quiz"])
    assert "textual" not in loaded and "typer" not in loaded


@given(st.text(max_size=60))
def test_any_response_is_stored_as_given(text):
    from trainer.store import Store

    store = Store.open(":memory:")
    try:
        attempt = store.quiz.record(run="r", item="c/typed", claim="c", kind="typed",
                                       topic="T", deck="d", answered_at_ms=1, response=text,
                                       correct=False, duration_ms=-5)
        [row] = store.quiz.attempts("r")
        assert (row.id, row.response, row.duration_ms) == (attempt, text, 0)
    finally:
        store.close()


def test_mixed_quiz_tops_up_with_other_kinds_when_claims_run_short(deck):
    items = choose_items(deck.quiz, "mixed", 20, random.Random(5))
    assert len(items) == 20 and len({i.id for i in items}) == 20  # 13 claims, no item twice
    assert len({i.claim for i in items[:13]}) == 13  # every claim once before any repeat
    assert all(a.claim != b.claim for a, b in itertools.pairwise(items))
    # a claim comes back no sooner than the whole first round after its first question
    first_seen = {}
    for n, item in enumerate(items):
        if item.claim in first_seen:
            assert n - first_seen[item.claim] >= 13
        first_seen.setdefault(item.claim, n)
