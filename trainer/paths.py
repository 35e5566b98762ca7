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
    """--decks DIR, else ./decks when it holds decks (an author's checkout), else the bundled ones."""
    if override is not None:
        return override
    here = Path.cwd() / "decks"
    if here.is_dir() and any(here.glob("*.json")):
        return here
    return bundled_decks_dir()
