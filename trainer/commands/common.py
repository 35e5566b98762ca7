"""What every command shares: the clock, the synced collection, and printing text safely."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import typer

from trainer.text import printable

if TYPE_CHECKING:
    from trainer.store import Store


def clock() -> datetime:
    """The interface's clock: aware UTC, as fsrs requires. Services receive it, never call now()."""
    return datetime.now(UTC)


def open_store(ctx: typer.Context, sync: bool = True) -> Store:
    """The store at --db, synced with the deck folder (see `trainer --help`)."""
    from trainer.collection import open_collection
    from trainer.schedule import seconds

    options = ctx.find_root().obj
    store = open_collection(options.db_path, options.decks_dir if sync else None, seconds(clock()),
                            create_folder=options.db_is_default)
    ctx.call_on_close(store.close)
    return store


def say(text: str, err: bool = False) -> None:
    """Print one message: every line the CLI prints goes through here (or `say_json`). Text
    from files, deck names and paths may hold control characters: they are shown as symbols
    (`printable`), so a terminal never obeys them."""
    typer.echo(printable(text), err=err)


def terminal_json(data: Any, **options: Any) -> str:
    """`data` as JSON that is safe in a terminal: json.dumps escapes the C0 controls, and DEL
    and the C1 controls (the one-byte CSI among them) are escaped here too. They can occur only
    inside strings, so the JSON means the same."""
    text = json.dumps(data, indent=2, ensure_ascii=False, **options)
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def say_json(data: Any, err: bool = False, **options: Any) -> None:
    typer.echo(terminal_json(data, **options), err=err)
