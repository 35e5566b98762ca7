"""Markup and escape sequences in deck names, topics and quiz text, through every screen that
shows them (home, palette, study, stats, quiz, results): shown as text, never obeyed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import OptionList

from tests.apps import assert_shown_as_text, screen_output, trainer_app
from tests.helpers import ESCAPES, MARKUP, poison
from tests.tui.conftest import text_of
from trainer.tui.screens.summary import SummaryScreen

# markup that would run an action, restyle, and the escapes: a title, the clipboard, colours
PAYLOAD = f"{MARKUP} [b]bold {ESCAPES} \x9b31m"
# how each part of PAYLOAD must reach the screen (markup as written, controls as symbols);
# short pieces, so that a wrapped line still holds each
SHOWN = ("[@click=app.quit]x[/]", "[bold]", "[b]bold", "␛]0;PWNED␇", "␛]52;c;aGk=␇",
         "␛[31mred", "�2J", "␍␡", "�31m")


def name_deck(store, name: str) -> None:
    with store.db.write() as c:  # a database written before deck files were checked
        c.execute("UPDATE decks SET name = ? WHERE id = 'mini'", (name,))


async def test_a_deck_name_in_the_home_table_and_the_palette_is_text(store, clock):
    name_deck(store, f"D {PAYLOAD}")
    app = trainer_app(store, clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert_shown_as_text(screen_output(app), *SHOWN)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert_shown_as_text(screen_output(app), "Study D [@click=app.quit]x[/]",
                             "Quiz on D [@click=app.quit]x[/]", *SHOWN)
        await pilot.press(*"study d")  # the matches, highlighted, are text too
        await pilot.pause(0.3)
        assert_shown_as_text(screen_output(app), *SHOWN)
        prompts = [str(getattr(o.prompt, "plain", o.prompt))
                   for o in app.screen.query_one(OptionList).options]
        assert prompts and prompts[0].startswith(f"Study D {MARKUP} [b]bold ␛]0;PWNED␇"), prompts
        assert app.is_running  # no click action ran


async def test_a_deck_name_in_the_study_header_and_the_summary_is_text(store, clock):
    name_deck(store, f"D {PAYLOAD}")
    app = trainer_app(store, clock, start=lambda app: app.study_screen("mini"))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert_shown_as_text(screen_output(app), *SHOWN)
        assert text_of(app, "#deck-title").startswith("D [@click=app.quit]x[/] [bold] [b]bold ␛]0;")
        await pilot.press("space", "3", "escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert_shown_as_text(screen_output(app), *SHOWN)


async def test_a_topic_in_the_stats_table_is_text(store, clock):
    from tests.test_stats import add_review, today_of
    from trainer.tui.screens.stats import stats_screen

    card = "hcq-every-patient/qa"
    poison(store, card, topic=f"T {PAYLOAD}")
    add_review(store, card, today_of(clock) - 1, 3)
    app = trainer_app(store, clock, start=stats_screen)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        out = screen_output(app)
        assert_shown_as_text(out, "T [@click=app.quit]x[/]", *SHOWN)


def poisoned_deck(folder, deck_id):
    """The mini deck as a file nobody checked would give it: every quiz text, topic and
    source carrying PAYLOAD (choice answers stay one of their options)."""
    from trainer.decks import load_deck

    deck = load_deck(folder / f"{deck_id}.json")

    def item(q):
        mark = f" {PAYLOAD}"
        options = tuple(o + mark for o in q.options)
        return replace(q, question=q.question and q.question + mark, options=options,
                       answer=q.answer + mark if q.options else q.answer,
                       statement=q.statement and q.statement + mark,
                       false_statement=q.false_statement and q.false_statement + mark,
                       extra=f"E{mark}", topic=f"T{mark}",
                       sources=tuple(replace(s, citation=s.citation + mark) for s in q.sources))
    return replace(deck, info=replace(deck.info, name=f"D {PAYLOAD}"),
                   quiz=tuple(item(q) for q in deck.quiz))


@pytest.mark.parametrize("mode", ["choice", "truefalse", "typed"])
async def test_quiz_text_is_text_asked_answered_and_scored(store, clock, decks_dir, monkeypatch,
                                                            mode):
    import trainer.quiz
    from trainer.tui.screens.quiz import QuizResultsScreen, quiz_screen

    monkeypatch.setattr(trainer.quiz, "load_quiz_deck", poisoned_deck)
    app = trainer_app(store, clock, decks_dir,
                      start=lambda app: quiz_screen(app, "mini", count=2, mode=mode, seed=2))
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert_shown_as_text(screen_output(app), *SHOWN)  # the title, the question, the options
        assert "[b]bold" in text_of(app, "#quiz-prompt") and "[b]bold" in text_of(app, "#quiz-title")
        if mode == "choice":
            await pilot.press("1")
        elif mode == "truefalse":
            await pilot.press("t")
        else:
            await pilot.press(*"wrong", "enter")
        await pilot.pause()
        assert_shown_as_text(screen_output(app), *SHOWN)  # the answer, extra and sources
        assert text_of(app, "#quiz-extra") == "E [@click=app.quit]x[/] [bold] [b]bold ␛]0;PWNED␇ " \
            "␛]52;c;aGk=␇ ␛[31mred �2J ␍␡ �31m"
        assert "␛]52;c;aGk=␇" in text_of(app, "#quiz-sources")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizResultsScreen)
        assert_shown_as_text(screen_output(app), "T [@click=app.quit]x[/]", *SHOWN)
        assert app.is_running
