"""Anki across several exports, with the real backend: study, edits kept, a new machine, retired claims,
note type changes, and the day's new-card order (siblings apart)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.ankitools import answer, import_apkg, new_collection, notetype, study
from tests.seedtools import FIXTURES, copy_mini
from tests.test_history import remove_claim
from trainer.decks import load_deck
from trainer.export import export_apkg
from trainer.export.notetype import CLAIM_MODEL_ID, ORD_KINDS
from trainer.generate import generate

T0 = 1_750_000_000
HOUR = 3600
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    from trainer.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def author(tmp_path, monkeypatch):
    """A checkout: seeds/mini and decks/ generated from it at T0, the current folder."""
    monkeypatch.chdir(tmp_path)
    seeds = copy_mini(tmp_path)
    generate(seeds, tmp_path / "decks", now=T0)
    return tmp_path


def export(root: Path, db: str, out: str):
    """`trainer --db <db> --decks decks export -o <out>`, as a user on some machine would run it."""
    return run("--db", str(root / db), "--decks", str(root / "decks"), "export", "-o", str(root / out))


def test_study_edit_in_anki_then_export_from_a_new_machine_updates_nothing_and_keeps_the_edit(author):
    export(author, "laptop.db", "first.apkg")
    col = new_collection(author / "anki")
    try:
        assert len(import_apkg(col, author / "first.apkg").new) == 13
        studied = study(col, "SLE mini", 8)
        assert len(studied) == 8
        (nid,) = col.find_notes('"ClaimID:hcq-tlr"')
        note = col.get_note(nid)
        note["Extra"] = "My own mnemonic: HCQ quiets the endosome."
        col.update_note(note)
        schedule = col.db.all("SELECT id, type, queue, due, ivl FROM cards ORDER BY id")
        reviews = col.db.scalar("SELECT count() FROM revlog")

        export(author, "new-laptop.db", "again.apkg")  # a fresh database on another machine
        assert (author / "again.apkg").read_bytes() == (author / "first.apkg").read_bytes()
        assert not list(author.glob("*.db"))  # the export reads the deck files alone
        log = import_apkg(col, author / "again.apkg")
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 13)
        assert col.get_note(nid)["Extra"] == "My own mnemonic: HCQ quiets the endosome."
        assert col.db.all("SELECT id, type, queue, due, ivl FROM cards ORDER BY id") == schedule
        assert col.db.scalar("SELECT count() FROM revlog") == reviews == 8
    finally:
        col.close()


def test_a_reworded_claim_reaches_anki_from_any_machine_and_only_its_note_moves(author):
    export(author, "a.db", "v1.apkg")
    col = new_collection(author / "anki")
    try:
        import_apkg(col, author / "v1.apkg")
        studied = study(col, "SLE mini", 4)
        claims_file = author / "seeds" / "mini" / "claims.toml"
        claims_file.write_text(claims_file.read_text().replace(
            "Which innate immune receptors do", "Which receptors do"), encoding="utf-8")
        generate(author / "seeds", author / "decks", now=T0 + HOUR)
        export(author, "b.db", "v2.apkg")
        log = import_apkg(col, author / "v2.apkg")
        assert (len(log.new), len(log.updated)) == (0, 1)
        (nid,) = col.find_notes('"ClaimID:hcq-tlr"')
        note = col.get_note(nid)
        assert note["Question"].startswith("Which receptors do") and note.mod == T0 + HOUR
        assert all(col.get_card(c).type != 0 for c in studied)  # progress kept
    finally:
        col.close()


def test_a_removed_claim_stays_in_anki_tagged_retired_with_a_notice(author):
    export(author, "a.db", "v1.apkg")
    col = new_collection(author / "anki")
    try:
        import_apkg(col, author / "v1.apkg")
        (nid,) = col.find_notes('"ClaimID:hcq-tlr"')
        studied = [c.id for c in col.get_note(nid).cards()]
        for card_id in studied:
            answer(col, card_id)
        remove_claim(author / "seeds" / "mini" / "claims.toml", "hcq-tlr")
        generate(author / "seeds", author / "decks", now=T0 + HOUR)
        result = export(author, "b.db", "v2.apkg")
        assert "wrote" in result.stdout and "13 notes" in result.stdout
        assert "1 of the notes is a claim removed from the deck" in result.stdout
        assert "tag:SLE::retired" in result.stdout
        log = import_apkg(col, author / "v2.apkg")
        assert (len(log.new), len(log.updated)) == (0, 1)
        note = col.get_note(nid)
        assert "SLE::retired" in note.tags and note.mod == T0 + HOUR
        assert note["Notice"].startswith("Retired on ") and "\n" not in note["Notice"]
        assert list(col.find_notes("tag:SLE::retired")) == [nid]
        back = note.cards()[0].answer()
        assert "trainer-notice" in back and "no longer in SLE mini" in back
        assert all(col.get_card(c).type != 0 for c in studied)  # its progress is kept
    finally:
        col.close()
    fresh = new_collection(author / "fresh")
    try:  # a new user: the retired note comes last in the new-card order
        import_apkg(fresh, author / "v2.apkg")
        (nid,) = fresh.find_notes("tag:SLE::retired")
        cards = [fresh.get_card(c) for c in fresh.find_cards("")]
        assert min(c.due for c in cards if c.nid == nid) > max(c.due for c in cards if c.nid != nid)
    finally:
        fresh.close()


def test_a_css_change_reaches_anki_once_generate_moves_the_note_type_time(author, monkeypatch):
    from trainer.export import style

    export(author, "a.db", "v1.apkg")
    col = new_collection(author / "anki")
    try:
        import_apkg(col, author / "v1.apkg")
        assert notetype(col, CLAIM_MODEL_ID)["css"] == style.CSS
        rule = "\n.trainer-id { letter-spacing: 0.1em; }\n"
        monkeypatch.setattr(style, "CSS", style.CSS + rule)
        stale = CliRunner().invoke(_app(), ["--decks", str(author / "decks"), "export", "-o", "x.apkg"])
        assert stale.exit_code == 2 and "another version of the Anki note type" in stale.stderr
        generate(author / "seeds", author / "decks", now=T0 + HOUR)
        export(author, "b.db", "v2.apkg")
        log = import_apkg(col, author / "v2.apkg")
        assert (len(log.new), len(log.updated)) == (0, 0)  # no note changed, only their look
        model = notetype(col, CLAIM_MODEL_ID)
        assert model["css"].endswith(rule)
        assert [n.name for n in col.models.all_names_and_ids()].count("Trainer claim") == 1  # no copy made
    finally:
        col.close()


def test_without_a_newer_note_type_time_anki_keeps_the_old_css(author, monkeypatch):
    """Why the time must move with the hash: the same id and time with new CSS is ignored."""
    import dataclasses

    from trainer.export import style

    export(author, "a.db", "v1.apkg")
    col = new_collection(author / "anki")
    try:
        import_apkg(col, author / "v1.apkg")
        old_css = style.CSS
        monkeypatch.setattr(style, "CSS", style.CSS + "\n.trainer { color: red; }\n")
        from trainer.export.notetype import notetype_hash

        deck = load_deck(author / "decks" / "mini.json")
        stamp = dataclasses.replace(deck.notetype, hash=notetype_hash())  # the new hash, the old time
        same_time = dataclasses.replace(deck, notetype=stamp)
        import_apkg(col, export_apkg([same_time], author / "same-time.apkg").path)
        assert notetype(col, CLAIM_MODEL_ID)["css"] == old_css
    finally:
        col.close()


def _app():
    from trainer.cli import app

    return app


def new_cards_of_a_day(col, deck_name: str) -> list[int]:
    """The new cards Anki introduces in a day with default options, in the order it shows them:
    study the deck (answering Good) until its queue is empty, noting each card shown while new."""
    from anki.scheduler.v3 import CardAnswer

    col.decks.select(col.decks.id_for_name(deck_name))
    seen = []
    for _ in range(500):
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            break
        card = col.get_card(queued.cards[0].card.id)
        if card.type == 0:  # new: this is its first showing
            seen.append(card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=queued.cards[0].states,
                                                     rating=CardAnswer.GOOD))
    return seen


def test_the_first_20_new_cards_of_a_day_hold_no_two_cards_of_one_claim(tmp_path):
    """Measured on the shipped deck, with Anki's default options (burying off)."""
    shutil.copytree(ROOT / "decks", tmp_path / "decks")
    deck = load_deck(tmp_path / "decks" / "sle-review.json")
    export_apkg([deck], tmp_path / "sle.apkg")
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, tmp_path / "sle.apkg")
        config = col.decks.config_dict_for_deck_id(col.decks.id_for_name(deck.info.name))
        assert config["new"]["perDay"] == 20 and not config["new"]["bury"]  # the defaults
        day = new_cards_of_a_day(col, deck.info.name)
        claims = Counter(col.get_card(c).note()["ClaimID"] for c in day)
        kinds = Counter(ORD_KINDS[col.get_card(c).ord] for c in day)
    finally:
        col.close()
    assert len(day) == 20 and len(claims) == 20 and max(claims.values()) == 1
    assert kinds == {"qa": 20}  # "card type, then order gathered": every claim's question first


def test_old_per_card_notes_are_found_with_one_search(tmp_path):
    """The README's move-over: the old notes stay beside the new ones until the user deletes them."""
    import genanki

    basic = genanki.Model(2118357074, "Trainer basic", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
    cloze = genanki.Model(1094544044, "Trainer cloze", fields=[{"name": "Text"}],
                          templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
                          model_type=genanki.Model.CLOZE)
    old = genanki.Deck(1 << 30, "SLE mini")
    old.add_note(genanki.Note(model=basic, fields=["q", "a"], guid=genanki.guid_for("hcq-tlr/qa")))
    old.add_note(genanki.Note(model=cloze, fields=["{{c1::x}}"], guid=genanki.guid_for("hcq-tlr/cloze")))
    genanki.Package(old).write_to_file(str(tmp_path / "old.apkg"))
    export_apkg([load_deck(FIXTURES / "golden" / "mini.json")], tmp_path / "new.apkg")
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, tmp_path / "old.apkg")
        assert len(import_apkg(col, tmp_path / "new.apkg").new) == 13  # beside the old ones
        found = col.find_notes('"note:Trainer basic" or "note:Trainer cloze"')
        assert len(found) == 2 and set(found) == set(col.find_notes("-\"note:Trainer claim\""))
        col.remove_notes(found)
        assert col.note_count() == 13
    finally:
        col.close()
