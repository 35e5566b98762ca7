"""Errors a user can cause: typed, carrying the facts; the interface words them and adds the fix.

Services and storage raise these with what went wrong (which file, which line or id, which
cause) and never name a CLI flag or command: `str(error)` is that plain statement. The CLI
(`trainer.commands.messages`) and the TUI add the advice that fits where the user is
("choose another --db path", "run 'trainer generate'"). Every one exits with code 2.
"""

from __future__ import annotations

from pathlib import Path


class TrainerError(Exception):
    """A problem with the user's input or data: one line, exit code 2, nothing changed."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class BadInput(TrainerError):
    """An argument or value the user typed that cannot be used (a range, a query, a name)."""


class NoQuizYet(BadInput):
    """Retrying missed questions before any quiz was taken on the deck."""

    def __init__(self, deck_name: str):
        super().__init__(f"no quiz taken yet on {deck_name}; nothing to retry")


class SourceExists(BadInput):
    """A seeds source folder that a new draft would overwrite."""

    def __init__(self, folder: Path | str):
        self.folder = str(folder)
        super().__init__(f"{folder} already exists")


class BadFile(TrainerError):
    """A file the user gave or keeps that cannot be used: names it, and the line when known."""

    def __init__(self, path: Path | str, problem: str, line: int = 0):
        self.path, self.problem, self.line = str(path), problem, line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class BadSeed(BadFile):
    """A seeds file (claims.toml, references.toml, updates.toml) that cannot be loaded."""


class BadDeckFile(BadFile):
    """A generated deck file (decks/*.json) that is missing, malformed or of another format."""


class BadAnkiFile(BadFile):
    """An Anki collection or package that cannot be read (not one, newer, locked, no scheduling).

    `reason` names the case for the interface's advice: "missing", "unreadable", "not-anki",
    "newer", "locked", "damaged" (a package half written or cut off), "damaged-collection" (the
    same of a collection file) or "no-scheduling".
    """

    def __init__(self, path: Path | str, problem: str, line: int = 0, reason: str = ""):
        self.reason = reason
        super().__init__(path, problem, line)


class NotADatabase(BadFile):
    """The database path holds something else: another program's file, a folder, garbage."""


class BadBackup(BadFile):
    """A file given to restore that is not a sound trainer backup."""


class MissingFolder(BadFile):
    """A path names a folder that does not exist (and is not ours to create)."""

    def __init__(self, folder: Path | str):
        super().__init__(folder, "no such folder")


class NewerSchema(BadFile):
    """The database was written by a newer trainer."""

    def __init__(self, path: Path | str, version: int, known: int):
        self.version, self.known = version, known
        super().__init__(path, f"written by a newer trainer (schema {version}, this version "
                               f"knows {known})")


class UnknownDeck(TrainerError):
    def __init__(self, name: str, known: list[str]):
        self.name, self.known = name, known
        listed = ", ".join(known) if known else "none"
        super().__init__(f"no deck named '{name}'; the decks are: {listed}")


class UnknownCard(TrainerError):
    def __init__(self, card_id: str):
        self.card_id = card_id
        super().__init__(f"no card with id '{card_id}'")


class NoDecks(TrainerError):
    """The deck folder is missing or holds no deck file, or the database holds no deck."""

    def __init__(self, where: Path | str | None = None, missing: bool = False):
        self.where, self.missing = (None if where is None else str(where)), missing
        if where is None:
            text = "no decks in the database"
        else:
            text = f"{where}: {'no such deck folder' if missing else 'no deck files'}"
        super().__init__(text)


class NoSeeds(BadSeed):
    """The seeds folder is missing or holds no source."""


class StorageFailure(TrainerError):
    """Reading or writing the database (or another output file) failed after it was opened:
    full disk, read-only file or folder, lock held too long, file gone, I/O error.
    `corrupt` is True only when SQLite's integrity check fails."""

    def __init__(self, path: Path | str, cause: str, corrupt: bool = False):
        self.path, self.cause, self.corrupt = str(path), cause, corrupt
        super().__init__(f"{path}: {cause}")


class CannotWrite(StorageFailure):
    """An output file (export, backup, deck, seeds) cannot be written where asked."""


class Conflict(TrainerError):
    """Another process changed a card after it was shown: nothing was written."""

    def __init__(self, card_id: str):
        self.card_id = card_id
        super().__init__(f"card '{card_id}' was changed by another window since it was shown")
