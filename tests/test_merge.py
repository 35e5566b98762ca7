"""Merging answers from elsewhere in transactions of whole cards: the chunking changes nothing in
the result, review_days stays what a rebuild gives, and an interrupted merge leaves whole cards."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import trainer.importing as importing
from tests.conftest import TZ, Clock
from tests.studied import PRACTICE, card_id, write_practice_deck
from trainer.collection import sync_decks
from trainer.days import Calendar
from trainer.model import Rating
from trainer.schedule import Memory, SchedulerConfig, review, seconds, utc
from trainer.store import Store
from trainer.store.reviews import Answer
from trainer.store.schema import KIND_REVIEW, REVIEW_DAYS_FILL
from trainer.study import Session
from trainer.studysettings import StudySettings

EXACT = SchedulerConfig(fuzz=False)
CAL = Calendar(4, TZ)
CARDS = 40
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def studied_db(root: Path) -> Path:
    """A store on a 40-card practice deck with three weeks of our own answers."""
    decks = root / "decks"
    decks.mkdir()
    write_practice_deck(decks, CARDS)
    db = root / "trainer.db"
    store = Store.open(db)
    sync_decks(store, decks, seconds(START))
    clock = Clock(START)
    session = Session(store, PRACTICE, clock, tz=TZ, settings=StudySettings(scheduler=EXACT, new_per_day=8))
    rng = random.Random(3)
    for _ in range(150):
        clock.advance(minutes=rng.choice((1, 7, 45, 300, 24 * 60)))
        shown = session.next() or session.study_ahead(days=3)
        if shown:
            session.grade(shown, rng.choice(list(Rating)), 2000)
    store.close()
    return db


def anki_answers(seed: int = 5) -> dict[str, list[Answer]]:
    """Answers done elsewhere over the same weeks, on cards we studied and cards we did not,
    some in the very millisecond of another."""
    rng = random.Random(seed)
    incoming: dict[str, list[Answer]] = {}
    at = seconds(START) * 1000
    for n in range(300):
        at += rng.choice((0, 1, 60_000, 3_600_000, 20 * 3_600_000))
        card = card_id(rng.randrange(CARDS))
        incoming.setdefault(card, []).append(
            Answer(0, rng.choice((1, 2, 3, 3, 3, 4)), at, 4000, KIND_REVIEW, 10**12 + n))
    return incoming


def run_merge(db: Path, incoming: dict[str, list[Answer]]) -> int:
    store = Store.open(db)
    try:
        return importing.merge(store, incoming, lambda _card: EXACT, CAL)
    finally:
        store.close()


def snapshot(db: Path) -> tuple[list, list, list]:
    """The log (without our row ids, which depend on the order of writing), every memory, and
    review_days without its empty rows."""
    store = Store.open(db)
    c = store.db.conn
    log = sorted(c.execute("SELECT card, rating, reviewed_at, day, duration_ms, prev_state, kind, "
                           "state_before, state_after, coalesce(anki_id, 0) FROM reviews").fetchall())
    memory = c.execute("SELECT * FROM memory ORDER BY card").fetchall()
    days = c.execute("SELECT * FROM review_days WHERE reviews != 0 ORDER BY day, topic").fetchall()
    store.close()
    return log, memory, days


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return studied_db(tmp_path_factory.mktemp("studied"))


def copy_of(built: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(built, target)
    return target


def test_transactions_of_any_size_merge_the_same_and_review_days_equal_a_rebuild(built, tmp_path,
                                                                                  monkeypatch):
    incoming = anki_answers()
    whole = copy_of(built, tmp_path, "whole.db")
    assert run_merge(whole, incoming) == 300
    monkeypatch.setattr(importing, "CHUNK", 7)
    assert len(importing.chunks(incoming, 7)) > 5
    chunked = copy_of(built, tmp_path, "chunked.db")
    planned_ahead = spy_on_ahead(monkeypatch)
    assert run_merge(chunked, incoming) == 300
    assert len(planned_ahead) == len(importing.chunks(incoming, 7)) - 1  # all but the first, by the child
    assert snapshot(chunked) == snapshot(whole)

    store = Store.open(chunked)
    c = store.db.conn
    days = c.execute("SELECT * FROM review_days WHERE reviews != 0 ORDER BY day, topic").fetchall()
    c.execute("BEGIN")
    c.execute("DELETE FROM review_days")
    c.execute(REVIEW_DAYS_FILL)
    assert c.execute("SELECT * FROM review_days ORDER BY day, topic").fetchall() == days
    c.execute("ROLLBACK")
    # each card's log is one chain through our scheduler, ending in the card's memory
    for card in (card_id(i) for i in range(CARDS)):
        memory = Memory()
        # in time order (ours first within a millisecond): the log's ids follow the writing
        for r in sorted(store.reviews.of_card(card), key=lambda r: (r.reviewed_at, r.id)):
            if r.before == Memory():  # met as new: a reset, or our first answer (see importing.Planner)
                memory = Memory()
            assert r.before == memory, card
            memory = review(memory, Rating(r.rating), utc(r.reviewed_at // 1000), EXACT)
            assert r.after == memory, card
        assert store.cards.memory(card) == memory, card
    store.close()
    assert run_merge(chunked, incoming) == 0  # a second merge adds nothing
    assert snapshot(chunked) == snapshot(whole)
    # and the case was a real one: our own answers that met Anki's were rewritten
    ours = lambda snap: {(r[0], r[2]): r[7:9] for r in snap[0] if r[9] == 0}  # noqa: E731
    was, now = ours(snapshot(built)), ours(snapshot(whole))
    assert was.keys() == now.keys() and sum(was[k] != now[k] for k in was) > 10


def spy_on_ahead(monkeypatch) -> list[object]:
    """The results the merge's second process gave (None where it gave none)."""
    got: list[object] = []
    result = importing.Ahead.result

    def spied(self, then=None):
        value = result(self, then)
        if value is not None:
            got.append(value)
        return value

    monkeypatch.setattr(importing.Ahead, "result", spied)
    return got


def test_rows_planned_ahead_are_planned_again_when_a_card_changed_meanwhile(built, tmp_path):
    incoming = anki_answers()
    expected = copy_of(built, tmp_path, "expected.db")
    db = copy_of(built, tmp_path, "raced.db")
    card = next(iter(incoming))
    store = Store.open(db)
    planner = importing.Planner(lambda _card: EXACT, CAL)
    stale = store.merge.stored(incoming)
    rows = planner.rows(incoming, stale)
    # another window answers one of the cards after the plan was made, before it is written
    for path in (expected, db):
        other = Store.open(path)
        when = START + timedelta(days=30)
        before, version = other.cards.versioned(card)
        other.reviews.record(card, Rating.GOOD, seconds(when) * 1000, CAL.day_of(seconds(when)), 3000,
                             before, review(before, Rating.GOOD, when, EXACT), version)
        other.close()
    assert store.merge.card_batch(incoming, planner.rows, (stale, rows)) == 300
    store.close()
    assert run_merge(expected, incoming) == 300  # planned from what the store holds now
    assert snapshot(db) == snapshot(expected)
    # and the case was a real one: the stale plan would have left the card another memory
    memory = next(m for m in snapshot(db)[1] if m[0] == card)
    assert next(m for m in rows.memories if m[-1] == card)[:8] != memory[5:13]


def test_an_interrupted_merge_leaves_whole_cards_and_the_rest_as_they_were(built, tmp_path,
                                                                         monkeypatch):
    incoming = anki_answers()
    whole = copy_of(built, tmp_path, "whole.db")
    run_merge(whole, incoming)
    monkeypatch.setattr(importing, "CHUNK", 30)
    chunks = importing.chunks(incoming, 30)
    assert len(chunks) >= 4
    # the fault strikes in the middle of the third transaction, after some of its cards were planned
    victim = list(chunks[2])[len(chunks[2]) // 2]
    plan = importing.Planner.__call__

    def failing(self, card, stored, answers, out):
        if card == victim:
            raise KeyboardInterrupt  # the user pressed ctrl+c
        return plan(self, card, stored, answers, out)

    interrupted = copy_of(built, tmp_path, "interrupted.db")
    before = snapshot(interrupted)
    monkeypatch.setattr(importing.Planner, "__call__", failing)
    with pytest.raises(KeyboardInterrupt):
        run_merge(interrupted, incoming)
    monkeypatch.setattr(importing.Planner, "__call__", plan)
    done = {card for chunk in chunks[:2] for card in chunk}
    after, complete = snapshot(interrupted), snapshot(whole)
    for card in (card_id(i) for i in range(CARDS)):
        expected = complete if card in done else before
        for table in (0, 1):  # the card's log and its memory
            assert [r for r in after[table] if r[0] == card] == \
                [r for r in expected[table] if r[0] == card], card
    # the next run brings the rest, and the store ends as one uninterrupted merge leaves it
    assert run_merge(interrupted, incoming) == 300 - sum(len(incoming[c]) for c in done)
    assert snapshot(interrupted) == complete


def test_chunks_keep_cards_whole_in_order():
    incoming = {f"c{i:02d}": [Answer(0, 3, i, 0, KIND_REVIEW, i)] * (i % 4 + 1) for i in range(30)}
    chunks = importing.chunks(incoming, 5)
    assert [card for chunk in chunks for card in chunk] == sorted(incoming)
    assert all(chunk[card] is incoming[card] for chunk in chunks for card in chunk)
    assert all(sum(map(len, chunk.values())) < 5 + 4 for chunk in chunks)
    assert importing.chunks({}, 5) == []


def test_a_merge_of_nothing_leaves_the_store_as_it_was(built, tmp_path):
    db = copy_of(built, tmp_path, "nothing.db")
    before = snapshot(db)
    assert run_merge(db, {}) == 0
    assert run_merge(db, {card_id(0): []}) == 0
    assert snapshot(db) == before
