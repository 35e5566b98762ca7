"""`trainer import-reviews` with the real Anki backend: reviews done in Anki come back, once,
each card's memory replayed from both histories; the Anki file is never touched."""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.ankitools import (
    CardAnswer,
    cram,
    export_apkg_with_scheduling,
    folder_state,
    mini_profile,
    study,
)
from trainer.cli import app as cli_app
from trainer.collection import sync_decks
from trainer.export.notetype import ORD_KINDS
from trainer.model import Rating
from trainer.schedule import Memory, SchedulerConfig, review
from trainer.store import Store


@dataclass
class Profile:
    root: Path
    collection: Path
    colpkg: Path
    apkg: Path
    answers: dict[str, list[tuple[int, int]]]  # our card id -> [(revlog id ms, ease)] that count


def counted_answers(col) -> dict[str, list[tuple[int, int]]]:
    """Through Anki itself: every answer of our notes that counts for scheduling, by our card id."""
    model = col.models.by_name("Trainer claim")
    out: dict[str, list[tuple[int, int]]] = {}
    for cid, rid, ease in col.db.all(
            "SELECT r.cid, r.id, r.ease FROM revlog r JOIN cards c ON c.id = r.cid "
            "JOIN notes n ON n.id = c.nid WHERE n.mid = ? AND r.ease BETWEEN 1 AND 4 "
            "AND r.type IN (0, 1, 2, 3) AND NOT (r.type = 3 AND r.factor = 0) ORDER BY r.id",
            model["id"]):
        card = col.get_card(cid)
        out.setdefault(f"{card.note()['ClaimID']}/{ORD_KINDS[card.ord]}", []).append((rid, ease))
    return out


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Profile:
    root = tmp_path_factory.mktemp("anki-reviews")
    col, _ = mini_profile(root)
    study(col, "SLE mini", 6)  # new cards learned
    study(col, "SLE mini", 3, rating=CardAnswer.AGAIN)  # and some forgotten in learning
    study(col, "SLE mini", 4)
    cram(col, '"deck:SLE mini" -is:new', 2)  # cramming with rescheduling off: skipped
    export_apkg_with_scheduling(col, root / "sched.apkg")
    answers = counted_answers(col)
    collection = Path(col.path)
    col.export_collection_package(str(root / "mini.colpkg"), include_media=False, legacy=False)
    assert sum(map(len, answers.values())) >= 13
    return Profile(root, collection, root / "mini.colpkg", root / "sched.apkg", answers)


def fresh_db(tmp_path: Path, decks_dir: Path) -> Path:
    db = tmp_path / "t.db"
    store = Store.open(db)
    sync_decks(store, decks_dir, int(datetime.now(UTC).timestamp()))
    store.close()
    return db


def run(db: Path, decks_dir: Path, *args: str):
    return CliRunner().invoke(cli_app, ["--db", str(db), "--decks", str(decks_dir), "import-reviews",
                                        *args])


@pytest.mark.parametrize("which", ["collection", "colpkg", "apkg"])
def test_each_file_merges_its_reviews_once_and_stays_as_it_was(profile, tmp_path, decks_dir, which):
    path = {"collection": profile.collection, "colpkg": profile.colpkg, "apkg": profile.apkg}[which]
    before = folder_state(path.parent)
    db = fresh_db(tmp_path, decks_dir)
    expected = sum(map(len, profile.answers.values()))
    first = run(db, decks_dir, str(path))
    assert first.exit_code == 0, first.output
    assert f"merged {expected} reviews of {len(profile.answers)} cards" in first.output
    assert "skipped 2: filtered deck, rescheduling off" in first.output
    second = run(db, decks_dir, str(path), "--json")
    assert second.exit_code == 0, second.output
    assert '"reviews_added": 0' in second.output
    assert f'"reviews_already_imported": {expected}' in second.output
    assert folder_state(path.parent) == before  # not a byte written, no -wal or -shm beside it
    store = Store.open(db)
    assert store.reviews.count() == expected
    store.close()


def test_the_replayed_memory_is_what_our_scheduler_makes_of_the_same_answers(profile, tmp_path,
                                                                             decks_dir):
    db = fresh_db(tmp_path, decks_dir)
    assert run(db, decks_dir, str(profile.collection)).exit_code == 0
    store = Store.open(db)
    exact = SchedulerConfig(fuzz=False)
    for card_id, answers in profile.answers.items():
        memory = Memory()
        for rid, ease in answers:
            memory = review(memory, Rating(ease), datetime.fromtimestamp(rid / 1000, UTC), exact)
        assert store.cards.memory(card_id) == memory, card_id
        log = store.reviews.of_card(card_id)
        assert [r.rating for r in log] == [ease for _, ease in answers]
        assert all(a.after == b.before for a, b in itertools.pairwise(log))  # one chain
    store.close()


def test_our_own_answers_and_anki_s_make_one_history_in_time_order(profile, tmp_path, decks_dir,
                                                                    clock):
    from trainer.study import Session

    db = fresh_db(tmp_path, decks_dir)
    store = Store.open(db)
    card_id = next(iter(profile.answers))
    session = Session.open(store, "mini", clock)  # the test clock: months before Anki's answers
    session.grade(session.show(card_id), Rating.GOOD, 3000)
    store.close()
    assert run(db, decks_dir, str(profile.collection)).exit_code == 0
    store = Store.open(db)
    log = store.reviews.of_card(card_id)
    assert len(log) == 1 + len(profile.answers[card_id])
    assert log[0].reviewed_at < log[1].reviewed_at and log[0].before == Memory()
    assert all(a.after == b.before for a, b in itertools.pairwise(log))
    assert store.cards.memory(card_id) == log[-1].after
    store.close()


def test_the_study_counts_include_the_merged_reviews(profile, tmp_path, decks_dir):
    from trainer.study import Session

    db = fresh_db(tmp_path, decks_dir)
    now = lambda: datetime.now(UTC)  # noqa: E731 (Anki answered them today, on the wall clock)
    store = Store.open(db)
    before = Session.open(store, "mini", now).counts()
    store.close()
    assert run(db, decks_dir, str(profile.collection)).exit_code == 0
    store = Store.open(db)
    session = Session.open(store, "mini", now)
    after = session.counts()
    introduced = len(profile.answers)  # every card Anki answered was new this morning
    # today's new-card limit is spent by the cards learned in Anki, and they are in learning now
    assert store.queue.done_today("mini", session.study_day(now())) == (introduced, 0)
    assert after.new <= before.new - introduced and after.learning > 0
    store.close()


@pytest.mark.parametrize("content", [b"not an anki file at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_bad_file_is_one_line_and_changes_nothing(tmp_path, decks_dir, content):
    db = fresh_db(tmp_path, decks_dir)
    bad = tmp_path / "bad.colpkg"
    bad.write_bytes(content)
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    result = run(db, decks_dir, str(bad))
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert db.read_bytes() == copy.read_bytes()


def test_a_bad_file_creates_no_database(tmp_path, decks_dir):
    """A first `import-reviews` pointed at the wrong file leaves no empty database behind."""
    bad = tmp_path / "passwd"
    bad.write_text("root:x:0:0:root:/root:/bin/bash\n")
    db = tmp_path / "new" / "t.db"
    db.parent.mkdir()
    result = run(db, decks_dir, str(bad))
    assert result.exit_code == 2 and "not an Anki collection or package" in result.output
    assert list(db.parent.iterdir()) == []


def test_a_card_reset_in_browse_stays_reset_when_anki_answers_come_in(profile, tmp_path, decks_dir,
                                                                      clock):
    from trainer.browse import Browser
    from trainer.study import Session

    db = fresh_db(tmp_path, decks_dir)
    store = Store.open(db)
    card_id = next(iter(profile.answers))
    session = Session.open(store, "mini", clock)
    for _ in range(2):
        session.grade(session.show(card_id), Rating.EASY, 3000)
        clock.advance(days=5)
    Browser(store, clock).reset(card_id)
    session.grade(session.show(card_id), Rating.GOOD, 3000)  # learnt again from new
    store.close()
    assert run(db, decks_dir, str(profile.collection)).exit_code == 0
    store = Store.open(db)
    log = store.reviews.of_card(card_id)
    assert log[2].before == Memory()  # the reset is kept: the third answer met a new card
    exact = SchedulerConfig(fuzz=False)
    memory = Memory()
    for r in log[2:]:
        memory = review(memory, Rating(r.rating), datetime.fromtimestamp(r.reviewed_at / 1000, UTC), exact)
    assert store.cards.memory(card_id) == memory
    store.close()


def test_ctrl_c_in_the_middle_says_what_was_kept_and_the_next_run_brings_the_rest(
        profile, tmp_path, decks_dir, monkeypatch):
    import trainer.importing as importing

    expected = sum(map(len, profile.answers.values()))
    monkeypatch.setattr(importing, "CHUNK", 3)  # several transactions even for this small profile
    plan = importing.Planner.__call__
    planned: list[str] = []

    def interrupted(self, card, stored, answers, out):
        planned.append(card)
        if len(planned) == 4:  # the user presses ctrl+c while the second transaction is planned
            raise KeyboardInterrupt
        return plan(self, card, stored, answers, out)

    monkeypatch.setattr(importing.Planner, "__call__", interrupted)
    db = fresh_db(tmp_path, decks_dir)
    stopped = run(db, decks_dir, str(profile.collection))
    assert stopped.exit_code == 130
    store = Store.open(db)
    kept, cards = store.reviews.count(), len({r[0] for r in store.db.rows("SELECT card FROM reviews")})
    store.close()
    assert 0 < kept < expected
    assert stopped.output.strip() == (f"stopped: {kept} reviews of {cards} cards merged and kept; "
                                      "run the same command again for the rest")
    monkeypatch.setattr(importing.Planner, "__call__", plan)
    again = run(db, decks_dir, str(profile.collection))
    assert again.exit_code == 0
    assert f"merged {expected - kept} reviews" in again.output
    assert f"{kept} reviews were already imported" in again.output


def test_a_profile_folder_names_the_collection_it_read(profile, tmp_path, decks_dir):
    db = fresh_db(tmp_path, decks_dir)
    result = run(db, decks_dir, str(profile.collection.parent))
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith(f"from {profile.collection}")


def test_the_counter_counts_on_one_line_and_wipes_it(capsys):
    from trainer.commands.anki import ProgressLine

    counter = ProgressLine()
    counter(10_000, 30_000)
    counter(20_000, 30_000)
    counter(30_000, 30_000)  # the last: the report follows
    counter.clear()
    assert capsys.readouterr().err == ("\rmerging: 10000 of 30000 reviews\rmerging: 20000 of 30000 reviews"
                                       "\r\033[K")
