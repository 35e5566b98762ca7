"""`trainer import-reviews`: bring the reviews done in Anki (desktop, AnkiDroid, AnkiMobile) back."""

from __future__ import annotations

import sys
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
    from trainer.importing import MergeStopped
    from trainer.importing import import_reviews as run
    from trainer.studysettings import calendar

    collection = read_anki(path)  # a file that is not one is refused before the store is opened
    store = open_store(ctx)
    counter = ProgressLine() if sys.stderr.isatty() else None
    try:
        report = run(store, collection, calendar(store), counter)
    except MergeStopped as stop:
        if counter:
            counter.clear()
        say(f"stopped: {stop.added} review{'s' * (stop.added != 1)} of {stop.cards} "
            f"card{'s' * (stop.cards != 1)} merged and kept; run the same command again for the rest",
            err=True)
        raise typer.Exit(130) from None
    if counter:
        counter.clear()
    if as_json:
        say_json(report.as_json())
        return
    say(f"merged {report.added} review{'s' * (report.added != 1)} of {report.cards} "
        f"card{'s' * (report.cards != 1)} from {report.path}")
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


class ProgressLine:
    """The merge counted up on one terminal line (stderr, when it is a terminal), then wiped."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if done < total:  # the last transaction's count is the report's first line
            sys.stderr.write(f"\rmerging: {done} of {total} reviews")
            sys.stderr.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def register(app: typer.Typer) -> None:
    app.command("import-reviews")(import_reviews)
