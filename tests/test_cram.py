"""Cram sessions: the matching cards in order, graded, the schedule untouched unless asked."""

from __future__ import annotations

from typer.testing import CliRunner

from tests.conftest import TZ
from tests.helpers import make_due
from trainer.cli import app
from trainer.cram import CramSession, cards_for
from trainer.model import Rating
from trainer.study import Session


def memory_table(store) -> list[tuple]:
    return store.db.rows("SELECT * FROM memory ORDER BY card")


def cram_all(session, rating=Rating.GOOD) -> list[str]:
    seen, shown = [], session.next()
    while shown is not None:
        seen.append(shown.card.id)
        shown = session.grade(shown, rating, 2000).next
    return seen


def test_a_cram_session_leaves_the_memory_table_exactly_as_it_was(store, clock):
    make_due(store, "hcq-tlr/qa", clock)
    cards = cards_for(store, "topic:hydroxychloroquine", clock, "mini", TZ)
    assert cards and all(store.cards.get(c).topic == "Hydroxychloroquine" for c in cards)
    before = memory_table(store)
    session = CramSession.over(store, "mini", clock, cards, tz=TZ)
    assert cram_all(session) == cards  # in deck order, each once
    assert memory_table(store) == before
    kinds = {k for (k,) in store.db.rows("SELECT kind FROM reviews")}
    assert kinds == {"cram"} and session.summary.reviewed == len(cards)


def test_cram_answers_count_nowhere_else(store, clock):
    from trainer.stats import report

    cards = cards_for(store, "topic:hydroxychloroquine", clock, "mini", TZ)
    before = Session.open(store, "mini", clock, TZ).counts()
    cram_all(CramSession.over(store, "mini", clock, cards, tz=TZ))
    after = Session.open(store, "mini", clock, TZ).counts()
    assert after == before  # no new-card limit used, no sibling buried
    assert report(store, clock(), TZ).basic.retention_30d_reviews == 0


def test_forgotten_cards_come_back_once_at_the_end_and_undo_takes_answers_back(store, clock):
    cards = cards_for(store, "topic:hydroxychloroquine", clock, "mini", TZ)
    session = CramSession.over(store, "mini", clock, cards, tz=TZ)
    first = session.next()
    session.grade(first, Rating.AGAIN, 1000)
    left = session.counts()
    assert left.new + left.learning + left.review == len(cards)  # the forgotten card is owed again
    seen = cram_all(session)
    assert seen[-1] == first.card.id and len(seen) == len(cards)
    assert session.undo().card.id == first.card.id
    assert store.reviews.count() == len(cards)  # one answer taken back out of the log


def test_reschedule_does_change_the_schedule(store, clock):
    cards = cards_for(store, "topic:hydroxychloroquine", clock, "mini", TZ)
    before = memory_table(store)
    cram_all(CramSession.over(store, "mini", clock, cards, reschedule=True, tz=TZ))
    assert memory_table(store) != before
    assert {k for (k,) in store.db.rows("SELECT kind FROM reviews")} == {"learn"}


def test_the_cli_refuses_a_search_that_finds_nothing_in_one_line(tmp_path, decks_dir):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(decks_dir),
                                      "study", "--cram", "topic:cardiology"])
    assert result.exit_code == 2 and "nothing to cram" in result.output
    lonely = CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(decks_dir),
                                      "study", "--reschedule"])
    assert lonely.exit_code == 2 and "--reschedule goes with --cram" in lonely.output


def test_a_cram_counts_its_cards_by_what_they_are(store, clock):
    make_due(store, "hcq-tlr/qa", clock)  # one review among new cards
    cards = cards_for(store, "topic:hydroxychloroquine", clock, "mini", TZ)
    session = CramSession.over(store, "mini", clock, cards, reschedule=True, tz=TZ)
    counts = session.counts()
    assert (counts.new, counts.learning, counts.review) == (len(cards) - 1, 0, 1)
    first = session.next()
    assert first.card.id != "hcq-tlr/qa"
    session.grade(first, Rating.AGAIN, 1000)  # it comes back at the end, in learning now
    counts = session.counts()
    assert (counts.new, counts.learning, counts.review) == (len(cards) - 2, 1, 1)
    assert session.schedules and not CramSession.over(store, "mini", clock, cards, tz=TZ).schedules
