"""Authoring: `trainer draft`, a first seeds source (references and draft claims) from a review's text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trainer.commands.authoring import SeedsOption
from trainer.commands.common import say


def draft(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        help="The review's text: a .txt file, or a .pdf that has a text layer.", show_default=False,
        metavar="FILE")],
    source: Annotated[str, typer.Option(
        "--source", metavar="NAME",
        help="Name of the new source, written to SEEDS/NAME/ (a slug: lupus-nephritis).",
        show_default=False)],
    seeds: SeedsOption = Path("seeds"),
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the source's claims.toml and references.toml if it exists.")] = False,
) -> None:
    """Draft a new source from a review: its reference list, and candidate claims to finish by hand.

    Offline and rule-based. Every draft claim keeps the sentence it came from and the references
    that sentence cites; it makes no cards until you write its question and answer and delete
    its `draft = true` line. Existing sources are never overwritten without --force.
    """
    from trainer.draft import draft_source
    from trainer.draft.lexicon import load_known
    from trainer.generate.seeds import display

    decks = ctx.find_root().obj.decks_dir
    lexicon, taken = load_known(seeds, decks, skip=source)
    drafted, folder = draft_source(file, source, seeds, force=force, lexicon=lexicon, taken=taken)
    unparsed = drafted.unparsed
    parsed = len(drafted.references) - len(unparsed)
    left = (f"; {len(unparsed)} left as comments to write by hand: "
            + ", ".join(str(e.number) for e in unparsed)) if unparsed else ""
    say(f"wrote {display(folder / 'references.toml')}: {len(drafted.references)} references "
               f"({parsed} parsed{left})")
    say(f"wrote {display(folder / 'claims.toml')}: {len(drafted.drafts)} draft claims from "
               f"{drafted.sentences} sentences")
    flag = "" if seeds == Path("seeds") else f" --seeds {display(seeds)}"
    say(f"next: in {display(folder / 'claims.toml')} write each draft's question and answer, put "
               f"its statement in your own words and delete draft = true (or delete the draft); "
               f"'trainer lint{flag}' lists what each still lacks, then 'trainer generate{flag}'")


def register(app: typer.Typer) -> None:
    app.command()(draft)
