"""Cards parsed ahead while the learner reads one (Session.idle) show exactly what a fresh read
shows, even when the deck changed in between."""

from __future__ import annotations

import json

from tests.conftest import TZ
from trainer.collection import sync_decks
from trainer.model import Rating
from trainer.schedule import SchedulerConfig, seconds
from trainer.store import Store
from trainer.study import Session
from trainer.studysettings import StudySettings


def session_on(store, clock) -> Session:
    return Session(store, "mini", clock, tz=TZ,
                   settings=StudySettings(scheduler=SchedulerConfig(fuzz=False)))


def fresh(store, card_id):
    """The card as a newly opened connection reads it: no cache of any kind."""
    other = Store.open(store.path)
    try:
        return other.queue.card(card_id)
    finally:
        other.close()


def test_every_card_shown_after_an_idle_moment_is_the_stored_card(store, clock):
    session = session_on(store, clock)
    shown = session.next()
    for _ in range(12):
        assert shown is not None
        session.idle()  # the card is on screen: the next ones are parsed now
        assert store.queue._parsed, "nothing was parsed ahead"
        clock.advance(seconds=8)
        shown = session.grade(shown, Rating.GOOD, 4000).next
        if shown is not None:
            card, memory, version = fresh(store, shown.card.id)
            assert (shown.card, shown.memory, shown.version) == (card, memory, version)


def test_a_card_reworded_after_it_was_parsed_ahead_shows_its_new_wording(store, clock, decks_dir):
    session = session_on(store, clock)
    shown = session.next()
    assert shown is not None
    session.idle()
    ahead = set(store.queue._parsed)
    deck = json.loads((decks_dir / "mini.json").read_text())
    for card in deck["cards"]:
        if card["id"] != shown.card.id:
            card["question"] = "Reworded: " + card["question"]
            card["content_hash"] = card["content_hash"][::-1]  # what the generator would write
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    other = Store.open(store.path)  # another window syncs the edited deck
    try:
        sync_decks(other, decks_dir, seconds(clock()))
    finally:
        other.close()
    clock.advance(seconds=8)
    nxt = session.grade(shown, Rating.GOOD, 4000).next
    assert nxt is not None and nxt.card.id in ahead  # it was parsed ahead, in its old wording
    assert nxt.card.question.startswith("Reworded: ")
    assert nxt.card == fresh(store, nxt.card.id)[0]
