"""Pilot tests of the quiz: each mode answered rightly and wrongly, the results, --missed,
--count-as-review; asserting on the screen and on the stored quiz_attempts rows."""

from __future__ import annotations

from tests.helpers import make_due
from tests.tui.conftest import painted_lines, text_of
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.quiz import QuizResultsScreen, QuizScreen

SIZE = (100, 30)


async def type_text(pilot, text: str) -> None:
    keys = {" ": "space", "-": "minus", ".": "full_stop"}
    await pilot.press(*(keys.get(ch, ch) for ch in text))


def rows(store):
    return store.quiz.attempts(store.quiz.last_run("mini"))


def option_classes(app, slot: int) -> set[str]:
    return set(app.screen.query_one(f"#option-{slot}").classes)


# -- multiple choice -------------------------------------------------------------------------------

async def test_choice_right_answer(quiz_app, store):
    app = quiz_app(mode="choice", count=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        q = screen.question
        assert q.item.id == "hcq-every-patient/choice"
        assert text_of(app, "#quiz-prompt") == q.item.question
        assert text_of(app, "#quiz-kind") == "Multiple choice"  # no topic: it would give it away
        assert text_of(app, "#option-1") == f"1  {q.options[0]}"
        assert text_of(app, "#quiz-progress").startswith("Question 1 of 2  ·  0 right")
        right = q.options.index("hydroxychloroquine") + 1
        await pilot.press(str(right))
        assert text_of(app, "#quiz-verdict") == "✓ Correct"
        assert text_of(app, "#quiz-answer") == "Answer: hydroxychloroquine"
        assert "[67] Fanouriakis et al. 2019 · doi:10.1136/annrheumdis-2019-215089" in text_of(
            app, "#quiz-sources")
        assert "right" in option_classes(app, right)
        assert text_of(app, "#quiz-hint") == "Enter or Space: next question"
        [row] = rows(store)
        assert (row.item, row.response, row.correct) == (q.item.id, "hydroxychloroquine", True)


async def test_choice_wrong_answer_marks_both_options(quiz_app, store):
    app = quiz_app(mode="choice", count=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        q = app.screen.question
        right = q.options.index(q.item.answer) + 1
        wrong = right % 4 + 1
        await pilot.press(str(wrong))
        assert text_of(app, "#quiz-verdict") == "✗ Incorrect"
        assert text_of(app, "#quiz-answer") == "Answer: hydroxychloroquine"
        assert "wrong" in option_classes(app, wrong) and "right" in option_classes(app, right)
        await pilot.press(str(right))  # a second key does not change the answer
        [row] = rows(store)
        assert (row.response, row.correct) == (q.options[wrong - 1], False)


async def test_choice_by_mouse(quiz_app, store):
    app = quiz_app(mode="choice", count=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        q = app.screen.question
        await pilot.click("#option-3")
        [row] = rows(store)
        assert row.response == q.options[2]
        assert app.screen.outcome is not None


async def test_next_only_after_an_answer(quiz_app, store):
    app = quiz_app(mode="choice", count=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.question
        await pilot.press("enter", "space")
        assert app.screen.question is first and store.quiz.count() == 0
        await pilot.press("1", "space")
        assert app.screen.question.number == 2
        assert text_of(app, "#quiz-verdict") == ""
        assert text_of(app, "#quiz-progress").startswith("Question 2 of 2")


# -- true or false ---------------------------------------------------------------------------------

async def test_truefalse_right_on_a_true_statement(quiz_app, store):
    app = quiz_app(mode="truefalse", count=2, seed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        q = app.screen.question
        assert q.shows_true and text_of(app, "#quiz-prompt") == q.item.statement
        assert text_of(app, "#option-1") == "t  True" and text_of(app, "#option-2") == "f  False"
        await pilot.press("t")
        assert text_of(app, "#quiz-verdict") == "✓ Correct"
        assert text_of(app, "#quiz-answer") == "The statement is true."
        [row] = rows(store)
        assert (row.kind, row.response, row.correct) == ("truefalse", "true", True)


async def test_truefalse_wrong_on_a_false_statement_shows_the_true_one(quiz_app, store):
    app = quiz_app(mode="truefalse", count=2, seed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "enter")
        q = app.screen.question
        assert not q.shows_true and text_of(app, "#quiz-prompt") == q.item.false_statement
        await pilot.press("t")
        assert text_of(app, "#quiz-verdict") == "✗ Incorrect"
        assert text_of(app, "#quiz-answer") == ("The statement is false.\nThe review says: "
                                                f"{q.item.statement}")
        assert [(r.response, r.correct) for r in rows(store)] == [("true", True),
                                                                  ("true", False)]


# -- typed -----------------------------------------------------------------------------------------

async def test_typed_alias_is_right(quiz_app, store):
    app = quiz_app(mode="typed", count=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.question.item.id == "hcq-every-patient/typed"
        assert app.focused is app.screen.answer_input
        await type_text(pilot, "HCQ")
        await pilot.press("enter")
        assert text_of(app, "#quiz-verdict") == "✓ Correct"
        assert text_of(app, "#quiz-answer") == "Answer: hydroxychloroquine\nAlso accepted: HCQ"
        assert app.screen.answer_input.disabled
        [row] = rows(store)
        assert (row.response, row.correct) == ("HCQ", True)
        await pilot.press("enter")  # Enter now goes on, it does not submit again
        assert app.screen.question.number == 2 and len(rows(store)) == 1
        assert app.screen.answer_input.value == "" and app.focused is app.screen.answer_input


async def test_typed_near_miss_shows_the_spelling(quiz_app, store):
    app = quiz_app(mode="typed", count=3)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "hydroxychloroqiune")
        await pilot.press("enter")
        assert text_of(app, "#quiz-verdict") == (
            "✓ Correct (close enough): the expected form is hydroxychloroquine")
        assert rows(store)[0].correct


async def test_typed_same_class_drug_is_wrong(quiz_app, store):
    app = quiz_app(mode="typed", count=3)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "chloroquine")
        await pilot.press("enter")
        assert text_of(app, "#quiz-verdict") == "✗ Incorrect"
        assert text_of(app, "#quiz-answer").endswith("You typed: chloroquine")
        [row] = rows(store)
        assert (row.response, row.correct) == ("chloroquine", False)


async def test_typed_empty_answer_shows_the_answer(quiz_app, store):
    app = quiz_app(mode="typed", count=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert text_of(app, "#quiz-verdict") == "✗ No answer"
        assert text_of(app, "#quiz-answer").startswith("Answer: hydroxychloroquine")
        assert [(r.response, r.correct) for r in rows(store)] == [("", False)]


async def test_digits_and_letters_type_into_the_box(quiz_app, store):
    app = quiz_app(mode="typed", count=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "t", "f")
        assert app.screen.answer_input.value == "1tf" and store.quiz.count() == 0


# -- results and going home ------------------------------------------------------------------------

async def test_a_full_mixed_quiz_ends_with_the_results_then_home(quiz_app, store, clock):
    app = quiz_app(count=3)  # seed 2: typed HCQ, choice preeclampsia, false leflunomide statement
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        kinds = [q.kind for q in app.screen.quiz.questions]
        assert kinds == ["typed", "choice", "truefalse"]
        clock.advance(seconds=20)
        await type_text(pilot, "hcq")
        await pilot.press("enter", "enter")
        q = app.screen.question
        clock.advance(seconds=15)
        await pilot.press(str((q.options.index(q.item.answer) + 1) % 4 + 1), "space")  # wrong
        clock.advance(seconds=10)
        await pilot.press("f")
        assert text_of(app, "#quiz-hint") == "Enter or Space: see your results"
        await pilot.press("enter")
        assert isinstance(app.screen, QuizResultsScreen)
        assert text_of(app, "#results-title") == "Quiz results · SLE mini"
        assert text_of(app, "#results-score") == "Score  2/3  (67%)"
        assert text_of(app, "#results-figures") == "Time   45s\nAsked  3"
        topics = text_of(app, "#results-topics")
        assert topics == ("By topic\n  Hydroxychloroquine  1/2  (50%)\n"
                          "  Lupus nephritis     1/1  (100%)")
        missed = [str(w.content) for w in app.screen.query("#results-missed Static")]
        wrong = (q.options.index(q.item.answer) + 1) % 4
        assert missed == ["Missed (1)", f"2. {q.item.question}",
                          f"Answer: hydroxychloroquine  ·  yours: {q.options[wrong]}"]
        assert text_of(app, "#results-schedule").startswith("Flashcard schedule: unchanged")
        assert [r.correct for r in rows(store)] == [True, False, True]
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def test_escape_before_any_answer_goes_home(quiz_app, store):
    app = quiz_app(mode="choice", count=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen) and store.quiz.count() == 0


async def test_escape_after_an_answer_shows_partial_results(quiz_app):
    app = quiz_app(mode="choice", count=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "escape")
        assert isinstance(app.screen, QuizResultsScreen)
        assert text_of(app, "#results-figures").endswith("Asked  1 of 3 (ended early)")


async def test_help_lists_the_quiz_keys(quiz_app):
    app = quiz_app(mode="choice", count=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = text_of(app, "#help-keys")
        assert "Quiz\n  1-4            Choose" in keys and "Retry missed" in keys


# -- retrying the misses ---------------------------------------------------------------------------

async def answer_all_wrong(pilot, app):
    while isinstance(app.screen, QuizScreen):
        q = app.screen.question
        if q.kind == "choice":
            await pilot.press(str((q.options.index(q.item.answer) + 1) % 4 + 1))
        elif q.kind == "truefalse":
            await pilot.press("f" if q.shows_true else "t")
        else:
            await pilot.press("x", "enter")
        await pilot.press("enter")


async def test_missed_asks_again_exactly_the_last_quizs_misses(quiz_app, store):
    first = quiz_app(mode="choice", count=3, seed=1)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press(str(first.screen.question.options.index("endosomal Toll-like receptors")
                              + 1), "enter")  # right
        await answer_all_wrong(pilot, first)
    missed = [r.item for r in rows(store) if not r.correct]
    assert missed == ["multitarget-tacrolimus/choice", "hcq-preeclampsia/choice"]

    retry = quiz_app(missed=True)
    async with retry.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = retry.screen.quiz
        assert sorted(q.item.id for q in quiz.questions) == sorted(missed)
        assert text_of(retry, "#quiz-title") == "Quiz · SLE mini · retry of missed"
        await answer_all_wrong(pilot, retry)
        assert isinstance(retry.screen, QuizResultsScreen)
        second = rows(store)
        assert second[0].run == quiz.run and sorted(r.item for r in second) == sorted(missed)
        assert store.quiz.count() == 5


async def test_r_on_the_results_retries_the_misses(quiz_app, store):
    app = quiz_app(mode="choice", count=2)
    async with app.run_test(size=SIZE) as pilot:
        await answer_all_wrong(pilot, app)
        first_run = store.quiz.last_run("mini")
        await pilot.press("r")
        assert isinstance(app.screen, QuizScreen)
        retried = sorted(q.item.id for q in app.screen.quiz.questions)
        assert retried == sorted(r.item for r in store.quiz.attempts(first_run))


async def test_missed_with_no_quiz_ends_the_app_with_one_line(quiz_app):
    app = quiz_app(missed=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert app.error == "no quiz taken yet on SLE mini; nothing to retry (run 'trainer quiz' first)"


# -- the schedule ----------------------------------------------------------------------------------

async def test_schedule_untouched_by_default(quiz_app, store, clock):
    make_due(store, "hcq-every-patient/qa", clock, overdue=60)
    before = store.cards.memory("hcq-every-patient/qa")
    app = quiz_app(mode="typed", count=1)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "hcq")
        await pilot.press("enter")
        assert "Counted as a review" not in text_of(app, "#quiz-answer")
        await pilot.press("enter")
    assert store.cards.memory("hcq-every-patient/qa") == before and store.reviews.count() == 0


async def test_count_as_review_grades_the_due_card_and_says_so(quiz_app, store, clock):
    make_due(store, "hcq-every-patient/qa", clock, overdue=60)
    app = quiz_app(mode="typed", count=1, count_as_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "chloroquine")
        await pilot.press("enter")
        assert text_of(app, "#quiz-answer").endswith(
            "Counted as a review: 1 due flashcard graded Again.")
        await pilot.press("enter")
        assert text_of(app, "#results-schedule") == (
            "Counted as reviews: 1 due flashcard graded (right: Good, wrong: Again).")
    [review] = store.reviews.of_card("hcq-every-patient/qa")
    assert review.rating == 1 and store.reviews.count() == 1


def assert_citations_hang(lines: list[str], sources) -> None:
    """Each source's label at the margin, and every line of its citation, wrapped or not,
    under the citation's first word (as on the study screen), none back at the margin."""
    labels = {s.label + (f" · doi:{s.doi}" if s.doi else "") for s in sources}
    lines = [line.rstrip() for line in lines if line.strip()]
    lines = lines[lines.index("Sources" if len(sources) > 1 else "Source") + 1:]
    citations = [s.citation for s in sources if s.citation and s.citation != s.short]
    assert any(len(c) > 80 for c in citations)  # long enough to wrap at 80 columns
    assert len(lines) > len(labels) + len(citations)  # wrapped onto more lines
    assert all(line.startswith("  ") and line[2] != " " for line in lines if line not in labels), lines


async def test_a_wrapped_citation_keeps_its_indent(quiz_app):
    app = quiz_app(mode="choice", count=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        q = app.screen.question
        assert_citations_hang(painted_lines(app.screen.query_one("#quiz-sources")), q.item.sources)


async def test_a_wrapped_missed_question_hangs_under_its_text(quiz_app):
    """In the results, a missed question too long for one line goes on under its first word,
    not under its number."""
    app = quiz_app(mode="choice", count=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        q = app.screen.question
        assert len(q.prompt) > 80
        wrong = (q.options.index(q.item.answer) + 1) % 4 + 1
        await pilot.press(str(wrong), "escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizResultsScreen)
        first, *rest = [line.rstrip() for line in
                        painted_lines(app.screen.query_one(".missed-question")) if line.strip()]
        assert first.startswith("  1. ") and rest
        assert all(line.startswith(" " * 5) and line[5] != " " for line in rest), rest
        assert " ".join(x.strip() for x in [first, *rest]) == f"1. {q.prompt}"
