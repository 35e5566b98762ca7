"""`trainer import-reviews`: bring the reviews done in Anki (desktop, AnkiDroid, AnkiMobile) back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trainer.commands.common import open_store, say, say_json


def import_reviews(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(
        metavar="PATH",
        help="An Anki profile's collection.anki2 (or its profile folder), a .colpkg, or an .apkg "
             "exported with scheduling information.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print what was merged as JSON.")] = False,
) -> None:
    """Merge the reviews you did in Anki into your trainer history, and reschedule those cards.

    The Anki file is only read, never written. Each card's memory is replayed from both
    histories in time order, so its next due date reflects both devices. Importing the same
    file again adds nothing.
    """
    from trainer.ankifile import read_anki
    from trainer.importing import import_reviews as run
    from trainer.studysettings import calendar

    collection = read_anki(path)  # a file that is not one is refused before the store is opened
    store = open_store(ctx)
    report = run(store, collection, calendar(store))
    if as_json:
        say_json(report.as_json())
        return
    say(f"merged {report.added} review{'s' * (report.added != 1)} of {report.cards} "
               f"card{'s' * (report.cards != 1)} from {path}")
    if report.already:
        say(f"  {report.already} reviews were already imported before")
    for kind, n in sorted(report.skipped.items()):
        say(f"  skipped {n}: {kind}")
    notes = report.claim_notes + report.card_notes
    say(f"  {notes} notes recognised as trainer's"
               + (f" ({report.card_notes} of the old one-note-per-card kind)" if report.card_notes else "")
               + (f"; {report.unknown_notes} other notes left alone" if report.unknown_notes else ""))
    if not notes:
        say("  no trainer notes in this file: import a 'trainer export' package into Anki first")


def register(app: typer.Typer) -> None:
    app.command("import-reviews")(import_reviews)
