"""Anki export: .apkg files checked by importing them into a real Anki collection, CSV, CLI."""

from __future__ import annotations

import csv
import dataclasses
import html
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import genanki
import pytest
import typer
from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportCsvRequest,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.seedtools import MINI, copy_mini, edit
from trainer.commands.messages import describe
from trainer.decks import load_deck
from trainer.errors import TrainerError
from trainer.export import (
    BASIC_NAME,
    CLOZE_NAME,
    cloze_html,
    export_apkg,
    export_csv,
    select_decks,
    text_html,
)
from trainer.export.csvfile import HEADER
from trainer.generate import render
from trainer.generate.seeds import load_source
from trainer.model import Card, Deck, DeckInfo, Source

T0 = 1_750_000_000  # a card's last content change, in unix seconds
TRICKY = "Is a dose < 5 mg & [not] ≤ 10 mg of IFN-α/β (γ) > none?"


# -- building decks and collections ---------------------------------------------------------------

def deck_from_seeds(seeds_folder: Path, out: Path) -> Deck:
    """Generate the deck file of one seed source, as `trainer generate` would, and read it back."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{seeds_folder.name}.json"
    path.write_bytes(render(load_source(seeds_folder)))
    return load_deck(path)


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Deck:
    return deck_from_seeds(MINI, tmp_path_factory.mktemp("decks"))


def times(deck: Deck, at: int = T0) -> dict[str, int]:
    return {card.id: at for card in deck.cards}


def card(id: str, kind: str = "qa", **fields) -> Card:
    """A card built in code; `id` is `<claim>/<kind>`."""
    claim = id.split("/")[0]
    base = dict(id=id, claim=claim, kind=kind, topic="Doses", question="Q?", answer="A",
                content_hash="0", tags=("T::Doses",), refs=(1,),
                sources=(Source(ref=1, short="Smith 2020", citation="Smith J. A trial. Lupus 2020;1:1-2.",
                                doi="10.1/abc"),))
    return Card(**{**base, **fields})


def code_deck(*cards: Card) -> Deck:
    return Deck(info=DeckInfo(id="code", name="Code deck", tag="T"), cards=cards, quiz=())


@pytest.fixture
def col(tmp_path):
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield collection
    collection.close()


def import_apkg(col: Collection, path: Path):
    """What a double-click does: import with Anki's default options."""
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def note_for(col: Collection, card_id: str):
    ids = col.find_notes(f'"CardID:{card_id}"')
    assert len(ids) == 1, f"{card_id}: {len(ids)} notes"
    return col.get_note(ids[0])


def visible_text(rendered: str) -> str:
    """What a reader sees of rendered card HTML: no style, no tags, entities decoded."""
    rendered = re.sub(r"<style>.*?</style>", "", rendered, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


# -- import into Anki -----------------------------------------------------------------------------

def test_each_card_is_one_note_in_its_topic_subdeck(mini, tmp_path, col):
    result = export_apkg([mini], tmp_path / "mini.apkg", times(mini))
    log = import_apkg(col, result.path)
    kinds = [c.kind for c in mini.cards]
    assert "reverse" in kinds and result.notes == len(mini.cards) == len(log.new) == col.note_count()
    assert result.cards == col.card_count() == len(mini.cards)
    for c in mini.cards:
        note = note_for(col, c.id)
        assert note.guid == genanki.guid_for(c.id)
        assert note.note_type()["name"] == (CLOZE_NAME if c.kind == "cloze" else BASIC_NAME)
        assert [col.decks.name(x.did) for x in note.cards()] == [f"SLE mini::{c.topic}"]
        assert set(note.tags) >= {*c.tags, f"SLE::claim::{c.claim}"}
        assert note["Source"] and all(f"doi:{s.doi}" in note["Source"] for s in c.sources if s.doi)
        assert note.mod == T0
    reverse = note_for(col, "mmf-impdh/reverse")
    assert reverse["Front"] == "inosine monophosphate dehydrogenase"
    assert reverse["Back"].startswith("Mycophenolate mofetil inhibits")


def test_reimporting_the_same_export_adds_and_updates_nothing(mini, tmp_path, col):
    first = export_apkg([mini], tmp_path / "a.apkg", times(mini)).path
    again = export_apkg([mini], tmp_path / "b.apkg", times(mini)).path
    assert first.read_bytes() == again.read_bytes()  # deterministic: no export time inside
    import_apkg(col, first)
    log = import_apkg(col, again)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 0)
    assert len(log.duplicate) == len(mini.cards) == col.note_count()


def answer(col: Collection, card_id: str) -> int:
    """Review the card in Anki ("Good"); returns its Anki card id."""
    anki_card = note_for(col, card_id).cards()[0]
    anki_card.start_timer()
    col.sched.answerCard(anki_card, 3)
    return anki_card.id


def revlog_count(col: Collection, anki_card_id: int) -> int:
    return col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", anki_card_id)


def test_a_reworded_claim_updates_its_note_only_and_keeps_the_review_history(mini, tmp_path, col):
    import_apkg(col, export_apkg([mini], tmp_path / "v1.apkg", times(mini)).path)
    reviewed = answer(col, "hcq-tlr/qa")
    before = col.get_card(reviewed)

    seeds = copy_mini(tmp_path / "edited")
    edit(seeds / "mini" / "claims.toml", "Which innate immune receptors do",
         "Which innate immune receptors (endosomal or not) do")
    v2 = deck_from_seeds(seeds / "mini", tmp_path / "decks-v2")
    old = {c.id: c.content_hash for c in mini.cards}
    changed = [c.id for c in v2.cards if c.content_hash != old[c.id]]
    assert changed == ["hcq-tlr/qa"]
    log = import_apkg(col, export_apkg([v2], tmp_path / "v2.apkg",
                                       {**times(v2), "hcq-tlr/qa": T0 + 3600}).path)

    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    assert col.note_count() == len(mini.cards)
    assert "(endosomal or not)" in note_for(col, "hcq-tlr/qa")["Front"]
    after = col.get_card(reviewed)
    assert revlog_count(col, reviewed) == 1
    assert (after.type, after.ivl, after.due, after.did) == (before.type, before.ivl, before.due, before.did)
    assert after.type != 0  # no longer new: the review stuck


def test_an_update_in_the_same_second_wins_when_changed_at_moves_by_one(tmp_path, col):
    v1 = code_deck(card("dose/qa", question="Old wording?"))
    v2 = code_deck(card("dose/qa", question="New wording?"))
    import_apkg(col, export_apkg([v1], tmp_path / "v1.apkg", {"dose/qa": T0}).path)

    same_time = import_apkg(col, export_apkg([v2], tmp_path / "same.apkg", {"dose/qa": T0}).path)
    assert len(same_time.updated) == 0  # Anki ignores an equal mtime: the store must move it
    one_later = import_apkg(col, export_apkg([v2], tmp_path / "v2.apkg", {"dose/qa": T0 + 1}).path)
    assert len(one_later.updated) == 1 and note_for(col, "dose/qa")["Front"] == "New wording?"


def test_the_store_moves_changed_at_so_a_same_second_edit_reaches_anki(mini, tmp_path, col):
    from trainer.store import Store

    store = Store.open(tmp_path / "trainer.db")
    try:
        store.decks.sync(mini, "v1", T0)
        import_apkg(col, export_apkg([mini], tmp_path / "v1.apkg", store.cards.changed_times(["mini"])).path)
        reworded = dataclasses.replace(mini.cards[0], question="Reworded?", content_hash="new")
        v2 = dataclasses.replace(mini, cards=(reworded, *mini.cards[1:]))
        store.decks.sync(v2, "v2", T0)  # the same second as the first sync
        changed = store.cards.changed_times(["mini"])
        log = import_apkg(col, export_apkg([v2], tmp_path / "v2.apkg", changed).path)
    finally:
        store.close()
    assert [n.fields[0] for n in log.updated] == ["Reworded?"] and len(log.new) == 0


# -- field text -----------------------------------------------------------------------------------

def test_tricky_text_renders_as_itself(tmp_path, col):
    qa = card("tricky/qa", question=TRICKY, answer="≤ 0.5 mg/kg & <1 g>", extra="Δ [x] & <y>")
    cloze = card("tricky/cloze", kind="cloze", question="", answer="",
                 cloze="Give {{c1::< 5 mg & [α]}} when eGFR ≤ 30 & [β] <γ>.")
    deck = code_deck(qa, cloze)
    import_apkg(col, export_apkg([deck], tmp_path / "t.apkg", times(deck)).path)

    q = note_for(col, "tricky/qa").cards()[0]
    assert visible_text(q.question()) == TRICKY
    assert visible_text(q.answer()).startswith(f"{TRICKY} ≤ 0.5 mg/kg & <1 g> Δ [x] & <y> Source [1]")
    c = note_for(col, "tricky/cloze").cards()[0]
    assert visible_text(c.question()) == "Give [...] when eGFR ≤ 30 & [β] <γ>."
    assert visible_text(c.answer()).startswith("Give < 5 mg & [α] when eGFR ≤ 30 & [β] <γ>. Source")


@pytest.fixture(scope="module")
def typed_col(tmp_path_factory):
    """A collection that holds our note types, for rendering notes made on the fly."""
    folder = tmp_path_factory.mktemp("typed")
    collection = Collection(str(folder / "collection.anki2"))
    deck = code_deck(card("seed/qa"))
    import_apkg(collection, export_apkg([deck], folder / "seed.apkg", times(deck)).path)
    yield collection
    collection.close()


PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=PRINTABLE.filter(lambda t: t.strip() == t and t.strip() and "[sound:" not in t))
def test_any_text_renders_as_itself_in_anki(typed_col, text):
    note = typed_col.new_note(typed_col.models.by_name(BASIC_NAME))
    note["Front"], note["Back"] = text_html(text), "x"
    typed_col.add_note(note, typed_col.decks.id("Hypothesis"))
    shown = re.search(r'<div class="trainer-prompt">(.*?)</div>', note.cards()[0].question(), re.S)
    assert html.unescape(shown.group(1)) == unicodedata.normalize("NFC", text)


@given(text=st.text())
def test_escaped_text_reads_back_as_the_text(text):
    escaped = text_html(text)
    assert "<" not in escaped.replace("<br>", "") and ">" not in escaped.replace("<br>", "")
    assert html.unescape(escaped.replace("<br>", "\n")) == text


@given(before=st.text(), term=st.text(min_size=1).filter(lambda t: "}}" not in t and "::" not in t),
       after=st.text())
def test_cloze_escaping_keeps_the_markers(before, term, after):
    escaped = cloze_html(f"{before}{{{{c1::{term}}}}}{after}")
    assert f"{{{{c1::{text_html(term)}}}}}" in escaped
    assert escaped == text_html(before) + "{{c1::" + text_html(term) + "}}" + text_html(after)


def test_cloze_notes_make_one_card_per_cloze_number(mini, tmp_path, col):
    multi = card("multi/cloze", kind="cloze",
                 cloze="{{c1::Belimumab}} blocks {{c2::BLyS}}; {{c1::it}} is given IV.")
    deck = code_deck(multi)
    result = export_apkg([deck, mini], tmp_path / "c.apkg", {**times(deck), **times(mini)})
    import_apkg(col, result.path)
    assert len(note_for(col, "multi/cloze").cards()) == 2
    for c in mini.cards:
        if c.kind == "cloze":
            assert len(note_for(col, c.id).cards()) == 1
    assert result.cards == col.card_count() == len(mini.cards) + 2


def test_a_cloze_card_without_a_deletion_is_a_clear_error(tmp_path):
    deck = code_deck(card("empty/cloze", kind="cloze", cloze="No deletion here."))
    with pytest.raises(TrainerError) as error:
        export_apkg([deck], tmp_path / "x.apkg", times(deck))
    assert re.search("empty/cloze.*trainer lint", describe(error.value))
    assert list(tmp_path.iterdir()) == []


# -- the caller's side: times, decks, progress, paths ----------------------------------------------

def test_a_card_without_a_change_time_is_a_bug_in_the_caller(mini, tmp_path):
    partial = times(mini)
    del partial["hcq-tlr/qa"]
    with pytest.raises(ValueError, match="hcq-tlr/qa"):
        export_apkg([mini], tmp_path / "x.apkg", partial)


def test_one_card_id_in_two_decks_is_refused(tmp_path):
    deck = code_deck(card("same/qa"))
    other = dataclasses.replace(deck, info=DeckInfo(id="other", name="Other", tag="T"))
    with pytest.raises(TrainerError, match="same/qa"):
        export_apkg([deck, other], tmp_path / "x.apkg", times(deck))


def test_decks_are_chosen_by_id_or_name(mini):
    assert select_decks([mini], []) == [mini]
    assert select_decks([mini], ["MINI", "sle mini"]) == [mini]
    with pytest.raises(TrainerError, match="no deck named 'nope'; the decks are: mini"):
        select_decks([mini], ["nope"])
    with pytest.raises(TrainerError, match="no decks"):
        select_decks([], [])


def test_progress_reaches_the_total(mini, tmp_path):
    seen = []
    export_apkg([mini], tmp_path / "p.apkg", times(mini), progress=lambda *step: seen.append(step))
    assert seen and seen[-1] == (len(mini.cards), len(mini.cards))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("where", ["parent is a file", "missing folder", "a folder"])
def test_an_unwritable_path_is_one_clear_error_and_writes_nothing(mini, tmp_path, where):
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    target = {"parent is a file": tmp_path / "file" / "out.apkg",
              "missing folder": tmp_path / "missing" / "out.apkg", "a folder": tmp_path / "folder"}[where]
    with pytest.raises(TrainerError) as error:
        export_apkg([mini], target, times(mini))
    assert str(target) in str(error.value) and "\n" not in str(error.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder"]
    assert list((tmp_path / "folder").iterdir()) == []


@pytest.mark.parametrize("fmt", ["apkg", "csv"])
def test_a_failed_export_keeps_the_old_file_and_leaves_no_partial_one(mini, tmp_path, fmt):
    target = tmp_path / f"deck.{fmt}"
    target.write_bytes(b"the previous export")

    def fail(done, total):
        if done > total // 2:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        if fmt == "apkg":
            export_apkg([mini], target, times(mini), progress=fail)
        else:
            export_csv([mini], target, progress=fail)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_the_export_package_does_not_import_the_interface():
    code = ("import sys, trainer.export.apkg, trainer.export.csvfile;"
            "print([m for m in ('textual', 'typer', 'sqlite_utils') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- CSV ------------------------------------------------------------------------------------------

def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = [line.rstrip("\n") for line in lines if line.startswith("#")]
    return header, list(csv.reader([line for line in lines if not line.startswith("#")], delimiter="\t"))


def test_csv_has_anki_headers_and_rows_that_match_the_apkg_notes(mini, tmp_path, col):
    result = export_csv([mini], tmp_path / "mini.csv")
    header, rows = read_rows(result.path)
    assert header == list(HEADER)
    assert header[:6] == ["#separator:tab", "#html:true", "#notetype column:1", "#deck column:2",
                          "#guid column:3", "#tags column:9"]
    assert result.notes == len(rows) == len(mini.cards) and all(len(r) == 9 for r in rows)

    import_apkg(col, export_apkg([mini], tmp_path / "mini.apkg", times(mini)).path)
    for (notetype, deck, guid, *fields, tags), c in zip(rows, mini.cards, strict=True):
        note = note_for(col, c.id)
        assert (notetype, guid) == (note.note_type()["name"], note.guid)
        assert deck == f"SLE mini::{c.topic}" and set(tags.split()) == set(note.tags)
        assert fields[:len(note.fields)] == note.fields and not any(fields[len(note.fields):])


def test_anki_reads_the_csv_and_matches_every_row_to_its_note(mini, tmp_path, col):
    import_apkg(col, export_apkg([mini], tmp_path / "mini.apkg", times(mini)).path)  # brings the note types
    path = export_csv([mini], tmp_path / "mini.csv").path
    metadata = col.get_csv_metadata(str(path), None)
    assert (metadata.notetype_column, metadata.deck_column, metadata.guid_column, metadata.tags_column) == (
        1, 2, 3, 9)
    log = col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log
    assert (len(log.new), len(log.updated), len(log.missing_notetype)) == (0, 0, 0)
    assert log.found_notes == len(mini.cards) == col.note_count()


def test_csv_quotes_tabs_newlines_and_quotes(tmp_path):
    deck = code_deck(card("odd/qa", question='Tab\there, "quoted", and\na new line'))
    _, rows = read_rows(export_csv([deck], tmp_path / "odd.csv").path)
    assert rows[0][3] == 'Tab\there, "quoted", and<br>a new line'


# -- the command ----------------------------------------------------------------------------------

def export_app() -> typer.Typer:
    """The real root command (--db, --decks) with the export command on it."""
    from trainer import cli as main
    from trainer.commands import export as command

    app = typer.Typer(cls=main._Commands, add_completion=False, pretty_exceptions_enable=False)
    app.callback(invoke_without_command=True)(main.root)
    command.register(app)
    return app


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """`trainer --db ... --decks ... <args>` on a temporary database and deck folder."""
    app = export_app()
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "mini.json").write_bytes(render(load_source(MINI)))
    monkeypatch.chdir(tmp_path)

    def run(*args: str):
        return CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(decks), *args])

    return run


def test_cli_exports_all_decks_to_a_file_named_after_the_deck(cli, tmp_path, col):
    result = cli("export")
    assert result.exit_code == 0, result.output
    assert "mini.apkg: 27 notes, 27 cards" in result.stdout
    assert len(import_apkg(col, tmp_path / "mini.apkg").new) == 27


def test_cli_writes_csv_by_format_or_by_file_name(cli, tmp_path):
    assert cli("export", "mini", "-o", "out.txt").exit_code == 0
    assert cli("export", "SLE mini", "--format", "csv", "-o", str(tmp_path)).exit_code == 0
    for path in (tmp_path / "out.txt", tmp_path / "mini.csv"):
        assert path.read_text().startswith("#separator:tab\n")


@pytest.mark.parametrize("args, message", [
    (["export", "nope"], "trainer: no deck named 'nope'; the decks are: mini"),
    (["export", "-o", "missing/x.apkg"], "does not exist"),
])
def test_cli_errors_are_one_line_and_exit_2(cli, tmp_path, args, message):
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("**/*.apkg"))


def test_cli_json_output(cli):
    import json

    result = cli("export", "--json")
    assert json.loads(result.stdout) == {"path": str(Path.cwd() / "mini.apkg"), "format": "apkg",
                                         "notes": 27, "cards": 27, "decks": ["mini"]}


def test_cli_command_and_every_option_have_help():
    import typer.main

    command = typer.main.get_command(export_app()).commands["export"]
    assert command.help and len(command.help.split()) > 5
    for param in command.params:
        assert getattr(param, "help", None), f"export {param.name} has no help text"
    result = CliRunner().invoke(export_app(), ["export", "--help"])
    assert result.exit_code == 0 and "DECK..." in result.stdout
