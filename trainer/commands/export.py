"""`trainer export`: decks to an Anki package (.apkg) or Anki-style tab-separated text."""

from __future__ import annotations

import os
import stat
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trainer.commands.common import say as say_text
from trainer.commands.common import say_json

if TYPE_CHECKING:
    from collections.abc import Sequence

    from trainer.deckmodel import Deck
    from trainer.export import ExportResult, Progress

BAR_FROM = 2000  # cards; smaller exports finish before a bar would be worth drawing
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


class Format(StrEnum):
    apkg = "apkg"
    csv = "csv"


def _named_format(path: Path) -> Format | None:
    """The format a file name says: csv for .csv/.tsv/.txt, apkg for .apkg, else none."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return Format.csv
    return Format.apkg if suffix == ".apkg" else None


def _format_for(output: Path | None, fmt: Format | None) -> Format:
    """--format if given, else the format the output file's name says, else apkg."""
    named = _named_format(output) if output is not None else None
    return fmt or named or Format.apkg


def _output_path(output: str | None, decks: Sequence[Deck], fmt: Format) -> Path:
    """-o as given; a folder (an existing one, or a path ending in '/') or nothing:
    <deck id>.<ext> (one deck) or trainer-decks.<ext> inside it."""
    from trainer.errors import MissingFolder

    name = f"{decks[0].info.id if len(decks) == 1 else 'trainer-decks'}.{fmt.value}"
    if output is None:
        return Path.cwd() / name
    folder = Path(os.path.abspath(output))  # said in full, as the default is (links left as they are)
    if output.endswith(("/", os.sep)) or folder.is_dir():
        if not folder.is_dir():
            raise MissingFolder(output)
        return folder / name
    return folder


def _check_name(path: Path, fmt: Format) -> None:
    """Refuse a file name that says the other format: Anki and other tools go by the name, so a
    CSV in y.apkg (or a package in x.csv) fails where it is opened, far from this command."""
    from trainer.errors import BadInput

    says = _named_format(path)
    if says not in (None, fmt):
        what = "an Anki package" if says is Format.apkg else "a CSV file"
        raise BadInput(f"{path}: the name says {what}, but the format is {fmt.value}; name it "
                       f"{path.with_suffix('.' + fmt.value).name}, or leave out --format {fmt.value}")


def _check_replace(path: Path, fmt: Format, force: bool) -> None:
    """Refuse to replace an existing file that is not what this export writes (a user's notes,
    an unrelated zip) unless --force: exporting again over an earlier export is the usual way
    to update it, so that is replaced silently, as is any Anki package (a zip holding a
    collection) or Anki CSV (its first line our #separator:tab header)."""
    from trainer.ankifile import PACKAGE_ENTRIES
    from trainer.errors import BadInput
    from trainer.export.csvfile import HEADER
    from trainer.fileout import replaces, starts_with, zip_holds

    existing = replaces(path)  # None for a new file or a stream (-o /dev/stdout): nothing lost
    if existing is None or force:
        return
    if fmt is Format.apkg and not zip_holds(existing, PACKAGE_ENTRIES):
        what = "not an Anki package"
    elif fmt is Format.csv and not starts_with(existing, f"{HEADER[0]}\n".encode()):
        what = "not a CSV export"
    else:
        return
    raise BadInput(f"{path}: exists and is {what}; give another file name, or add --force to replace it")


def _is_stream(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _run(fmt: Format, decks: Sequence[Deck], path: Path) -> ExportResult:
    """Export with a progress bar on stderr when the export is large."""
    from trainer.export import export_apkg, export_csv
    from trainer.text import printable

    def write(progress: Progress | None = None) -> ExportResult:
        if fmt is Format.apkg:
            return export_apkg(decks, path, progress=progress)
        return export_csv(decks, path, progress=progress)

    total = len({c.claim for d in decks for c in (*d.cards, *d.retired)})  # one note per claim
    if sum(len(d.cards) for d in decks) < BAR_FROM:
        return write()
    label = printable(f"Writing {path.name}")
    with typer.progressbar(length=total, label=label, file=sys.stderr) as bar:
        return write(lambda done, _total: bar.update(done - bar.pos))


def export(
    ctx: typer.Context,
    decks: Annotated[list[str] | None, typer.Argument(
        help="Decks to export, by id or name [default: all decks]", metavar="DECK...",
        show_default=False)] = None,
    output: Annotated[str | None, typer.Option(
        "-o", "--output", metavar="PATH", help="File to write, or a folder to write it in "
        "[default: <deck id>.apkg for one deck, trainer-decks.apkg for several, in the current "
        "folder]", show_default=False,
    )] = None,
    fmt: Annotated[Format | None, typer.Option(
        "--format", help="apkg: an Anki package to double-click; csv: tab-separated text with Anki's "
        "header lines [default: csv when -o ends in .csv/.tsv/.txt, else apkg]", show_default=False,
    )] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was written as JSON.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the file even if it is not an "
        "earlier export (an earlier export is always replaced).")] = False,
) -> None:
    """Write your decks as an Anki package (or CSV); re-importing a newer export updates notes in place.

    Each claim becomes one Anki note (its question, fill-in and reverse cards are siblings),
    tagged by topic and priority, with its sources. The notes' times come from the deck files, so an export
    from any machine or database is the same: importing a later one updates only the notes whose
    text changed and keeps your Anki progress and edits; it never duplicates a note. Claims removed
    from the deck stay in the file, tagged <tag>::retired.
    """
    from trainer.decks import load_decks
    from trainer.export import select_decks

    # No database: every time the export needs travels in the deck files.
    chosen = select_decks(load_decks(ctx.find_root().obj.decks_dir), decks or [])
    fmt = _format_for(Path(output) if output else None, fmt)
    path = _output_path(output, chosen, fmt)
    _check_name(path, fmt)
    _check_replace(path, fmt, force)
    result = _run(fmt, chosen, path)
    # written into a stream (-o /dev/stdout, a FIFO): the messages must not mix with the file
    err = _is_stream(path)
    say = partial(say_text, err=err)
    if as_json:
        say_json({"path": str(result.path), "format": fmt.value, "notes": result.notes,
                  "cards": result.cards, "retired": result.retired,
                  "decks": [d.info.id for d in chosen]}, err=err)
        return
    say(f"wrote {result.path}: {result.notes} notes, {result.cards} cards")
    if result.retired:
        tags = ", ".join(sorted({f"tag:{d.info.tag}::retired" for d in chosen if d.retired}))
        say(f"{result.retired} of the notes {'is a claim' if result.retired == 1 else 'are claims'} "
                   f"removed from the deck, tagged retired: find {'it' if result.retired == 1 else 'them'} "
                   f"in Anki with {tags}, then suspend or delete")
    if fmt is Format.apkg:
        say("open it with Anki (double-click, or File > Import); importing a newer export "
                   "updates changed notes and keeps your progress")


def register(app: typer.Typer) -> None:
    app.command()(export)
