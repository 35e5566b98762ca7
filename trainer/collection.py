"""The learner's collection: open the database and bring it up to date with the deck files."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from trainer.deckfiles import deck_files
from trainer.errors import BadDeckFile, NoDecks, UnknownDeck
from trainer.store import Store, SyncResult


def file_digest(path: Path) -> str:
    """The file's SHA-256, read in blocks (a 200k-card deck file need not sit in memory)."""
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as exc:
        raise BadDeckFile(path, f"cannot read deck file ({exc.strerror})") from None


def sync_decks(store: Store, folder: Path, now: int,
               progress: Callable[[int, int], None] | None = None) -> list[SyncResult]:
    """Sync every deck file in `folder`; a file unchanged since the last sync is not even parsed."""
    paths = deck_files(folder)
    results = []
    for i, path in enumerate(paths):
        digest = file_digest(path)
        if store.decks.file_hash(path.stem) == digest:
            results.append(SyncResult(path.stem, skipped=True))
        else:
            from trainer.decks import stream_deck  # the parser, only for a file that changed

            stream = stream_deck(path)
            if stream.info.id != path.stem:
                raise BadDeckFile(path, f"holds deck '{stream.info.id}' but is named '{path.name}'")
            results.append(store.decks.sync_lines(stream.info, stream.cards, stream.parse, digest,
                                                  now, where=str(path)))
        if progress:
            progress(i + 1, len(paths))
    return results


def open_collection(db_path: Path, decks_folder: Path | None, now: int,
                    create_folder: bool = False) -> Store:
    """Open the store and sync the decks (skip syncing when decks_folder is None)."""
    store = Store.open(db_path, create_folder=create_folder)
    if decks_folder is not None:
        try:
            sync_decks(store, decks_folder, now)
        except BaseException:
            store.close()
            raise
    return store


def resolve_deck(store: Store, name: str | None) -> str:
    """A deck id from what the user typed (id or name, case-insensitive); None: the first deck."""
    decks = store.decks.all()
    if not decks:
        raise NoDecks()
    if name is None:
        return decks[0].id
    for d in decks:
        if name.casefold() in (d.id.casefold(), d.name.casefold()):
            return d.id
    raise UnknownDeck(name, [d.id for d in decks])
