"""The store: deck sync keeps history, migrations, refusing files it must not touch."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import replace

import pytest

from trainer.collection import sync_decks
from trainer.decks import load_deck
from trainer.errors import TrainerError
from trainer.model import Rating
from trainer.schedule import seconds
from trainer.store import APPLICATION_ID, LATEST, MIGRATIONS, Store
from trainer.store.decksync import incoming


def rewrite_deck(decks_dir, change):
    """Apply `change(deck_dict)` to the mini deck file, like a regenerated deck would."""
    path = decks_dir / "mini.json"
    deck = json.loads(path.read_text())
    change(deck)
    path.write_text(json.dumps(deck))


def reword(card_id, text):
    def change(deck):
        card = next(c for c in deck["cards"] if c["id"] == card_id)
        card["question"] = text
        card["content_hash"] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return change


def test_first_sync_adds_every_card_as_new(store):
    assert [d.id for d in store.decks.all()] == ["mini"] and store.decks.all()[0].cards == 27
    assert store.cards.memory("hcq-tlr/cloze").state == 0
    assert store.cards.get("mmf-impdh/reverse").question == "inosine monophosphate dehydrogenase"


def test_sync_is_idempotent_and_skips_an_unchanged_file(store, decks_dir, clock):
    [result] = sync_decks(store, decks_dir, seconds(clock()))
    assert result.skipped
    deck = json.loads((decks_dir / "mini.json").read_text())
    from trainer.decks import load_deck

    again = store.decks.sync(load_deck(decks_dir / "mini.json"), "other-hash", seconds(clock()))
    assert not again.changed and len(deck["cards"]) == 27


def test_rewording_keeps_history_and_moves_changed_at(session, store, decks_dir, clock):
    shown = session.next()
    session.grade(shown, Rating.GOOD, 1000)
    memory = store.cards.memory(shown.card.id)
    first_change = store.cards.row(shown.card.id).changed_at
    rewrite_deck(decks_dir, reword(shown.card.id, "Which drug should every SLE patient take?"))
    [result] = sync_decks(store, decks_dir, seconds(clock()))  # same second as the first sync
    assert (result.updated, result.added, result.retired) == (1, 0, 0)
    assert store.cards.get(shown.card.id).question == "Which drug should every SLE patient take?"
    assert store.cards.memory(shown.card.id) == memory and len(store.reviews.of_card(shown.card.id)) == 1
    assert store.cards.row(shown.card.id).changed_at == first_change + 1  # strictly later
    assert store.cards.row("hcq-tlr/qa").changed_at == first_change  # others untouched


def test_removed_card_is_retired_with_history_then_revived(session, store, decks_dir, clock):
    shown = session.next()
    session.grade(shown, Rating.GOOD, 1000)
    original = (decks_dir / "mini.json").read_text()
    rewrite_deck(decks_dir, lambda d: d.update(cards=[c for c in d["cards"]
                                                      if c["id"] != shown.card.id]))
    [result] = sync_decks(store, decks_dir, seconds(clock()))
    assert result.retired == 1 and store.cards.row(shown.card.id).retired == 1
    assert len(store.reviews.of_card(shown.card.id)) == 1
    assert store.decks.all()[0].cards == 26
    clock.advance(minutes=10)
    assert session.next().card.id != shown.card.id  # retired cards are never shown
    (decks_dir / "mini.json").write_text(original)
    [result] = sync_decks(store, decks_dir, seconds(clock()))
    assert result.revived == 1 and store.cards.row(shown.card.id).retired == 0
    assert store.cards.memory(shown.card.id).reps == 1
    assert session.next().card.id == shown.card.id  # its learning step is due again


def test_new_card_in_deck_is_added(store, decks_dir, clock):
    def add(deck):
        card = dict(deck["cards"][0], id="brand-new/qa", claim="brand-new", content_hash="f" * 16)
        deck["cards"].append(card)
    rewrite_deck(decks_dir, add)
    [result] = sync_decks(store, decks_dir, seconds(clock()))
    assert result.added == 1 and store.cards.memory("brand-new/qa").state == 0


def test_a_card_id_cannot_belong_to_two_decks(store, decks_dir, clock):
    deck = json.loads((decks_dir / "mini.json").read_text())
    deck["deck"]["id"] = "other"
    (decks_dir / "other.json").write_text(json.dumps(deck))
    with pytest.raises(TrainerError, match="already belongs to deck 'mini'"):
        sync_decks(store, decks_dir, seconds(clock()))


def test_wal_busy_timeout_and_foreign_keys(store):
    c = store.db.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store.version == LATEST and len(MIGRATIONS) == LATEST


def test_migration_from_an_older_schema_keeps_data(tmp_path, decks_dir):
    path = tmp_path / "old.db"
    old = Store.open(path, migrate_to=1)
    # the rows a first-version trainer wrote (today's sync writes columns v1 does not have)
    deck = load_deck(decks_dir / "mini.json")
    with old.db.write() as c:
        c.execute("INSERT INTO decks (id, name, tag, description, file_hash) VALUES (?, ?, ?, '', '')",
                  (deck.info.id, deck.info.name, deck.info.tag))
        for position, card in enumerate(deck.cards):
            c.execute("INSERT INTO cards (id, deck, claim, kind, topic, position, content_hash, data, "
                      "created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
                      (card.id, deck.info.id, card.claim, card.kind, card.topic, position,
                       card.content_hash, incoming(card).data))
            c.execute("INSERT INTO memory (card, deck, claim, position) VALUES (?, ?, ?, ?)",
                      (card.id, deck.info.id, card.claim, position))
    assert old.version == 1
    with pytest.raises(sqlite3.OperationalError):
        old.db.conn.execute("SELECT * FROM quiz_attempts")
    old.close()
    upgraded = Store.open(path)
    assert upgraded.version == LATEST
    assert upgraded.decks.all()[0].cards == 27
    upgraded.db.conn.execute("SELECT * FROM quiz_attempts").fetchall()
    # v4 fills each card's priority beside its memory from the card's own record
    detail = {c.id for c in deck.cards if c.priority == "detail"}
    assert detail and {r[0] for r in upgraded.db.rows(
        "SELECT card FROM memory WHERE priority = 'detail'")} == detail
    upgraded.close()


def unchanged_after_refusal(path, match):
    before = path.read_bytes()
    with pytest.raises(TrainerError, match=match):
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no -wal, no -shm


def test_newer_schema_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")  # as trainer's own files are: opening must not
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.execute("CREATE TABLE later (x)")
    conn.commit()
    conn.close()
    unchanged_after_refusal(path, "written by a newer trainer")


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "collection.anki2"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, flds TEXT)")
    conn.execute("INSERT INTO notes (flds) VALUES ('keep me')")
    conn.commit()
    conn.close()
    unchanged_after_refusal(path, "another program")


def test_non_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n")
    unchanged_after_refusal(path, "not a trainer database")


def test_a_missing_folder_is_refused_unless_it_is_the_default_location(tmp_path):
    with pytest.raises(TrainerError, match="no such folder"):
        Store.open(tmp_path / "typo" / "t.db")
    assert not (tmp_path / "typo").exists()
    Store.open(tmp_path / "data" / "t.db", create_folder=True).close()
    assert (tmp_path / "data" / "t.db").exists()


def test_corrupt_database_is_one_clear_error(tmp_path, decks_dir, clock):
    path = tmp_path / "broken.db"
    s = Store.open(path)
    s.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(TrainerError, match=r"broken\.db"):
        s = Store.open(path)
        sync_decks(s, decks_dir, seconds(clock()))


def test_set_memory_round_trips(store):
    m = replace(store.cards.memory("hcq-tlr/qa"), state=2, stability=3.5, difficulty=4.25, due=99,
                last_review=50, reps=2, lapses=1, buried_until=120)
    store.cards.set_memory("hcq-tlr/qa", m)
    assert store.cards.memory("hcq-tlr/qa") == m


def test_changed_times_for_export(store):
    times = store.cards.changed_times(["mini"])
    assert len(times) == 27 and len(set(times.values())) == 1


def test_an_answer_to_a_memory_that_is_not_the_stored_one_writes_nothing(store, clock):
    """record() writes only what the answer changes, trusting `before` to be the stored memory
    at `version`; a `before` that is not (a caller's mistake, or a row changed without its
    version) is a Conflict with nothing written, never a half-applied memory."""
    from trainer.errors import Conflict
    from trainer.schedule import REVIEW, Memory, seconds

    card = "hcq-every-patient/qa"
    stored, version = store.cards.versioned(card)  # a new card
    now = seconds(clock())
    claimed = Memory(state=REVIEW, stability=3.0, difficulty=5.0, due=now, last_review=now - 86400,
                     reps=1)
    after = Memory(state=REVIEW, stability=4.0, difficulty=5.0, due=now + 3 * 86400,
                   last_review=now, reps=2)
    reviews = store.reviews.count()
    with pytest.raises(Conflict):
        store.reviews.record(card, 3, now * 1000, 0, 1000, claimed, after, version)
    assert store.cards.versioned(card) == (stored, version) and store.reviews.count() == reviews
    review_id, new_version = store.reviews.record(card, 3, now * 1000, 0, 1000, stored, after,
                                                  version)
    assert store.cards.versioned(card) == (after, new_version) and review_id


def test_a_log_written_before_v7_reads_undoes_and_merges_as_before(tmp_path, decks_dir, clock):
    from tests.conftest import TZ
    from trainer.days import Calendar
    from trainer.importing import merge
    from trainer.schedule import Memory, SchedulerConfig
    from trainer.store.reviews import Answer
    from trainer.study import Session

    path = tmp_path / "old.db"
    old = Store.open(path, migrate_to=6)
    sync_decks(old, decks_dir, seconds(clock()))
    session = Session.open(old, "mini", clock)
    first = session.next()
    session.grade(first, Rating.GOOD, 3000)
    clock.advance(minutes=30)
    second = session.next()
    session.grade(second, Rating.AGAIN, 3000)
    # the memories as a v6 trainer logged them: JSON objects
    with old.db.write() as c:
        for rid, before, after in c.execute("SELECT id, state_before, state_after FROM reviews").fetchall():
            c.execute("UPDATE reviews SET state_before = ?, state_after = ? WHERE id = ?",
                      (json.dumps(Memory.from_json(before).to_dict()),
                       json.dumps(Memory.from_json(after).to_dict()), rid))
    logged = {r.id: (r.card, r.before, r.after) for card in {first.card.id, second.card.id}
              for r in old.reviews.of_card(card)}
    old.close()

    store = Store.open(path)
    assert store.version == LATEST
    assert store.db.one("SELECT count(*) FROM reviews WHERE state_after LIKE '{%'") == 2
    assert {r.id: (r.card, r.before, r.after) for card in {first.card.id, second.card.id}
            for r in store.reviews.of_card(card)} == logged
    last = max(logged)
    card, before, _ = logged[last]
    store.reviews.undo(last, store.cards.version(card))  # logged as an object, undone
    assert store.cards.memory(card) == before
    # an answer from Anki on the first card: its old row replays into the same memories, and
    # is left as it was
    at = (seconds(clock()) + 86_400) * 1000
    merge(store, {first.card.id: [Answer(0, 3, at, 4000, "review", 10**12)]},
          lambda _card: SchedulerConfig(fuzz=False), Calendar(4, TZ))
    log = store.reviews.of_card(first.card.id)
    assert (log[0].card, log[0].before, log[0].after) == logged[min(logged)]
    assert log[0].after == log[1].before and store.cards.memory(first.card.id) == log[1].after
    assert store.db.one("SELECT count(*) FROM reviews WHERE state_after LIKE '{%'") == 1
    assert store.db.one("SELECT count(*) FROM reviews WHERE state_after LIKE '[%'") == 1
    store.close()
