"""Pilot tests of browsing: searching, sorting, and the card actions, checked in the store."""

from __future__ import annotations

import json

import pytest

from tests.apps import assert_shown_as_text, screen_output, trainer_app
from tests.test_stats import add_review, today_of
from tests.tui.conftest import painted_lines, text_of
from trainer.schedule import NEW, REVIEW
from trainer.tui.app import TrainerApp
from trainer.tui.screens.browse import BrowseScreen, CardScreen, ConfirmReset, browse_screen
from trainer.tui.screens.home import HomeScreen


def browse_app(store, clock, query: str = "") -> TrainerApp:
    return trainer_app(store, clock, start=lambda app: browse_screen(app, query))


def shown(app) -> list[str]:
    table = app.screen.query_one("#cards")
    return [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]


@pytest.fixture
def reviewed(store, clock):
    """Two reviews of hcq-every-patient/qa, so it has a history and a review state."""
    today = today_of(clock)
    add_review(store, "hcq-every-patient/qa", today - 4, 3, prev=NEW)
    add_review(store, "hcq-every-patient/qa", today - 1, 3)
    return store


async def test_typing_searches_and_says_how_many_match(store, clock):
    app = browse_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen) and len(shown(app)) == 27
        assert text_of(app, "#browse-status") == "27 cards · sorted by deck order"
        await pilot.press(*"belimumab")
        assert shown(app) == ["belimumab-blys/qa", "belimumab-blys/cloze",
                              "rituximab-plus-belimumab/qa", "rituximab-plus-belimumab/cloze"]
        assert text_of(app, "#browse-status") == "4 cards · sorted by deck order"
        await pilot.press(*" tag:pipeline")
        assert text_of(app, "#browse-status") == "No card matches." and shown(app) == []


async def test_bad_syntax_is_a_message_not_a_traceback(store, clock):
    app = browse_app(store, clock, "tag:biologics")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("end", *" is:sleepy")  # focus selects the query: end appends
        status = app.screen.query_one("#browse-status")
        assert 'unknown "is:sleepy"; use is:due' in str(status.render())
        assert status.has_class("error")
        assert len(shown(app)) == 6  # the last good results stay, and say so
        assert str(status.render()).endswith("below: the last search's cards")
        assert status.size.height > 1  # the whole reason, wrapped, not cut off at the edge
        await pilot.press(*["backspace"] * 6, *"new")
        assert not status.has_class("error") and len(shown(app)) == 6


async def test_the_first_row_shows_its_question_and_header_sort_keys(store, clock):
    app = browse_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert text_of(app, "#browse-preview").startswith("Which antimalarial drug")
        await pilot.press("d")  # typed into the search box, not a sort
        assert app.screen.search_box.value == "d" and app.screen.sort == "order"
        await pilot.press("backspace", "enter")  # Enter: to the results
        assert app.focused is app.screen.table
        await pilot.press("l")
        assert app.screen.sort == "lapses" and app.screen.descending  # most lapses first
        await pilot.press("d")
        assert app.screen.sort == "due" and not app.screen.descending
        labels = [str(c.label) for c in app.screen.table.columns.values()]
        assert "Due ▲" in labels
        await pilot.press("d")
        assert app.screen.descending and "sorted by due high to low" in \
            text_of(app, "#browse-status")


async def test_clicking_a_header_sorts(reviewed, clock):
    app = browse_app(reviewed, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.table
        x = sum(c.get_render_width(table) for c in list(table.columns.values())[:3]) + 1
        await pilot.click("#cards", offset=(x, 0))  # the Stab. header
        assert app.screen.sort == "stability"
        assert shown(app)[0] == "hcq-every-patient/qa"  # the only card with a stability


async def open_first_card(app, pilot) -> None:
    """Enter on the search, Enter on its first row: the card screen."""
    await pilot.pause()
    await pilot.press("enter", "enter")
    assert isinstance(app.screen, CardScreen)


async def test_enter_opens_the_card_with_sources_and_history(reviewed, clock):
    app = browse_app(reviewed, clock, "hcq-every-patient/qa")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_card(app, pilot)
        assert text_of(app, "#detail-answer") == "hydroxychloroquine"
        assert "doi:10.1136/annrheumdis-2019-215089" in text_of(app, "#detail-sources")
        assert text_of(app, "#detail-history-heading") == "History · 2 reviews"
        history = app.screen.query_one("#detail-history")
        newest = [str(c) for c in history.get_row_at(0)]
        assert newest[:4] == ["2026-03-01 10:00", "Good", "3d", "review"]
        assert "review · due in 2d" in text_of(app, "#detail-memory")
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_suspend_and_unsuspend_from_the_card(reviewed, clock):
    card = "hcq-every-patient/qa"
    app = browse_app(reviewed, clock, card)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter", "exclamation_mark")
        assert reviewed.cards.memory(card).suspended
        assert text_of(app, "#detail-memory").startswith("suspended")
        await pilot.press("exclamation_mark")
        assert not reviewed.cards.memory(card).suspended
        await pilot.press("exclamation_mark", "escape")
        assert app.screen.table.get_row(card)[-1] == "suspended"  # the table follows


async def test_suspend_from_the_table(store, clock):
    app = browse_app(store, clock, "tlr")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "exclamation_mark")
        memory = store.cards.memory
        assert memory("hcq-tlr/cloze").suspended and not memory("hcq-tlr/qa").suspended
        await pilot.press("exclamation_mark")
        assert not store.cards.memory("hcq-tlr/cloze").suspended


async def test_reset_asks_first_and_keeps_the_history(reviewed, clock):
    card = "hcq-every-patient/qa"
    app = browse_app(reviewed, clock, card)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter", "r")
        assert isinstance(app.screen, ConfirmReset)
        await pilot.press("n")
        assert reviewed.cards.memory(card).state == REVIEW
        await pilot.press("r", "enter")  # Enter is on "Keep": the safe default
        assert reviewed.cards.memory(card).state == REVIEW
        await pilot.press("r", "y")
        assert isinstance(app.screen, CardScreen)
        memory = reviewed.cards.memory(card)
        assert (memory.state, memory.due, memory.reps) == (NEW, None, 0)
        assert len(reviewed.reviews.of_card(card)) == 2
        assert text_of(app, "#detail-memory") == "new · to learn again (reset)"  # its history stays
        assert text_of(app, "#detail-history-heading") == "History · 2 reviews"


async def test_card_text_is_never_markup(tmp_path, decks_dir, clock):
    from trainer.store import Store

    deck = json.loads((decks_dir / "mini.json").read_text())
    deck["cards"][0]["question"] = "Is [bold]this[/bold] bold? See [1]."
    deck["cards"][0]["topic"] = "[red]Topic[/red]"
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    store = Store.open(tmp_path / "markup.db")
    app = trainer_app(store, clock, decks_dir, start=lambda app: browse_screen(app, "[bold]"),
                      sync=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text_of(app, "#browse-preview") == "Is [bold]this[/bold] bold? See [1]."
        assert str(app.screen.table.get_row("hcq-every-patient/qa")[1]) == "[red]Topic[/red]"
        await pilot.press("enter", "enter")
        assert text_of(app, "#detail-question") == "Is [bold]this[/bold] bold? See [1]."
    store.close()


async def test_escape_goes_home(store, clock, decks_dir):
    app = trainer_app(store, clock, decks_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        store.cards.set_suspended("hcq-tlr/qa", True)
        app.push_screen(browse_screen(app, "is:suspended"))
        await pilot.pause()
        assert shown(app) == ["hcq-tlr/qa"]
        assert [c.value for c in app.screen.table.columns] == [
            "card", "due", "stability", "difficulty", "lapses", "state"]  # no topic at 80
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_started_on_browse_escape_builds_home(store, clock):
    app = browse_app(store, clock, "is:new")  # `trainer browse`: no home screen underneath
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_the_browse_keys(store, clock):
    app = browse_app(store, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "question_mark")  # from the results: in the box, ? is text
        keys = text_of(app, "#help-keys")
        assert "Browse" in keys and "Reset to new" in keys and "Lapses" in keys


# -- pages past the first 200, and file text on screen as text --------------------------------------


def big_deck(decks_dir, copies: int) -> int:
    """The mini deck with its cards `copies` times over (claims renamed), written in place."""
    deck = json.loads((decks_dir / "mini.json").read_text())
    cards = list(deck["cards"])
    for k in range(1, copies):
        for card in cards:
            claim = f"{card['claim']}-{k}"
            deck["cards"].append({**card, "id": f"{claim}/{card['kind']}", "claim": claim})
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    return len(deck["cards"])


async def test_m_shows_the_next_200_results_under_the_first(tmp_path, decks_dir, clock):
    from trainer.collection import sync_decks
    from trainer.schedule import seconds
    from trainer.store import Store

    total = big_deck(decks_dir, 17)
    store = Store.open(tmp_path / "big.db")
    sync_decks(store, decks_dir, seconds(clock()))
    app = trainer_app(store, clock, decks_dir, start=lambda app: browse_screen(app))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert text_of(app, "#browse-status") == \
            f"{total} cards · showing 200 · m: 200 more · sorted by deck order"
        await pilot.press("m")  # in the search box: a letter
        assert app.screen.search_box.value == "m"
        await pilot.press("backspace", "enter", "ctrl+end")
        last = shown(app)[-1]
        await pilot.press("m")
        assert len(shown(app)) == 400 and shown(app)[199] == last
        assert app.screen.table.cursor_row == 199  # where it was: the new rows are below
        assert f"showing 400 · m: {total - 400} more" in text_of(app, "#browse-status")
        await pilot.press("m")
        every = shown(app)
        assert len(every) == len(set(every)) == total
        assert text_of(app, "#browse-status") == f"{total} cards · sorted by deck order"
        await pilot.press("exclamation_mark")  # the table keeps every page it showed
        assert len(shown(app)) == total and store.cards.memory(every[199]).suspended
    store.close()


async def test_file_text_reaches_the_terminal_as_text(store, clock):
    """Markup and escape sequences in a card's text, topic, sources and id, through the table,
    the preview, the card's details and the toasts: shown, never obeyed."""
    from tests.helpers import ESCAPES, MARKUP, poison

    card = "hcq-every-patient/qa"
    source = json.loads(store.db.one("SELECT data FROM cards WHERE id = ?", (card,)))["sources"][0]
    marked = "[@click=app.quit]mark[/]/qa"
    poison(store, card, question=f"Q {MARKUP} {ESCAPES}", answer=f"A {MARKUP}\x1b]8;;http://x\x07",
           topic=f"T[red]{ESCAPES}", extra="E\x9b31m", sources=[{**source, "citation": f"C {ESCAPES}"}],
           id=marked)
    with store.db.write() as c:  # an id from a deck file that nobody checked
        c.execute("PRAGMA defer_foreign_keys = ON")
        c.execute("UPDATE cards SET id = ? WHERE id = ?", (marked, card))
        c.execute("UPDATE memory SET card = ? WHERE card = ?", (marked, card))
    app = browse_app(store, clock, "mark")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        assert shown(app) == [marked]
        assert_shown_as_text(screen_output(app), "[@click=app.quit]mark[/]/qa", "T[red]␛]0;PWNED",
                             f"Q {MARKUP} ␛]0;PWNED␇ ␛]52;c;aGk=␇ ␛[31mred �2J ␍␡")
        await pilot.press("enter", "exclamation_mark")
        await pilot.pause(0.2)  # the toast is mounted after the key's handler returns
        assert store.cards.memory(marked).suspended and app.is_running  # no click action ran
        assert_shown_as_text(screen_output(app), "Suspended [@click=app.quit]mark[/]/qa")
        await pilot.press("enter")
        assert isinstance(app.screen, CardScreen)
        assert_shown_as_text(screen_output(app), f"A {MARKUP}␛]8;;http://x␇", "E�31m",
                             "C ␛]0;PWNED␇ ␛]52;c;aGk=␇", "[@click=app.quit]mark[/]/qa · mini · T[red]␛]0;")
        assert text_of(app, "#detail-question") == f"Q {MARKUP} ␛]0;PWNED␇ ␛]52;c;aGk=␇ ␛[31mred �2J ␍␡"


async def test_a_wrapped_citation_keeps_its_indent_in_the_card(reviewed, clock):
    from tests.tui.test_quiz_screen import assert_citations_hang

    app = browse_app(reviewed, clock, "hcq-every-patient/qa")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_card(app, pilot)
        card = reviewed.cards.get("hcq-every-patient/qa")
        assert_citations_hang(painted_lines(app.screen.query_one("#detail-sources")), card.sources)
