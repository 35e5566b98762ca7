"""QuizScreen asks one question at a time and explains each answer; QuizResultsScreen scores it."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static

from trainer.quiz import QUESTION_LABELS, Outcome, Question, Quiz, QuizOptions, start_quiz
from trainer.text import one_line, printable
from trainer.tui.format import duration, percent
from trainer.tui.screen import TrainerScreen
from trainer.tui.widgets.card_view import HangingText, KeyScroll, sources_text, update_text
from trainer.tui.widgets.quiz_answers import AnswerOptions

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

TRUE_FALSE = [("t", "True"), ("f", "False")]


def quiz_screen(app: TrainerApp, deck: str | None = None, **options: Any) -> QuizScreen:
    """A quiz on `deck` (id or name; None: the first deck). `options` are QuizOptions fields
    (count, mode, topic, query, missed, count_as_review, seed). Quiz items are read from the app's
    deck folder. Raises TrainerError when there is nothing to ask."""
    from trainer.collection import resolve_deck
    from trainer.quiz import load_quiz_deck

    folder = app.services.decks_dir
    deck_id = resolve_deck(app.store, deck)
    quiz = start_quiz(app.store, load_quiz_deck(folder, deck_id), app.services.clock,
                      QuizOptions(**options), app.services.tz)
    return QuizScreen(quiz)


class QuizScreen(TrainerScreen[None]):
    """One quiz sitting. Question text, options and answers are data: markup is off, and
    control characters in them are shown as symbols (`printable`)."""

    CSS_PATH = "quiz.tcss"  # loaded with the screen, off the start-up path
    BINDINGS = [
        Binding("1", "choose(1)", "Choose", key_display="1-4"),
        Binding("2", "choose(2)", "Choose", show=False),
        Binding("3", "choose(3)", "Choose", show=False),
        Binding("4", "choose(4)", "Choose", show=False),
        Binding("t", "truth(True)", "True"),
        Binding("f", "truth(False)", "False"),
        Binding("enter", "next", "Next"),
        Binding("space", "next", "Next", show=False),
        Binding("escape", "finish", "End quiz"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, quiz: Quiz):
        super().__init__()
        self.quiz = quiz
        self.question: Question | None = None
        self.outcome: Outcome | None = None  # set once the current question is answered

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-top"):
            yield Static(f"Quiz · {one_line(self.quiz.title)}", id="quiz-title", markup=False)
            yield Static("", id="quiz-progress", markup=False)
        with KeyScroll(id="quiz-body"):
            yield Static("", id="quiz-kind", markup=False)
            yield Static("", id="quiz-prompt", markup=False)
            yield AnswerOptions(id="quiz-options")
            yield Input(placeholder="Type your answer, then Enter", id="quiz-input")
            yield Static("", id="quiz-verdict", markup=False)
            yield Static("", id="quiz-answer", markup=False)
            yield Static("", id="quiz-extra", markup=False)
            yield HangingText(id="quiz-update")
            yield HangingText(id="quiz-sources")
        yield Static("", id="quiz-hint", markup=False)
        yield Footer(compact=True)

    @property
    def options_view(self) -> AnswerOptions:
        return self.query_one(AnswerOptions)

    @property
    def body(self) -> KeyScroll:
        return self.query_one("#quiz-body", KeyScroll)

    @property
    def answer_input(self) -> Input:
        return self.query_one("#quiz-input", Input)

    def on_mount(self) -> None:
        self.display_question(self.quiz.show())
        self.set_interval(1, self.refresh_progress)
        asked = self.quiz.options.count
        if len(self.quiz.questions) < asked and not self.quiz.options.missed:
            self.notify(f"{len(self.quiz.questions)} questions, not {asked}: this topic has "
                        "no more questions of this kind.", timeout=6)

    # -- showing ------------------------------------------------------------------------------

    def display_question(self, question: Question | None) -> None:
        self.question, self.outcome = question, None
        self.set_class(False, "answered")
        if question is None:
            return
        self.set_class(question.kind == "typed", "typed")
        # the topic would give the answer away ("Hydroxychloroquine" above the question)
        self.query_one("#quiz-kind", Static).update(QUESTION_LABELS[question.kind])
        self.query_one("#quiz-prompt", Static).update(printable(question.prompt))
        if question.kind == "choice":
            self.options_view.show([(str(n), one_line(o)) for n, o in enumerate(question.options, 1)])
        elif question.kind == "truefalse":
            self.options_view.show(TRUE_FALSE)
        for selector in ("#quiz-verdict", "#quiz-answer", "#quiz-extra", "#quiz-update",
                         "#quiz-sources"):
            self.query_one(selector, Static).update("")
        box = self.answer_input
        box.value, box.disabled = "", question.kind != "typed"
        # the body takes focus when the box is not needed: arrows and PgUp/PgDn scroll it
        (box if question.kind == "typed" else self.body).focus()
        self.query_one("#quiz-hint", Static).update(_ASK_HINTS[question.kind])
        self.body.scroll_home(animate=False)
        self.refresh_progress()
        self.refresh_bindings()

    def display_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        q = outcome.question
        self.set_class(True, "answered")
        if q.kind == "choice":
            right = next((n for n, o in enumerate(q.options, 1) if o == q.item.answer), None)
            picked = q.options.index(outcome.response) + 1
            self.options_view.mark(right, picked)
        elif q.kind == "truefalse":
            self.options_view.mark(1 if q.shows_true else 2, 1 if outcome.response == "true" else 2)
        else:
            self.answer_input.disabled = True
            self.body.focus()
        verdict = self.query_one("#quiz-verdict", Static)
        verdict.update(printable(verdict_text(outcome)))
        verdict.set_class(outcome.correct, "right")
        verdict.set_class(not outcome.correct, "wrong")
        self.query_one("#quiz-answer", Static).update(printable(answer_text(outcome)))
        extra = self.query_one("#quiz-extra", Static)
        extra.update(printable(q.item.extra))
        extra.set_class(not q.item.extra, "empty")
        update = self.query_one("#quiz-update", Static)
        update.update(printable(update_text(q.item)))
        update.set_class(not q.item.update, "empty")
        sources = self.query_one("#quiz-sources", Static)
        sources.update(printable(sources_text(q.item)) if q.item.sources else "")
        sources.set_class(not q.item.sources, "empty")
        last = self.quiz.finished
        self.query_one("#quiz-hint", Static).update(
            "Enter or Space: see your results" if last else "Enter or Space: next question")
        self.refresh_progress()
        self.refresh_bindings()

    def refresh_progress(self) -> None:
        quiz = self.quiz
        number = len(quiz.outcomes) + (0 if self.outcome else 1)
        right = sum(o.correct for o in quiz.outcomes)
        # the same time the results give: from the first question shown to the last answer,
        # so the clock stands still while an answer is read, and in the results' format
        now = quiz.ended if self.outcome is not None and quiz.ended else quiz.clock()
        started = quiz.started or now
        elapsed_ms = (now - started) // timedelta(milliseconds=1)
        self.query_one("#quiz-progress", Static).update(
            f"Question {min(number, len(quiz.questions))} of {len(quiz.questions)}"
            f"  ·  {right} right  ·  {duration(elapsed_ms)}")

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        """Show in the footer only the keys that work right now."""
        kind = self.question.kind if self.question else None
        waiting = self.outcome is None
        if action == "choose":
            return waiting and kind == "choice"
        if action == "truth":
            return waiting and kind == "truefalse"
        if action == "next":
            return not waiting
        return True

    # -- answering ----------------------------------------------------------------------------

    def action_choose(self, number: int) -> None:
        q = self.question
        if q and self.outcome is None and q.kind == "choice" and number <= len(q.options):
            self.display_outcome(self.quiz.answer_choice(number))

    def action_truth(self, says_true: bool) -> None:
        q = self.question
        if q and self.outcome is None and q.kind == "truefalse":
            self.display_outcome(self.quiz.answer_truefalse(says_true))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        q = self.question
        if q and self.outcome is None and q.kind == "typed":
            self.display_outcome(self.quiz.answer_typed(event.value))

    def on_answer_options_picked(self, message: AnswerOptions.Picked) -> None:
        if self.question and self.question.kind == "truefalse":
            self.action_truth(message.slot == 1)
        else:
            self.action_choose(message.slot)

    def action_next(self) -> None:
        if self.outcome is None:
            return
        if self.quiz.finished:
            self.app.switch_screen(QuizResultsScreen(self.quiz))
        else:
            self.display_question(self.quiz.show())

    def action_finish(self) -> None:
        """Escape: the results of what was answered so far, or straight home if nothing was."""
        if self.quiz.outcomes:
            self.app.switch_screen(QuizResultsScreen(self.quiz))
        else:
            self.app.go_home()


_ASK_HINTS = {
    "choice": "Press 1-4 or click an option.",
    "truefalse": "Press t (true) or f (false), or click one.",
    "typed": "Type the answer and press Enter (an empty answer shows the answer).",
}


def verdict_text(outcome: Outcome) -> str:
    if not outcome.correct:
        return "✗ Incorrect" if outcome.response else "✗ No answer"
    if outcome.near_miss:
        return f"✓ Correct (close enough): the expected form is {outcome.matched}"
    return "✓ Correct"


def answer_text(outcome: Outcome) -> str:
    """The right answer, with what the learner gave when it was wrong, and any reviews made."""
    q = outcome.question
    item = q.item
    if q.kind == "truefalse":
        lines = [f"The statement is {outcome.expected}."]
        if not q.shows_true:
            lines.append(f"The review says: {item.statement}")
    else:
        lines = [f"Answer: {item.answer}"]
        if q.kind == "typed":
            if item.aliases:
                lines.append(f"Also accepted: {', '.join(item.aliases)}")
            if outcome.response and not outcome.correct:
                lines.append(f"You typed: {outcome.response}")
    if outcome.reviewed:
        grade = "Good" if outcome.correct else "Again"
        count = len(outcome.reviewed)
        lines.append(f"Counted as a review: {count} due flashcard{'s' * (count != 1)} "
                     f"graded {grade}.")
    return "\n".join(lines)


class QuizResultsScreen(TrainerScreen[None]):
    """The score, the time, each topic's score and the questions missed."""

    CSS_PATH = "quiz.tcss"  # loaded with the screen, off the start-up path
    BINDINGS = [
        Binding("enter", "home", "Home"),
        Binding("escape", "home", "Home", show=False),
        Binding("r", "retry", "Retry missed"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, quiz: Quiz):
        super().__init__()
        self.quiz = quiz
        self.results = quiz.results()

    def compose(self) -> ComposeResult:
        r = self.results
        with KeyScroll(id="quiz-results"):
            yield Static(f"Quiz results · {one_line(r.title)}", id="results-title", markup=False)
            yield Static(f"Score  {r.score}  ({percent(r.accuracy)})", id="results-score",
                         markup=False)
            yield Static(self._figures(), id="results-figures", markup=False)
            yield Static(self._topics(), id="results-topics", markup=False)
            with Vertical(id="results-missed"):
                yield from self._missed()
            yield Static(self._schedule(), id="results-schedule", markup=False)
            hint = "Enter: home" + ("  ·  r: retry the missed questions" if r.missed else "")
            yield Static(hint, id="results-hint", markup=False)
        yield Footer(compact=True)

    def _figures(self) -> str:
        r = self.results
        asked = f"{r.total} of {r.planned} (ended early)" if r.total < r.planned else str(r.total)
        return f"Time   {duration(r.duration_ms)}\nAsked  {asked}"

    def _topics(self) -> str:
        names = [one_line(t.topic) for t in self.results.topics]
        width = max(map(len, names), default=0)
        rows = [f"  {name:<{width}}  {t.correct}/{t.total}  ({percent(t.correct / t.total)})"
                for name, t in zip(names, self.results.topics, strict=True)]
        return "By topic\n" + "\n".join(rows)

    def _missed(self) -> ComposeResult:
        """A heading, then each missed question with the right answer and the learner's own,
        one Static each so that a long question wraps under its own text, not its number."""
        missed = self.results.missed
        if not missed:
            yield Static("Missed: none. Well done.", markup=False)
            return
        yield Static(f"Missed ({len(missed)})", markup=False)
        for o in missed:
            q = o.question
            given = o.response or "(no answer)"
            if q.kind == "truefalse":
                verdict = f"It is {o.expected}; you said {given}."
            else:
                verdict = f"Answer: {q.item.answer}  ·  yours: {given}"
            yield HangingText(printable(f"{q.number}. {q.prompt}"), numbered=True,
                              classes="missed-question")
            yield Static(printable(verdict), classes="missed-answer", markup=False)

    def _schedule(self) -> str:
        r = self.results
        if not r.count_as_review:
            return ("Flashcard schedule: unchanged (quiz answers count as reviews only with "
                    "--count-as-review).")
        return (f"Counted as reviews: {r.reviewed} due flashcard{'s' * (r.reviewed != 1)} "
                "graded (right: Good, wrong: Again).")

    def action_home(self) -> None:
        self.app.go_home()

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.results.missed)
        return True

    def action_retry(self) -> None:
        """Ask the misses again, at once: the same as `trainer quiz --missed`."""
        if not self.results.missed:
            return
        asked = self.quiz.options
        options = QuizOptions(count=len(self.results.missed), missed=True,
                              count_as_review=asked.count_as_review, seed=asked.seed)
        quiz = start_quiz(self.quiz.store, self.quiz.deck, self.quiz.clock, options, self.quiz.tz)
        self.app.switch_screen(QuizScreen(quiz))
