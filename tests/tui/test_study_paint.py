"""Pilot tests of the study screen drawn in place: what a key leaves on screen, what it lays out,
and the work it keeps off the way from a key to the next card."""

from __future__ import annotations

from tests.tui.conftest import card_part, text_of
from trainer.model import Rating
from trainer.tui.widgets.grade_bar import GradeBar
from trainer.tui.widgets.key_bar import KeyBar


def painted(app) -> str:
    """The card as it is painted now (its text, without styles)."""
    return str(app.screen.card_view.card_text.render())


async def test_after_a_key_the_screen_shows_the_next_card_and_its_previews(make_app):
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = app.screen.shown.card
        await pilot.press("space", "3")
        await pilot.pause()
        card = app.screen.shown.card
        assert card.id != first.id
        assert card_part(app, "question") == card.question
        # nothing of the card before is left: its answer, its sources, its previews
        assert first.answer not in painted(app) and card_part(app, "sources") is None
        assert app.screen.grade_bar.labels == [(None, "Show answer  (space)")]
        assert text_of(app, "#progress").startswith("19 new · 1 learning · 0 review    done 1")
        await pilot.press("space")
        previews = [label for _, label in app.screen.grade_bar.labels]
        shown = app.screen.shown
        assert previews == [f"{int(r)} {r.name.title()} · {shown.preview(r)}" for r in Rating]
        assert card_part(app, "answer") == card.answer


async def test_the_counts_stay_right_over_a_run_of_keys(make_app, store):
    """Twelve answers in a row, the line checked after each one against a session opened
    afresh on the store (which counts from the tables, not from what the screen's session
    kept)."""
    from trainer.study import Session

    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for n in range(1, 13):
            await pilot.press("space", "3" if n % 3 else "1")
            fresh = Session.open(store, "mini", app.services.clock, app.services.tz).counts()
            assert store.reviews.count() == n
            assert text_of(app, "#progress").startswith(
                f"{fresh.new} new · {fresh.learning} learning · {fresh.review} review    "
                f"done {n}")


async def test_a_key_to_the_next_card_lays_nothing_out_while_the_card_fits(make_app):
    """The card keeps its height (at least the view's), so the next card and its reveal are a
    repaint: a layout would mean widgets shown, hidden or resized on the way."""
    app = make_app(study=True)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        screen = app.screen
        layouts = []
        original = screen._refresh_layout

        def counting(*args, **kwargs):
            layouts.append(screen.shown.card.id if screen.shown else None)
            return original(*args, **kwargs)

        screen._refresh_layout = counting
        for _ in range(4):
            await pilot.press("3")
            await pilot.pause()
            await pilot.press("space")
            await pilot.pause()
        assert layouts == []
        view = app.screen.card_view
        assert view.card_text.size.height == view.scrollable_content_region.height


async def test_a_long_answer_scrolls_and_the_next_card_starts_at_its_top(make_app):
    app = make_app(study=True)
    async with app.run_test(size=(80, 16)) as pilot:  # the first card's back outgrows 16 lines
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        view = app.screen.card_view
        assert view.max_scroll_y > 0
        await pilot.press("down", "down")
        assert view.scroll_y == 2
        await pilot.press("3")
        await pilot.pause()
        assert view.scroll_y == 0 and card_part(app, "question") == app.screen.shown.card.question
        # the short card back to the view's height: nothing left to scroll, no scroll bar
        assert view.card_text.size.height == view.scrollable_content_region.height
        assert view.max_scroll_y == 0 and not view.show_vertical_scrollbar


async def test_the_grade_keys_light_up_under_the_mouse(make_app):
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        bar = app.screen.query_one(GradeBar)
        before = bar.render()
        await pilot.hover(GradeBar, offset=bar.key_offset(Rating.AGAIN))
        await pilot.pause()
        lit = bar.render()
        assert str(lit) == str(before) and lit.spans != before.spans  # another colour
        await pilot.hover(GradeBar, offset=(0, 1))  # beside the keys
        await pilot.pause()
        assert bar.render().spans == before.spans


async def test_the_key_line_shows_the_screen_keys_and_a_click_presses_one(make_app, store):
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one(KeyBar).render())
        assert line.startswith("space Show/Good u Undo ! Suspend esc Home ? Help")
        assert line.endswith("▏^p Commands") and line.index("▏") == 100 - 13  # a blank after
        assert "Study ahead" not in line  # only when nothing is due
        await pilot.press("space", "3")
        assert store.reviews.count() == 1
        x = line.index("u Undo")
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert store.reviews.count() == 0  # undone by the click


async def test_study_ahead_comes_onto_the_key_line_when_nothing_is_due(store, make_app):
    store.settings.set("mini", "new_per_day", 0)
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "a Study ahead" in str(app.screen.query_one(KeyBar).render())


async def test_idle_work_waits_until_a_card_has_been_read(make_app, monkeypatch):
    """The session's housekeeping (and the fsrs import) runs once a card has been on screen
    IDLE_AFTER, never between quick keys: each card shown starts the wait again."""
    import trainer.tui.screens.study as study

    monkeypatch.setattr(study, "IDLE_AFTER", 1.0)
    app = make_app(study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        calls = []
        monkeypatch.setattr(app.screen.session, "idle", lambda: calls.append(1))
        for _ in range(4):  # four cards, each answered well within IDLE_AFTER
            await pilot.press("space", "3")
        assert calls == []
        await pilot.pause(1.3)
        assert calls == [1]  # once, for the card on screen: the earlier waits were dropped


async def test_a_citation_wraps_under_its_own_indent(make_app):
    """At 80 columns a reference's full citation takes several lines: each one starts under
    the citation's first word, none back at the source's label."""
    app = make_app(study=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        text = painted(app)
        sources = text[text.rindex("\nSource"):].splitlines()[2:]
        citations = [s.citation for s in app.screen.shown.card.sources if s.citation]
        assert citations and any(len(c) > 70 for c in citations)  # long enough to wrap
        labels = {s.label + (f" · doi:{s.doi}" if s.doi else "") for s in app.screen.shown.card.sources}
        assert len(sources) > len(labels) + len(citations)  # wrapped onto more lines
        assert all(line.startswith("  ") for line in sources if line not in labels)
