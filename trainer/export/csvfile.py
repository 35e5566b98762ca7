"""Decks as a tab-separated text file in the shape Anki's text importer reads (Anki 2.1.55+).

The file starts with Anki's `#key:value` header lines, then one row per claim, the same notes
as the .apkg holds:

    note type, deck, guid, then the note's fields in the note type's order, then the tags

The note type column comes first: a line that starts with `#` is a comment to Anki, and a guid
may start with `#`. Anki maps the fields of a file with a note type column by position, so the
fields follow the order of trainer.export.notetype.FIELDS. Fields are HTML (`#html:true`),
escaped exactly as in the .apkg. Importing the file into Anki needs our note type, which the
.apkg brings; other tools can read it as a plain tab-separated file and skip the `#` lines.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from trainer.deckmodel import Deck
from trainer.export import (
    ExportResult,
    NoteSpec,
    Progress,
    Ticker,
    atomic_output,
    note_specs,
)
from trainer.export.notetype import CLAIM_NAME, FIELDS

COLUMNS = ("Note type", "Deck", "GUID", *FIELDS, "Tags")
HEADER = (
    "#separator:tab",
    "#html:true",
    "#notetype column:1",
    "#deck column:2",
    "#guid column:3",
    f"#tags column:{len(COLUMNS)}",
    "#columns:" + "\t".join(COLUMNS),
)


def row(spec: NoteSpec) -> list[str]:
    """One note as a row: type, deck, guid, fields, tags."""
    return [CLAIM_NAME, spec.deck, spec.guid, *spec.fields, " ".join(spec.tags)]


def export_csv(decks: Sequence[Deck], path: Path, progress: Progress | None = None) -> ExportResult:
    """Write `decks` to `path` as Anki-importable tab-separated text; nothing is written on error."""
    path = Path(path)
    specs = list(note_specs(decks))
    ticker = Ticker(progress, len(specs))
    with atomic_output(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        out.write("\n".join(HEADER) + "\n")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        for spec in specs:
            writer.writerow(row(spec))
            ticker.step()
    return ExportResult(notes=len(specs), cards=sum(s.anki_cards for s in specs), path=path,
                        retired=sum(s.retired for s in specs))
