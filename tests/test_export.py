"""Anki export: .apkg files checked by importing them into a real Anki collection, CSV, CLI.

Scenarios across several exports (studying in Anki, re-exporting from a new machine, retired
claims, note type changes, the day's new-card order) are in tests/test_anki_sync.py.
"""

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
from trainer.deckmodel import Deck, DeckInfo, Stamp
from trainer.decks import load_deck
from trainer.errors import TrainerError
from trainer.export import (
    cloze_html,
    export_apkg,
    export_csv,
    fill_in_html,
    select_decks,
    text_html,
)
from trainer.export.csvfile import HEADER
from trainer.export.notetype import CLAIM_MODEL_ID, CLAIM_NAME, FIELDS, KIND_ORDS, ORD_KINDS, notetype_hash
from trainer.generate import render
from trainer.generate.history import read_previous
from trainer.generate.seeds import load_source
from trainer.model import Card, Source

T0 = 1_750_000_000  # a card's last content change, in unix seconds
TRICKY = "Is a dose < 5 mg & [not] ≤ 10 mg of IFN-α/β (γ) > none?"


# -- building decks and collections ---------------------------------------------------------------

def deck_from_seeds(seeds_folder: Path, out: Path, now: int = T0) -> Deck:
    """Generate the deck file of one seed source at `now`, as `trainer generate` would (over the
    file already in `out`, keeping its times), and read it back."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{seeds_folder.name}.json"
    path.write_bytes(render(load_source(seeds_folder), read_previous(path), now))
    return load_deck(path)


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Deck:
    return deck_from_seeds(MINI, tmp_path_factory.mktemp("decks"))


def card(id: str, kind: str = "qa", **fields) -> Card:
    """A card built in code; `id` is `<claim>/<kind>`."""
    claim = id.split("/")[0]
    base = dict(id=id, claim=claim, kind=kind, topic="Doses", question="Q?", answer="A",
                content_hash="0", tags=("T::Doses",), refs=(1,), changed_at=T0,
                sources=(Source(ref=1, short="Smith 2020", citation="Smith J. A trial. Lupus 2020;1:1-2.",
                                doi="10.1/abc"),))
    return Card(**{**base, **fields})


def code_deck(*cards: Card, retired: tuple[Card, ...] = ()) -> Deck:
    return Deck(info=DeckInfo(id="code", name="Code deck", tag="T"), cards=cards, quiz=(), retired=retired,
                notetype=Stamp(notetype_hash(), T0))


def claims(deck: Deck) -> list[str]:
    return list(dict.fromkeys(c.claim for c in deck.cards))


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


def note_for(col: Collection, claim: str):
    """The note of a claim (or of the claim of a card id)."""
    claim = claim.split("/")[0]
    ids = col.find_notes(f'"ClaimID:{claim}"')
    assert len(ids) == 1, f"{claim}: {len(ids)} notes"
    return col.get_note(ids[0])


def anki_card(col: Collection, card_id: str):
    """The Anki card of one of our cards: its claim's note, the template of its kind."""
    claim, kind = card_id.split("/")
    (found,) = [c for c in note_for(col, claim).cards() if c.ord == KIND_ORDS[kind]]
    return found


def visible_text(rendered: str) -> str:
    """What a reader sees of rendered card HTML: no style, no tags, entities decoded."""
    rendered = re.sub(r"<style>.*?</style>", "", rendered, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


# -- import into Anki -----------------------------------------------------------------------------

def test_each_claim_is_one_note_with_a_card_per_kind_in_its_topic_subdeck(mini, tmp_path, col):
    result = export_apkg([mini], tmp_path / "mini.apkg")
    log = import_apkg(col, result.path)
    assert "reverse" in [c.kind for c in mini.cards]
    assert result.notes == len(claims(mini)) == len(log.new) == col.note_count() < len(mini.cards)
    assert result.cards == col.card_count() == len(mini.cards)
    for claim in claims(mini):
        cards = [c for c in mini.cards if c.claim == claim]
        note = note_for(col, claim)
        assert note.guid == genanki.guid_for(claim)
        assert note.note_type()["id"] == CLAIM_MODEL_ID and note.note_type()["name"] == CLAIM_NAME
        assert note.keys() == list(FIELDS)
        assert sorted(x.ord for x in note.cards()) == sorted(KIND_ORDS[c.kind] for c in cards)
        assert {col.decks.name(x.did) for x in note.cards()} == {"SLE mini"}  # topics are tags
        assert set(note.tags) >= {*cards[0].tags, f"SLE::claim::{claim}", f"SLE::{cards[0].priority}"}
        assert "SLE::retired" not in note.tags and not note["Notice"]
        assert note["Sources"] and all(f"doi:{s.doi}" in note["Sources"] for s in cards[0].sources if s.doi)
        assert note.mod == T0
    reverse = note_for(col, "mmf-impdh")
    assert reverse["ReverseQuestion"] == "inosine monophosphate dehydrogenase"
    assert reverse["ReverseAnswer"].startswith("Mycophenolate mofetil inhibits")
    assert note_for(col, "hcq-tlr")["ReverseQuestion"] == ""  # no reverse card, so no third Anki card


def test_new_cards_are_placed_kind_by_kind_each_kind_in_deck_order(mini, tmp_path, col):
    import_apkg(col, export_apkg([mini], tmp_path / "mini.apkg").path)
    placed = sorted((col.get_card(c).due, col.get_card(c)) for c in col.find_cards(""))
    order = [(ORD_KINDS[card.ord], card.note()["ClaimID"]) for _, card in placed]
    expected = [(kind, claim) for kind in ORD_KINDS for claim in claims(mini)
                if f"{claim}/{kind}" in {c.id for c in mini.cards}]
    assert order == expected  # every question first, then every fill-in, then the reverse cards


def test_reimporting_the_same_export_adds_and_updates_nothing(mini, tmp_path, col):
    first = export_apkg([mini], tmp_path / "a.apkg").path
    again = export_apkg([mini], tmp_path / "b.apkg").path
    assert first.read_bytes() == again.read_bytes()  # deterministic: no export time inside
    import_apkg(col, first)
    log = import_apkg(col, again)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 0)
    assert len(log.duplicate) == len(claims(mini)) == col.note_count()


def answer(col: Collection, card_id: str) -> int:
    """Review the card in Anki ("Good"); returns its Anki card id."""
    found = anki_card(col, card_id)
    found.start_timer()
    col.sched.answerCard(found, 3)
    return found.id


def revlog_count(col: Collection, anki_card_id: int) -> int:
    return col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", anki_card_id)


def test_a_reworded_claim_updates_its_note_only_and_keeps_the_review_history(tmp_path, col):
    seeds = copy_mini(tmp_path / "edited")
    decks = tmp_path / "decks"
    v1 = deck_from_seeds(seeds / "mini", decks, now=T0)
    import_apkg(col, export_apkg([v1], tmp_path / "v1.apkg").path)
    reviewed = answer(col, "hcq-tlr/qa")
    sibling = anki_card(col, "hcq-tlr/cloze").id
    before = col.get_card(reviewed)

    edit(seeds / "mini" / "claims.toml", "Which innate immune receptors do",
         "Which innate immune receptors (endosomal or not) do")
    v2 = deck_from_seeds(seeds / "mini", decks, now=T0 + 3600)
    old = {c.id: c.content_hash for c in v1.cards}
    assert [c.id for c in v2.cards if c.content_hash != old[c.id]] == ["hcq-tlr/qa"]
    assert {c.id: c.changed_at for c in v2.cards if c.changed_at != T0} == {"hcq-tlr/qa": T0 + 3600}
    log = import_apkg(col, export_apkg([v2], tmp_path / "v2.apkg").path)

    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    assert col.note_count() == len(claims(v1))
    note = note_for(col, "hcq-tlr")
    assert "(endosomal or not)" in note["Question"] and note.mod == T0 + 3600
    after = col.get_card(reviewed)
    assert revlog_count(col, reviewed) == 1
    assert (after.type, after.ivl, after.due, after.did) == (before.type, before.ivl, before.due, before.did)
    assert after.type != 0  # no longer new: the review stuck
    assert col.get_card(sibling).type == 0 and len(note.cards()) == 2  # the sibling is still itself


def test_an_update_in_the_same_second_wins_when_changed_at_moves_by_one(tmp_path, col):
    v1 = code_deck(card("dose/qa", question="Old wording?"))
    v2 = code_deck(card("dose/qa", question="New wording?"))
    import_apkg(col, export_apkg([v1], tmp_path / "v1.apkg").path)

    same_time = import_apkg(col, export_apkg([v2], tmp_path / "same.apkg").path)
    assert len(same_time.updated) == 0  # Anki ignores an equal mtime: the generator must move it
    v2_later = code_deck(card("dose/qa", question="New wording?", changed_at=T0 + 1))
    one_later = import_apkg(col, export_apkg([v2_later], tmp_path / "v2.apkg").path)
    assert len(one_later.updated) == 1 and note_for(col, "dose")["Question"] == "New wording?"


def test_generate_moves_changed_at_so_a_same_second_edit_reaches_anki(tmp_path, col):
    seeds = copy_mini(tmp_path / "edited")
    decks = tmp_path / "decks"
    v1 = deck_from_seeds(seeds / "mini", decks, now=T0)
    import_apkg(col, export_apkg([v1], tmp_path / "v1.apkg").path)
    edit(seeds / "mini" / "claims.toml", "Which innate immune receptors do", "Which receptors do")
    v2 = deck_from_seeds(seeds / "mini", decks, now=T0)  # the same second as the first generate
    assert {c.id: c.changed_at for c in v2.cards if c.changed_at != T0} == {"hcq-tlr/qa": T0 + 1}
    log = import_apkg(col, export_apkg([v2], tmp_path / "v2.apkg").path)
    assert [n.fields[0] for n in log.updated] == [text_html(v2.cards[4].question)] and len(log.new) == 0


# -- field text -----------------------------------------------------------------------------------

def test_tricky_text_renders_as_itself(tmp_path, col):
    qa = card("tricky/qa", question=TRICKY, answer="≤ 0.5 mg/kg & <1 g>", extra="Δ [x] & <y>")
    cloze = card("tricky/cloze", kind="cloze", question="", answer="",
                 cloze="Give {{c1::< 5 mg & [α]}} when eGFR ≤ 30 & [β] <γ>.")
    deck = code_deck(qa, cloze)
    import_apkg(col, export_apkg([deck], tmp_path / "t.apkg").path)

    q = anki_card(col, "tricky/qa")
    assert visible_text(q.question()) == TRICKY
    assert visible_text(q.answer()).startswith(f"{TRICKY} ≤ 0.5 mg/kg & <1 g> Δ [x] & <y> Source [1]")
    assert visible_text(q.answer()).endswith("tricky/qa · Doses · core")
    c = anki_card(col, "tricky/cloze")
    assert visible_text(c.question()) == "Give [...] when eGFR ≤ 30 & [β] <γ>."
    # the claim's back matter (here its extra line) is on every card of the claim
    assert visible_text(c.answer()).startswith(
        "Give < 5 mg & [α] when eGFR ≤ 30 & [β] <γ>. Δ [x] & <y> Source")


@pytest.fixture(scope="module")
def typed_col(tmp_path_factory):
    """A collection that holds our note types, for rendering notes made on the fly."""
    folder = tmp_path_factory.mktemp("typed")
    collection = Collection(str(folder / "collection.anki2"))
    deck = code_deck(card("seed/qa"))
    import_apkg(collection, export_apkg([deck], folder / "seed.apkg").path)
    yield collection
    collection.close()


PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=PRINTABLE.filter(lambda t: t.strip() == t and t.strip() and "[sound:" not in t))
def test_any_text_renders_as_itself_in_anki(typed_col, text):
    note = typed_col.new_note(typed_col.models.by_name(CLAIM_NAME))
    note["Question"], note["Answer"] = text_html(text), "x"
    typed_col.add_note(note, typed_col.decks.id("Hypothesis"))
    shown = re.search(r'<div class="trainer-prompt">(.*?)</div>', note.cards()[0].question(), re.S)
    assert html.unescape(shown.group(1)) == unicodedata.normalize("NFC", text)


@given(text=st.text())
def test_escaped_text_reads_back_as_the_text(text):
    escaped = text_html(text)
    assert "<" not in escaped.replace("<br>", "") and ">" not in escaped.replace("<br>", "")
    assert html.unescape(escaped.replace("<br>", "\n")) == text


# terms as lint lets them through: no brace, no '::' (cloze-malformed)
@given(before=st.text(), term=st.text(min_size=1).filter(lambda t: not {"{", "}"} & set(t) and "::" not in t),
       after=st.text())
def test_cloze_escaping_keeps_the_markers(before, term, after):
    escaped = cloze_html(f"{before}{{{{c1::{term}}}}}{after}")
    assert f"{{{{c1::{text_html(term)}}}}}" in escaped
    assert escaped == text_html(before) + "{{c1::" + text_html(term) + "}}" + text_html(after)


def test_a_fill_in_card_blanks_every_deletion_whatever_its_number(tmp_path, col):
    multi = card("multi/cloze", kind="cloze",
                 cloze="{{c1::Belimumab}} blocks {{c2::BLyS}} and {{c1::it::drug}} is given IV.")
    deck = code_deck(multi)
    result = export_apkg([deck], tmp_path / "c.apkg")
    import_apkg(col, result.path)
    (only,) = note_for(col, "multi").cards()
    assert result.cards == col.card_count() == 1 and only.ord == KIND_ORDS["cloze"]
    assert visible_text(only.question()) == "[...] blocks [...] and [drug] is given IV."
    assert visible_text(only.answer()).startswith("Belimumab blocks BLyS and it is given IV. Source")


# terms as lint lets them through: no brace, no '::' (cloze-malformed)
@given(before=st.text(), term=st.text(min_size=1).filter(lambda t: not {"{", "}"} & set(t) and "::" not in t),
       after=st.text().filter(lambda t: "{{c" not in t))
def test_the_fill_in_sides_show_the_text_with_the_term_blanked_or_highlighted(before, term, after):
    front, back = fill_in_html(f"{before.replace('{{c', '')}{{{{c1::{term}}}}}{after}")
    before = before.replace("{{c", "")
    blank, shown = '<span class="cloze">[...]</span>', f'<span class="cloze">{text_html(term)}</span>'
    assert front == text_html(before) + blank + text_html(after)
    assert back == text_html(before) + shown + text_html(after)


def test_a_cloze_card_without_a_deletion_is_a_clear_error(tmp_path):
    deck = code_deck(card("empty/cloze", kind="cloze", cloze="No deletion here."))
    with pytest.raises(TrainerError) as error:
        export_apkg([deck], tmp_path / "x.apkg")
    assert re.search("empty/cloze.*trainer lint", describe(error.value))
    assert list(tmp_path.iterdir()) == []


# -- the caller's side: times, decks, progress, paths ----------------------------------------------

def test_a_card_without_a_change_time_is_a_clear_error_and_writes_nothing(tmp_path):
    deck = code_deck(card("timeless/qa", changed_at=0))
    with pytest.raises(TrainerError) as error:
        export_apkg([deck], tmp_path / "x.apkg")
    assert re.search("timeless/qa has no change time.*trainer generate", describe(error.value))
    assert list(tmp_path.iterdir()) == []


def test_a_deck_generated_for_another_note_type_is_a_clear_error(tmp_path):
    stale = dataclasses.replace(code_deck(card("a/qa")), notetype=Stamp("0123456789abcdef", T0))
    with pytest.raises(TrainerError) as error:
        export_apkg([stale], tmp_path / "x.apkg")
    assert re.search("another version of the Anki note type.*trainer generate", describe(error.value))
    assert list(tmp_path.iterdir()) == []


def test_one_claim_in_two_decks_is_refused(tmp_path):
    deck = code_deck(card("same/qa"))
    other = dataclasses.replace(code_deck(card("same/cloze", kind="cloze", cloze="{{c1::x}}")),
                                info=DeckInfo(id="other", name="Other", tag="T"))
    with pytest.raises(TrainerError, match="same"):
        export_apkg([deck, other], tmp_path / "x.apkg")


def test_decks_are_chosen_by_id_or_name(mini):
    assert select_decks([mini], []) == [mini]
    assert select_decks([mini], ["MINI", "sle mini"]) == [mini]
    with pytest.raises(TrainerError, match="no deck named 'nope'; the decks are: mini"):
        select_decks([mini], ["nope"])
    with pytest.raises(TrainerError, match="no decks"):
        select_decks([], [])


def test_progress_reaches_the_total(mini, tmp_path):
    seen = []
    export_apkg([mini], tmp_path / "p.apkg", progress=lambda *step: seen.append(step))
    assert seen and seen[-1] == (len(claims(mini)), len(claims(mini)))  # one step per note
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("where", ["parent is a file", "missing folder", "a folder"])
def test_an_unwritable_path_is_one_clear_error_and_writes_nothing(mini, tmp_path, where):
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    target = {"parent is a file": tmp_path / "file" / "out.apkg",
              "missing folder": tmp_path / "missing" / "out.apkg", "a folder": tmp_path / "folder"}[where]
    with pytest.raises(TrainerError) as error:
        export_apkg([mini], target)
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
            export_apkg([mini], target, progress=fail)
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
                          "#guid column:3", f"#tags column:{len(FIELDS) + 4}"]
    assert result.notes == len(rows) == len(claims(mini)) and all(len(r) == len(FIELDS) + 4 for r in rows)
    assert result.cards == len(mini.cards)

    import_apkg(col, export_apkg([mini], tmp_path / "mini.apkg").path)
    for (notetype, deck, guid, *fields, tags), claim in zip(rows, claims(mini), strict=True):
        note = note_for(col, claim)
        topic = next(c.topic for c in mini.cards if c.claim == claim)
        assert (notetype, guid) == (note.note_type()["name"], note.guid)
        assert deck == "SLE mini" and set(tags.split()) == set(note.tags)
        assert f"SLE::{topic.replace(' ', '_')}" in tags.split()
        assert fields == note.fields


def test_anki_reads_the_csv_and_matches_every_row_to_its_note(mini, tmp_path, col):
    import_apkg(col, export_apkg([mini], tmp_path / "mini.apkg").path)  # brings the note type
    path = export_csv([mini], tmp_path / "mini.csv").path
    metadata = col.get_csv_metadata(str(path), None)
    assert (metadata.notetype_column, metadata.deck_column, metadata.guid_column, metadata.tags_column) == (
        1, 2, 3, len(FIELDS) + 4)
    log = col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log
    assert (len(log.new), len(log.updated), len(log.missing_notetype)) == (0, 0, 0)
    assert log.found_notes == len(claims(mini)) == col.note_count()


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
    (decks / "mini.json").write_bytes(render(load_source(MINI), now=T0))
    monkeypatch.chdir(tmp_path)

    def run(*args: str):
        return CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(decks), *args])

    return run


def test_cli_exports_all_decks_to_a_file_named_after_the_deck(cli, tmp_path, col):
    result = cli("export")
    assert result.exit_code == 0, result.output
    assert "mini.apkg: 13 notes, 27 cards" in result.stdout and "retired" not in result.stdout
    assert len(import_apkg(col, tmp_path / "mini.apkg").new) == 13 and col.card_count() == 27


def test_cli_writes_csv_by_format_or_by_file_name(cli, tmp_path):
    relative = cli("export", "mini", "-o", "out.txt")
    assert relative.exit_code == 0
    assert relative.stdout.startswith(f"wrote {tmp_path / 'out.txt'}: ")  # in full, wherever it was run
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
                                         "notes": 13, "cards": 27, "retired": 0, "decks": ["mini"]}


def test_cli_command_and_every_option_have_help():
    import typer.main

    command = typer.main.get_command(export_app()).commands["export"]
    assert command.help and len(command.help.split()) > 5
    for param in command.params:
        assert getattr(param, "help", None), f"export {param.name} has no help text"
    result = CliRunner().invoke(export_app(), ["export", "--help"])
    assert result.exit_code == 0 and "DECK..." in result.stdout


def test_in_anki_core_claims_come_new_before_detail_ones(mini, tmp_path, col):
    """Anki introduces new cards by their position: every core claim's question card, then the
    detail ones (the deck file orders core first; the export keeps that order)."""
    result = export_apkg([mini], tmp_path / "mini.apkg")
    import_apkg(col, result.path)
    new = sorted(col.find_cards('"deck:SLE mini" is:new'), key=lambda cid: col.get_card(cid).due)
    questions = [col.get_card(cid).note()["ClaimID"] for cid in new if col.get_card(cid).ord == 0]
    priority = {c.claim: c.priority for c in mini.cards}
    order = [priority[claim] for claim in questions]
    assert "detail" in order and order == sorted(order)  # "core" < "detail"


# -- replacing an existing file, and the format the name says ---------------------------------------

def test_cli_exporting_twice_replaces_the_earlier_export_silently(cli):
    for args in ([], ["-o", "mini.csv"], ["--format", "csv", "-o", "out.tsv"]):
        for _ in range(2):
            result = cli("export", *args)
            assert result.exit_code == 0 and result.stderr == "", result.output


@pytest.mark.parametrize("name, content, what", [
    ("notes.txt", b"my notes\n", "not a CSV export"),
    ("old.csv", b"a,b\n1,2\n", "not a CSV export"),
    ("deck.apkg", b"my notes\n", "not an Anki package"),
    ("photos.apkg", None, "not an Anki package"),  # a zip, but no collection in it
])
def test_cli_refuses_to_replace_a_file_that_is_no_export_unless_forced(cli, tmp_path, name, content, what):
    import zipfile

    target = tmp_path / name
    if content is None:
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("holiday.jpg", b"\xff\xd8")
    else:
        target.write_bytes(content)
    before = target.read_bytes()
    refused = cli("export", "-o", name)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        f"trainer: {target}: exists and is {what}; give another file name, or add --force to "
        "replace it"]
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["decks", name])
    forced = cli("export", "-o", name, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != before


@pytest.mark.parametrize("entry", ["collection.anki2", "collection.anki21", "collection.anki21b"])
def test_cli_replaces_any_anki_package(cli, tmp_path, entry):
    import zipfile

    with zipfile.ZipFile(tmp_path / "old.apkg", "w") as archive:
        archive.writestr(entry, b"")
    assert cli("export", "-o", "old.apkg").exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["--format", "csv", "-o", "y.apkg"], "y.apkg: the name says an Anki package, but the format is "
     "csv; name it y.csv, or leave out --format csv"),
    (["--format", "apkg", "-o", "x.csv"], "x.csv: the name says a CSV file, but the format is apkg; "
     "name it x.apkg, or leave out --format apkg"),
    (["--format", "apkg", "-o", "x.TXT"], "x.TXT: the name says a CSV file, but the format is apkg; "
     "name it x.apkg, or leave out --format apkg"),
])
def test_cli_refuses_a_format_the_file_name_contradicts(cli, tmp_path, args, message):
    for forced in ([], ["--force"]):  # --force replaces a file; it never mixes formats up
        result = cli("export", *args, *forced)
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [f"trainer: {tmp_path / message}"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["decks"]
