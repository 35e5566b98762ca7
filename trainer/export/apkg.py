"""Decks as an Anki package (.apkg): one note per claim, guid from the claim id, times from the deck file.

How trainer cards map to Anki (see trainer.export and trainer.export.notetype):

- a claim is one note of our note type "Trainer claim"; its qa, fill-in and reverse cards are
  the note's cards from templates 0, 1 and 2, so Anki treats them as siblings;
- the note lives in the Anki deck of the trainer deck's name, tagged with its topic tag,
  `<deck tag>::claim::<claim id>` and `<deck tag>::core` or `::detail`; its cards are placed in
  the new-card order kind by kind, so a day's new cards hold one card per claim;
- its mtime is when its content last changed (the deck file's changed_at), the note type's is
  when its templates or CSS last changed (the deck file's note type stamp).

Re-importing a newer export updates exactly the notes whose content changed and keeps their
scheduling; nothing is ever duplicated. The file is deterministic: the same deck file gives the
same bytes on any machine, from any database.

genanki writes the collection's schema, decks and note type; the notes and cards are then
inserted in bulk, row for row what genanki's Note.write_to_db would write (usn -1, new cards):
genanki's own per-note writing was most of the time of an export.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import genanki

from trainer.collector import collector_paused
from trainer.deckmodel import Deck
from trainer.export import (
    ExportResult,
    NoteSpec,
    Progress,
    Ticker,
    atomic_output,
    note_specs,
    notetype_time,
)
from trainer.export.notetype import CLAIM_MODEL_ID, CLAIM_NAME, FIELDS, SORT_FIELD, css, templates

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed entry dates keep the file byte-identical across runs


def claim_model() -> genanki.Model:
    """Our note type as genanki writes it: one standard template per card kind."""
    return genanki.Model(CLAIM_MODEL_ID, CLAIM_NAME, fields=[{"name": f} for f in FIELDS],
                         templates=templates(), css=css(), model_type=genanki.Model.FRONT_BACK,
                         sort_field_index=SORT_FIELD)


def deck_id(name: str) -> int:
    """A stable id for an Anki deck name (Anki matches decks by name; the id only has to be valid)."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % (1 << 30)


def _skeleton(decks: Sequence[Deck], specs: list[NoteSpec]) -> genanki.Package:
    """The package without notes: an Anki deck per trainer deck (with its description) and the note type."""
    model = claim_model()
    out: dict[str, genanki.Deck] = {}
    for deck in decks:
        out.setdefault(deck.info.name, genanki.Deck(deck_id(deck.info.name), deck.info.name,
                                                    deck.info.description))
    for spec in specs:
        if spec.deck not in out:
            out[spec.deck] = genanki.Deck(deck_id(spec.deck), spec.deck)
    for target in out.values():
        target.add_model(model)
    return genanki.Package(list(out.values()))


def _write_db(decks: Sequence[Deck], specs: list[NoteSpec], db_path: Path, tick: Callable[[], None]) -> int:
    """Write the collection; returns the number of cards."""
    # Ids double as creation times in Anki; basing them on the latest change keeps them
    # plausible and the file deterministic (Anki renumbers any id it already has).
    ids = itertools.count(max((s.mtime for s in specs), default=0) * 1000)
    live = sum(not s.retired for s in specs)
    retired = len(specs) - live
    notes, cards = [], []
    for place, spec in enumerate(specs, start=1):
        note_id = next(ids)
        notes.append((note_id, spec.guid, CLAIM_MODEL_ID, spec.mtime, -1, f" {' '.join(spec.tags)} ",
                      "\x1f".join(spec.fields), spec.fields[SORT_FIELD], 0, 0, ""))
        did = deck_id(spec.deck)
        for ord_ in spec.ords:
            # kind by kind: all question cards, then all fill-ins, then all reverses (see
            # trainer.export); retired notes' cards after every live card
            due = (3 * live + ord_ * retired + place - live) if spec.retired else ord_ * live + place
            cards.append((next(ids), note_id, did, ord_, spec.mtime, -1, 0, 0, due,
                          0, 0, 0, 0, 0, 0, 0, 0, ""))
        tick()
    conn = sqlite3.connect(db_path)
    try:
        cursor = conn.cursor()
        # a scratch file zipped once written: no journal, no syncs to disk
        cursor.execute("PRAGMA journal_mode = OFF")
        cursor.execute("PRAGMA synchronous = OFF")
        _skeleton(decks, specs).write_to_db(cursor, notetype_time(decks), ids)
        cursor.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
        cursor.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
        conn.commit()
    finally:
        conn.close()
    return len(cards)


def _write_zip(db_path: Path, out: Path) -> None:
    # Stored, not deflated, as genanki does: deflating costs more time than building the
    # notes (0.5 s per 100k cards), and a deck of a few hundred cards is small either way.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        entry = zipfile.ZipInfo("collection.anki2", _ZIP_TIME)
        entry.file_size = db_path.stat().st_size
        with db_path.open("rb") as src, z.open(entry, "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        z.writestr(zipfile.ZipInfo("media", _ZIP_TIME), b"{}")


def export_apkg(decks: Sequence[Deck], path: Path, progress: Progress | None = None) -> ExportResult:
    """Write `decks` to `path` as an .apkg, with the change times their deck files hold.

    A deck file without times, or generated for another version of the note type, is a
    BadDeckFile; an unwritable path a CannotWrite; either way nothing is written.
    `progress(done, total)` is called as notes are built.
    """
    path = Path(path)
    with collector_paused():
        specs = list(note_specs(decks))
        notetype_time(decks)  # refuse a stale deck before any file is made
        ticker = Ticker(progress, len(specs))
        with atomic_output(path) as tmp, tempfile.TemporaryDirectory(prefix="trainer-export-") as work:
            db = Path(work) / "collection.anki2"
            cards = _write_db(decks, specs, db, ticker.step)
            _write_zip(db, tmp)
    return ExportResult(notes=len(specs), cards=cards, path=path, retired=sum(s.retired for s in specs))
