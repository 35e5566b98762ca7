"""is:core, is:detail and is:forgotten in browse, cram and the quiz's --query."""

from __future__ import annotations

import pytest

from tests.conftest import TZ
from trainer.browse import Browser
from trainer.cram import CramSession, cards_for
from trainer.errors import BadInput
from trainer.model import Rating
from trainer.quiz import QuizOptions, load_quiz_deck, start_quiz
from trainer.study import Session


def found(store, clock, query: str) -> list[str]:
    return [line.id for line in Browser(store, clock, TZ).search(query, limit=500).rows]


def test_core_and_detail_split_the_deck_by_the_claims_priority(store, clock):
    core, detail = found(store, clock, "is:core"), found(store, clock, "is:detail")
    assert len(core) == 23 and len(detail) == 4
    assert all(store.cards.get(c).priority == "detail" for c in detail)
    assert set(core) | set(detail) == set(found(store, clock, ""))
    assert found(store, clock, "-is:core") == detail
    biologics = [c for c in detail if store.cards.get(c).topic == "Biologics"]
    assert biologics and found(store, clock, "is:detail topic:biologics") == biologics


def test_forgotten_means_answered_again_today_and_not_in_a_cram(store, clock):
    session = Session.open(store, "mini", clock, TZ)
    first = session.next()
    second = session.grade(first, Rating.AGAIN, 1000).next
    session.grade(second, Rating.GOOD, 1000)
    assert found(store, clock, "is:forgotten") == [first.card.id]

    cram = CramSession.over(store, "mini", clock, [second.card.id], tz=TZ)
    cram.grade(cram.next(), Rating.AGAIN, 1000)  # a cram answer is no real lapse
    assert found(store, clock, "is:forgotten") == [first.card.id]

    clock.advance(days=1)  # the next study day: nothing forgotten yet
    assert found(store, clock, "is:forgotten") == []


def test_the_forgotten_of_today_can_be_studied_again(store, clock):
    session = Session.open(store, "mini", clock, TZ)
    first = session.next()
    session.grade(first, Rating.AGAIN, 1000)
    assert cards_for(store, "is:forgotten", clock, "mini", TZ) == [first.card.id]


def test_quiz_query_keeps_only_the_claims_the_search_finds(store, clock, decks_dir):
    deck = load_quiz_deck(decks_dir, "mini")
    detail_claims = {c.rsplit("/", 1)[0] for c in found(store, clock, "is:detail")}
    quiz = start_quiz(store, deck, clock, QuizOptions(count=50, query="is:detail", seed=1), TZ)
    asked = {q.item.claim for q in quiz.questions}
    assert asked == detail_claims
    assert "is:detail" in quiz.title


def test_quiz_query_that_finds_nothing_is_one_clear_error(store, clock, decks_dir):
    deck = load_quiz_deck(decks_dir, "mini")
    with pytest.raises(BadInput, match="no quiz questions on SLE mini match the search 'is:leech'"):
        start_quiz(store, deck, clock, QuizOptions(query="is:leech"), TZ)
