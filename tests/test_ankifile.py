"""Reading Anki's files back, checked against collections made by the real Anki backend.

A collection file, a profile folder, a .colpkg (new and legacy) and an .apkg with scheduling are
each read twice with their bytes unchanged and nothing created beside them; reviews map to our
card ids by note guid and template ordinal; manual and cramming entries are skipped and counted;
damaged, foreign, newer, locked and schedule-less files are refused with the facts.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.ankitools import (
    answer,
    cram,
    export_apkg_with_scheduling,
    folder_state,
    import_apkg,
    mini_profile,
    new_collection,
    study,
)
from trainer.ankifile import (
    SKIP_MANUAL,
    SKIP_NO_RESCHEDULE,
    AnkiCard,
    AnkiCollection,
    AnkiNote,
    AnkiReview,
    classify,
    map_cards,
    read_anki,
    skip_reason,
)
from trainer.errors import BadAnkiFile
from trainer.export.notetype import ORD_KINDS


@dataclass
class Profile:
    root: Path
    collection: Path  # <root>/profile/collection.anki2, closed
    colpkg: Path
    legacy_colpkg: Path
    apkg: Path  # exported with scheduling
    bare_apkg: Path  # exported without scheduling
    our_ids: list[str]  # every card id of the deck
    expected: dict[int, str]  # Anki card id -> our card id, read through Anki itself
    answered: list[tuple[int, int]]  # (Anki card id, revlog type) of every rated answer of ours


def ours_by_anki(col) -> dict[int, str]:
    """Anki card id -> our card id, as Anki shows them: the note's ClaimID and the card's template."""
    out = {}
    for cid in col.find_cards('"note:Trainer claim"'):
        card = col.get_card(cid)
        out[cid] = f"{card.note()['ClaimID']}/{ORD_KINDS[card.ord]}"
    return out


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Profile:
    root = tmp_path_factory.mktemp("anki")
    col, deck = mini_profile(root)
    learned = study(col, "SLE mini", 6)  # six new cards answered Good: learning entries
    new_cards = [c for c in col.find_cards('"deck:SLE mini" is:new')]
    col.sched.set_due_date([new_cards[0]], "0")  # a manual entry, and a review card due today
    answer(col, new_cards[0])  # a review entry
    col.sched.schedule_cards_as_new([learned[0]], restore_position=True, reset_counts=False)  # forget
    crammed = cram(col, '"deck:SLE mini" -is:new', 2)
    foreign = col.new_note(col.models.by_name("Basic"))
    foreign["Front"], foreign["Back"] = "not ours", "x"
    col.add_note(foreign, col.decks.id("Default"))
    study(col, "Default", 1)
    expected = ours_by_anki(col)
    answered = [(cid, t) for cid, t in col.db.all("SELECT cid, type FROM revlog WHERE ease > 0 AND "
                                                   "NOT (type = 3 AND factor = 0) ORDER BY id")
                if cid in expected]
    assert len(crammed) == 2 and {t for _, t in answered} == {0, 1}
    export_apkg_with_scheduling(col, root / "sched.apkg")
    export_apkg_with_scheduling(col, root / "bare.apkg", scheduling=False)
    path = Path(col.path)
    col.export_collection_package(str(root / "mini.colpkg"), include_media=False, legacy=False)  # closes it
    col = new_collection(root / "profile")
    col.export_collection_package(str(root / "legacy.colpkg"), include_media=False, legacy=True)
    return Profile(root, path, root / "mini.colpkg", root / "legacy.colpkg", root / "sched.apkg",
                   root / "bare.apkg", [c.id for c in deck.cards], expected, answered)


FILES = ["collection", "profile folder", "colpkg", "legacy colpkg", "apkg"]


def target(profile: Profile, which: str) -> Path:
    return {"collection": profile.collection, "profile folder": profile.collection.parent,
            "colpkg": profile.colpkg, "legacy colpkg": profile.legacy_colpkg, "apkg": profile.apkg}[which]


@pytest.mark.parametrize("which", FILES)
def test_each_file_reads_twice_the_same_and_stays_byte_for_byte_as_it_was(profile, which):
    path = target(profile, which)
    folder = path if path.is_dir() else path.parent
    before = folder_state(folder)
    first, second = read_anki(path), read_anki(path)
    assert first == second
    assert folder_state(folder) == before  # no byte changed, no -wal, -shm or -journal made
    assert first.schema in (11, 18) and len(first.notes) == 14 and len(first.cards) == 28
    kinds = {"colpkg": "colpkg", "legacy colpkg": "colpkg", "apkg": "apkg"}
    assert first.kind == kinds.get(which, "collection")


@pytest.mark.parametrize("which", FILES)
def test_reviews_map_to_our_cards_and_manual_and_cramming_entries_are_skipped(profile, which):
    anki = read_anki(target(profile, which))
    card_map = map_cards(anki, profile.our_ids)
    assert card_map.cards == profile.expected
    assert (card_map.claim_notes, card_map.card_notes, card_map.unknown_notes) == (13, 0, 1)
    result = classify(anki.reviews, card_map)
    assert [(r.review.card, r.review.type) for r in result.kept] == profile.answered
    assert [r.card_id for r in result.kept] == [profile.expected[c] for c, _ in profile.answered]
    assert result.skipped == {SKIP_MANUAL: 2, SKIP_NO_RESCHEDULE: 2}
    assert result.not_ours == 1 and result.cards == len({c for c, _ in profile.answered})
    ids = [r.id for r in anki.reviews]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # Anki's review ids: unique, in time order


def test_ratings_durations_and_intervals_come_through(profile):
    from anki.collection import Collection

    anki = read_anki(profile.colpkg)
    by_id = {r.id: r for r in anki.reviews}
    col = Collection(str(profile.collection))
    try:
        rows = col.db.all("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog")
    finally:
        col.close()
    assert [tuple(by_id[row[0]]) for row in rows] == [tuple(row) for row in rows]


def test_notes_of_the_old_per_card_note_types_map_to_their_card(tmp_path):
    """A user of the retired one-note-per-card export studied in Anki: those reviews are ours too."""
    model = genanki.Model(2118357074, "Trainer basic", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
    cloze = genanki.Model(1094544044, "Trainer cloze", fields=[{"name": "Text"}],
                          templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
                          model_type=genanki.Model.CLOZE)
    deck = genanki.Deck(1 << 30, "Old")
    deck.add_note(genanki.Note(model=model, fields=["q", "a"], guid=genanki.guid_for("a-claim/qa")))
    deck.add_note(genanki.Note(model=cloze, fields=["{{c1::x}} and {{c2::y}}"],
                               guid=genanki.guid_for("a-claim/cloze")))
    genanki.Package(deck).write_to_file(str(tmp_path / "old.apkg"))
    col = new_collection(tmp_path / "profile")
    import_apkg(col, tmp_path / "old.apkg")
    study(col, "Old", 3)
    col.close()
    anki = read_anki(tmp_path / "profile")
    card_map = map_cards(anki, ["a-claim/qa", "a-claim/cloze"])
    assert sorted(card_map.cards.values()) == ["a-claim/cloze", "a-claim/cloze", "a-claim/qa"]
    assert (card_map.claim_notes, card_map.card_notes, card_map.unknown_notes) == (0, 2, 0)
    assert sorted(r.card_id for r in classify(anki.reviews, card_map).kept) == [
        "a-claim/cloze", "a-claim/cloze", "a-claim/qa"]


def test_a_collection_left_with_a_wal_beside_it_is_read_from_a_copy(profile, tmp_path):
    """Anki crashed: its -wal is still there, holding answers the main file has not taken in yet."""
    live = tmp_path / "live"
    shutil.copytree(profile.collection.parent, live)
    col = new_collection(live)
    try:
        study(col, "SLE mini", 1)
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for name in ("collection.anki2", "collection.anki2-wal"):
            shutil.copyfile(live / name, crashed / name)
    finally:
        col.close()
    assert (crashed / "collection.anki2-wal").stat().st_size > 0
    before = folder_state(crashed)
    reviews = read_anki(crashed / "collection.anki2").reviews
    assert len(reviews) == len(read_anki(profile.collection).reviews) + 1
    assert folder_state(crashed) == before


HOLDER = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
col.db.scalar("SELECT count() FROM notes")
print("open", flush=True)
sys.stdin.readline()
col.close()
"""


def test_a_collection_anki_has_open_is_refused_as_locked(profile, tmp_path):
    folder = tmp_path / "open"
    shutil.copytree(profile.collection.parent, folder)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder / "collection.anki2")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = folder_state(folder)
        with pytest.raises(BadAnkiFile) as error:
            read_anki(folder / "collection.anki2")
        assert error.value.reason == "locked" and "locked" in str(error.value)
        assert folder_state(folder) == before
    finally:
        holder.communicate("\n", timeout=30)
    assert len(read_anki(folder / "collection.anki2").reviews) > 0  # closed: readable again


# -- refused files ------------------------------------------------------------------------------------

def cut_in_half(source: Path, out: Path) -> Path:
    data = source.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def with_schema(source: Path, out: Path, version: int) -> Path:
    shutil.copyfile(source, out)
    conn = sqlite3.connect(out)
    conn.execute("UPDATE col SET ver = ?", (version,))
    conn.commit()
    conn.close()
    return out


def repacked(source: Path, out: Path, replace: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(out, "w") as w:
        for name in z.namelist():
            data = replace.get(name, z.read(name))
            if data is not None:
                w.writestr(name, data)
        for name, data in replace.items():
            if name not in z.namelist() and data is not None:
                w.writestr(name, data)
    return out


def foreign_sqlite(out: Path) -> Path:
    conn = sqlite3.connect(out)
    conn.execute("CREATE TABLE cards (id INTEGER PRIMARY KEY, front TEXT)")
    conn.commit()
    conn.close()
    return out


def our_database(out: Path) -> Path:
    from trainer.store import Store

    Store.open(out).close()
    return out


BAD = {
    "random bytes": (lambda _, out: (out.write_bytes(bytes(range(256)) * 8), out)[1], "not-anki"),
    "a text file": (lambda _, out: (out.write_text("front,back\nq,a\n"), out)[1], "not-anki"),
    "an empty file": (lambda _, out: (out.write_bytes(b""), out)[1], "not-anki"),
    "another program's SQLite": (lambda _, out: foreign_sqlite(out), "not-anki"),
    "trainer's own database": (lambda _, out: our_database(out), "not-anki"),
    "a zip of something else": (lambda p, out: repacked(p.colpkg, out, {
        "collection.anki21b": None, "collection.anki2": None, "readme.txt": b"hi"}), "not-anki"),
    "a half-written collection": (lambda p, out: cut_in_half(p.collection, out), "damaged-collection"),
    "a half-downloaded colpkg": (lambda p, out: cut_in_half(p.colpkg, out), "damaged"),
    "a colpkg with garbage for its collection": (lambda p, out: repacked(p.colpkg, out, {
        "collection.anki21b": b"\x28\xb5\x2f\xfd garbage"}), "damaged"),
    "a package holding only the stub": (lambda p, out: repacked(p.colpkg, out, {
        "collection.anki21b": None}), "damaged"),
    "a newer collection schema": (lambda p, out: with_schema(p.collection, out, 19), "newer"),
    "a newer package version": (lambda p, out: repacked(p.colpkg, out, {"meta": b"\x08\x04"}), "newer"),
    "an apkg without scheduling": (lambda p, out: shutil.copyfile(p.bare_apkg, out) and out, "no-scheduling"),
    "a missing file": (lambda _, out: out, "missing"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_file_that_cannot_be_read_is_refused_with_the_facts_and_left_alone(profile, tmp_path, case):
    make, reason = BAD[case]
    suffix = ".colpkg" if "colpkg" in case or "package" in case or "zip" in case else (
        ".apkg" if "apkg" in case else ".anki2")
    path = make(profile, tmp_path / f"input{suffix}")
    before = folder_state(tmp_path)
    with pytest.raises(BadAnkiFile) as error:
        read_anki(path)
    assert error.value.reason == reason, str(error.value)
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    assert folder_state(tmp_path) == before


# -- mapping on any guids ---------------------------------------------------------------------------

SLUGS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


@given(ours=st.lists(SLUGS, min_size=1, max_size=5, unique=True),
       foreign=st.lists(st.text(min_size=1, max_size=12), max_size=5),
       ords=st.lists(st.integers(0, 4), min_size=1, max_size=4))
def test_only_guids_of_our_claims_map_and_only_to_templates_we_have(ours, foreign, ords):
    notes = [AnkiNote(i, genanki.guid_for(claim), 1) for i, claim in enumerate(ours)]
    notes += [AnkiNote(100 + i, guid, 2) for i, guid in enumerate(foreign)
              if guid not in {genanki.guid_for(c) for c in ours}
              and guid not in {genanki.guid_for(f"{c}/{k}") for c in ours for k in ORD_KINDS}]
    cards = [AnkiCard(1000 * n.id + o, n.id, o) for n in notes for o in set(ords)]
    known = [f"{claim}/{kind}" for claim in ours for kind in ("qa", "cloze")]
    card_map = map_cards(AnkiCollection("x", "collection", 18, tuple(notes), tuple(cards), ()), known)
    expected = {c.id: f"{ours[c.note]}/{ORD_KINDS[c.ord]}" for c in cards if c.note < 100 and c.ord < 2}
    assert card_map.cards == expected
    assert card_map.unknown_notes == len(notes) - len(ours) and card_map.claim_notes == len(ours)


@pytest.mark.parametrize("review, reason", [
    (AnkiReview(1, 1, 3, -600, 0, 0, 1000, 0), None),  # learning
    (AnkiReview(1, 1, 1, 5, 10, 2500, 1000, 1), None),  # review, Again
    (AnkiReview(1, 1, 3, 1, -600, 2300, 1000, 2), None),  # relearning
    (AnkiReview(1, 1, 3, 4, 2, 2500, 1000, 3), None),  # early, in a filtered deck that reschedules
    (AnkiReview(1, 1, 3, 0, -60, 0, 1000, 3), SKIP_NO_RESCHEDULE),
    (AnkiReview(1, 1, 0, 1, 0, 2500, 0, 4), SKIP_MANUAL),
    (AnkiReview(1, 1, 0, 12, 10, 5200, 0, 5), "rescheduled"),
    (AnkiReview(1, 1, 0, 3, 0, 2500, 0, 1), "no rating"),
    (AnkiReview(1, 1, 3, 3, 0, 2500, 0, 9), "unknown type"),
])
def test_entries_are_kept_or_skipped_as_anki_counts_them(review, reason):
    assert skip_reason(review) == reason


def test_the_reader_never_loads_the_agpl_anki_package(profile):
    code = ("import sys; from trainer.ankifile import read_anki, map_cards, classify;"
            f"a = read_anki({str(profile.colpkg)!r}); classify(a.reviews, map_cards(a, []));"
            "print([m for m in sys.modules if m == 'anki' or m.startswith('anki.')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
