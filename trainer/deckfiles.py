"""Which files of a folder are deck files: kept apart so that finding them imports no deck parser."""

from __future__ import annotations

from pathlib import Path

from trainer.errors import NoDecks


def deck_files(folder: Path) -> list[Path]:
    """The deck files of a folder, by name; a missing folder is NoDecks naming it."""
    if not folder.is_dir():
        raise NoDecks(folder, missing=True)
    return sorted(folder.glob("*.json"))
