"""`trainer export`: decks to an Anki package (.apkg) or Anki-style tab-separated text."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from trainer.commands.common import open_store

BAR_FROM = 2000  # cards; smaller exports finish before a bar would be worth drawing
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


class Format(StrEnum):
    apkg = "apkg"
    csv = "csv"


def _format_for(output: Path | None, fmt: Format | None) -> Format:
    """--format if given, else csv for a .csv/.tsv/.txt output file, else apkg."""
    if fmt is not None:
        return fmt
    return Format.csv if output is not None and output.suffix.lower() in CSV_SUFFIXES else Format.apkg


def _output_path(output: Path | None, decks, fmt: Format) -> Path:
    """-o as given; a folder or nothing: <deck id>.<ext> (one deck) or trainer-decks.<ext> inside it."""
    if output is not None and not output.is_dir():
        return output
    name = f"{decks[0].info.id if len(decks) == 1 else 'trainer-decks'}.{fmt.value}"
    return (output or Path.cwd()) / name


def _changed_times(store, decks) -> dict[str, int]:
    """card id -> unix seconds of its last content change, as the store recorded it on sync."""
    return store.cards.changed_times([d.info.id for d in decks])


def _run(fmt: Format, decks, path: Path, changed: dict[str, int] | None):
    """Export with a progress bar on stderr when the export is large."""
    from trainer.export import export_apkg, export_csv

    def write(progress=None):
        if fmt is Format.apkg:
            return export_apkg(decks, path, changed, progress=progress)
        return export_csv(decks, path, progress=progress)

    total = sum(len(d.cards) for d in decks)
    if total < BAR_FROM:
        return write()
    with typer.progressbar(length=total, label=f"Writing {path.name}", file=sys.stderr) as bar:
        return write(lambda done, _total: bar.update(done - bar.pos))


def export(
    ctx: typer.Context,
    decks: Annotated[list[str] | None, typer.Argument(
        help="Decks to export, by id or name [default: all decks]", metavar="DECK...",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="File to write, or a folder to write it in [default: <deck id>.apkg "
        "for one deck, trainer-decks.apkg for several, in the current folder]", show_default=False,
    )] = None,
    fmt: Annotated[Format | None, typer.Option(
        "--format", help="apkg: an Anki package to double-click; csv: tab-separated text with Anki's "
        "header lines [default: csv when -o ends in .csv/.tsv/.txt, else apkg]", show_default=False,
    )] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was written as JSON.")] = False,
) -> None:
    """Write your decks as an Anki package (or CSV); re-importing a newer export updates notes in place.

    Each card becomes one Anki note, in a subdeck per topic, with its sources. Importing a later
    export updates only the notes whose text changed and keeps your Anki progress; it never
    duplicates a note.
    """
    from trainer.decks import load_decks
    from trainer.export import select_decks

    store = open_store(ctx)  # syncs the deck files first, so every card has its change time
    chosen = select_decks(load_decks(ctx.find_root().obj.decks_dir), decks or [])
    fmt = _format_for(output, fmt)
    path = _output_path(output, chosen, fmt)
    changed = _changed_times(store, chosen) if fmt is Format.apkg else None
    result = _run(fmt, chosen, path, changed)
    if as_json:
        typer.echo(json.dumps({"path": str(result.path), "format": fmt.value, "notes": result.notes,
                               "cards": result.cards, "decks": [d.info.id for d in chosen]}, indent=2))
        return
    typer.echo(f"wrote {result.path}: {result.notes} notes, {result.cards} cards")
    if fmt is Format.apkg:
        typer.echo("open it with Anki (double-click, or File > Import); importing a newer export "
                   "updates changed notes and keeps your progress")


def register(app: typer.Typer) -> None:
    app.command()(export)
