"""What every command shares: the clock, and opening the synced collection from global options."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

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
