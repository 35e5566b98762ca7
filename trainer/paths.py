"""Where things live: the database file and the deck folder (checkout, or bundled in the wheel)."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "TRAINER_DB"


def default_db_path() -> Path:
    """TRAINER_DB if set, else trainer.db in the platform's user data folder."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    from platformdirs import user_data_path

    return user_data_path("trainer", appauthor=False) / "trainer.db"


def bundled_decks_dir() -> Path:
    """The decks shipped with the package: inside the wheel, or the checkout's decks/."""
    package = Path(__file__).resolve().parent
    inside = package / "_decks"
    return inside if inside.is_dir() else package.parent / "decks"


def decks_dir(override: Path | None = None) -> Path:
    """--decks DIR, else ./decks when the current folder is an author's checkout (decks/ with
    deck files, beside seeds/), else the bundled ones. A folder given as --decks must hold deck
    files: an empty one is a mistake (NoDecks), not an empty collection. A decks/ folder without
    seeds/ beside it is someone else's (an unrelated project's): it is not read."""
    from trainer.deckfiles import deck_files
    from trainer.errors import NoDecks

    if override is not None:
        if override.is_dir() and not deck_files(override):
            raise NoDecks(override)
        return override
    here = Path.cwd()
    if (here / "seeds").is_dir() and (here / "decks").is_dir() and deck_files(here / "decks"):
        return here / "decks"
    return bundled_decks_dir()
