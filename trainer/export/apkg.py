"""Decks as an Anki package (.apkg): one note per card, guid from the card id, mtime from its last change.

How trainer cards map to Anki notes:

- `qa` card: a note of our basic type (Front = question, Back = answer).
- `reverse` card: a second, separate note of the same basic type (Front = the answer term,
  Back = the statement), with its own guid from its own card id `<claim>/reverse`. One
  trainer card is one Anki note, so every note has exactly one content-change time, and
  turning `reverse` off for a claim never touches the claim's qa note.
- `cloze` card: a note of our cloze type (Text = the statement with `{{c1::...}}`); it makes
  one Anki card per distinct cN number.

Each note lives in the subdeck `<Deck name>::<Topic>` and is tagged with the card's tags and
`<deck tag>::claim::<claim id>`. Re-importing a newer export updates exactly the notes whose
changed_at moved and keeps their scheduling; nothing is ever duplicated (see trainer.export).
The file is deterministic: the same cards and times give the same bytes.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import genanki

from trainer.export import (
    BASIC_FIELDS,
    BASIC_MODEL_ID,
    BASIC_NAME,
    CLOZE_FIELDS,
    CLOZE_MODEL_ID,
    CLOZE_NAME,
    ExportResult,
    NoteSpec,
    Progress,
    Ticker,
    atomic_output,
    note_specs,
    style,
)
from trainer.model import Deck

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed entry dates keep the file byte-identical across runs


def basic_model() -> genanki.Model:
    return genanki.Model(
        BASIC_MODEL_ID, BASIC_NAME, fields=[{"name": f} for f in BASIC_FIELDS],
        templates=[{"name": "Card 1", "qfmt": style.BASIC_FRONT, "afmt": style.BASIC_BACK}],
        css=style.CSS, model_type=genanki.Model.FRONT_BACK,
    )


def cloze_model() -> genanki.Model:
    return genanki.Model(
        CLOZE_MODEL_ID, CLOZE_NAME, fields=[{"name": f} for f in CLOZE_FIELDS],
        templates=[{"name": "Cloze", "qfmt": style.CLOZE_FRONT, "afmt": style.CLOZE_BACK}],
        css=style.CSS, model_type=genanki.Model.CLOZE,
    )


class TimedNote(genanki.Note):
    """A genanki note stamped with its own modification time instead of the export's.

    Anki updates an already imported note only when the incoming mtime is newer (whole
    seconds), so the mtime must be when the card's content last changed: re-exporting
    unchanged cards then updates nothing, and a reworded card updates exactly its note.
    """

    def __init__(self, model: genanki.Model, spec: NoteSpec, mtime: int, due: int, tick):
        super().__init__(model=model, fields=list(spec.fields), tags=spec.tags, guid=spec.guid, due=due)
        self.mtime = mtime
        self._tick = tick

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.mtime, deck_id, id_gen)
        self._tick()


def deck_id(name: str) -> int:
    """A stable id for an Anki deck name (Anki matches decks by name; the id only has to be valid)."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % (1 << 30)


def _mtime(changed_at: Mapping[str, int], card_id: str) -> int:
    try:
        return int(changed_at[card_id])
    except KeyError:
        raise ValueError(f"changed_at has no time for card {card_id!r}; "
                         "sync the deck into the store before exporting") from None


def build_package(decks: Sequence[Deck], changed_at: Mapping[str, int], tick) -> genanki.Package:
    """The genanki package: a parent deck per trainer deck, a subdeck per topic, one note per card."""
    models = {False: basic_model(), True: cloze_model()}
    out: dict[str, genanki.Deck] = {}
    for deck in decks:  # the parent first, so it carries the deck's description
        out.setdefault(deck.info.name, genanki.Deck(deck_id(deck.info.name), deck.info.name,
                                                    deck.info.description))
    for due, spec in enumerate(note_specs(decks), start=1):
        target = out.get(spec.deck)
        if target is None:
            target = out[spec.deck] = genanki.Deck(deck_id(spec.deck), spec.deck)
        target.add_note(TimedNote(models[spec.cloze], spec, _mtime(changed_at, spec.card_id), due, tick))
    return genanki.Package(list(out.values()))


def _write_db(package: genanki.Package, db_path: Path, notes: list[TimedNote]) -> None:
    # Ids double as creation times in Anki; basing them on the latest change keeps them
    # plausible and the file deterministic (Anki renumbers any id it already has).
    first_id = max((n.mtime for n in notes), default=0) * 1000
    conn = sqlite3.connect(db_path)
    try:
        package.write_to_db(conn.cursor(), style.STYLE_MTIME, itertools.count(first_id))
        conn.commit()
    finally:
        conn.close()


def _write_zip(db_path: Path, out: Path) -> None:
    # Stored, not deflated, as genanki does: deflating costs more time than building the
    # notes (0.5 s per 100k cards), and a deck of a few hundred cards is small either way.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        entry = zipfile.ZipInfo("collection.anki2", _ZIP_TIME)
        entry.file_size = db_path.stat().st_size
        with db_path.open("rb") as src, z.open(entry, "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        z.writestr(zipfile.ZipInfo("media", _ZIP_TIME), b"{}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while genanki builds and writes the notes.

    Each note is a dozen small acyclic objects; with the collector on, it rescans all of them
    (and the caller's decks) again and again as they pile up, which took longer than writing
    the file itself (1.2 s of 4.2 s for 100k cards). Reference counting still frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export_apkg(decks: Sequence[Deck], path: Path, changed_at: Mapping[str, int],
                progress: Progress | None = None) -> ExportResult:
    """Write `decks` to `path` as an .apkg; `changed_at` maps card id -> unix seconds of its last change.

    A card missing from `changed_at` is the caller's bug (ValueError). An unwritable path is a
    TrainerError, and then nothing is written. `progress(done, total)` is called as notes are written.
    """
    path = Path(path)
    ticker = Ticker(progress, sum(len(d.cards) for d in decks))
    with _collector_paused(), atomic_output(path) as tmp, \
            tempfile.TemporaryDirectory(prefix="trainer-export-") as work:
        package = build_package(decks, changed_at, ticker.step)
        notes = [n for d in package.decks for n in d.notes]
        _write_db(package, Path(work) / "collection.anki2", notes)
        _write_zip(Path(work) / "collection.anki2", tmp)
    return ExportResult(notes=len(notes), cards=sum(len(n.cards) for n in notes), path=path)
