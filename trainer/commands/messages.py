"""Errors worded for the user at the interface: the facts from the error, then what to do.

Services and storage raise typed errors (trainer.errors) that never name a flag or a command;
this is the one place that knows how the user reaches a fix from the command line. The TUI
uses the same wording, so a message reads the same wherever it appears.
"""

from __future__ import annotations

from trainer.errors import (
    BadAnkiFile,
    BadBackup,
    BadDeckFile,
    BadInput,
    BadSeed,
    CannotWrite,
    Conflict,
    MissingFolder,
    NewerSchema,
    NoDecks,
    NoQuizYet,
    NoSeeds,
    NotADatabase,
    SourceExists,
    StorageFailure,
    TrainerError,
    UnknownCard,
)

# a deck file is generated from seeds: lint names the claim at fault, generate rewrites the file
REGENERATE = "check the seeds with 'trainer lint' and regenerate it with 'trainer generate'"
DECKS_HINT = "run 'trainer generate' in a checkout or pass --decks DIR"

# a storage failure's cause -> what the user can do about it
_STORAGE_FIXES = (
    ("disk is full", "free some disk space and try again"),
    ("read-only", "make the file and its folder writable, or choose another --db path"),
    ("not permitted", "make the file and its folder writable, or choose another --db path"),
    ("locked", "close the other program using the database and try again"),
    ("deleted or replaced", "put the file back if you moved it, then restart trainer"),
    ("I/O error", "check the disk, then try again"),
)


_ANKI_FIXES = {
    "missing": "give the path of an Anki profile's collection.anki2, a .colpkg or an .apkg",
    "locked": "close Anki (or use File > Export > Anki Collection Package) and try again",
    "newer": "upgrade trainer, or export a package from that Anki",
    "damaged": "export it again from Anki (File > Export) and give the new file",
    "damaged-collection": "in Anki, run Tools > Check Database and close Anki, then try again "
                          "(or give a .colpkg exported from it)",
    "no-scheduling": "in Anki, export with 'Include scheduling information' ticked, or give the "
                     "profile's collection.anki2",
    "not-anki": "give the path of an Anki profile's collection.anki2, a .colpkg or an .apkg",
}


def fix(error: TrainerError) -> str:
    """The advice for an error, or "" when its message already says what to do."""
    if isinstance(error, StorageFailure) and not isinstance(error, CannotWrite):
        if error.corrupt:
            return "restore it from a backup ('trainer backup --list' shows them)"
        return next((f for key, f in _STORAGE_FIXES if key in error.cause), "try again")
    if isinstance(error, CannotWrite):
        return "check that the folder exists, is writable and has space"
    if isinstance(error, NewerSchema):
        return "upgrade trainer to open it"
    if isinstance(error, BadBackup):
        return "give one of the files 'trainer backup --list' shows"
    if isinstance(error, NotADatabase):
        return "choose another --db path"
    if isinstance(error, MissingFolder):
        return "create it or choose another path"
    if isinstance(error, BadDeckFile):
        return REGENERATE
    if isinstance(error, NoDecks):
        return DECKS_HINT
    if isinstance(error, UnknownCard):
        return "check the id ('trainer browse' finds cards)"
    if isinstance(error, Conflict):
        return "it is shown again as it is now"
    if isinstance(error, BadAnkiFile):
        return _ANKI_FIXES.get(error.reason, "")
    if isinstance(error, NoQuizYet):
        return "(run 'trainer quiz' first)"
    if isinstance(error, SourceExists):
        return "pass --force to replace its claims.toml and references.toml, or choose another --source"
    if isinstance(error, NoSeeds) and error.problem.startswith("no seeds folder"):
        return "run from a checkout of the project or pass --seeds DIR"
    if isinstance(error, BadSeed | BadInput):
        return ""  # their message says what to change
    return ""


def describe(error: TrainerError) -> str:
    """The one line printed for an error: its facts, then its fix."""
    advice = fix(error)
    if not advice:
        return str(error)
    return f"{error} {advice}" if advice.startswith("(") else f"{error}; {advice}"


def unexpected_storage(exc: BaseException, db_path: object = None) -> StorageFailure:
    """An OSError or sqlite3 error that escaped the store, as a failure of the file it hit."""
    import errno
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        path = str(db_path or "the database")
        text = str(exc).lower()
        for key, cause in (("full", "the disk is full"), ("readonly", "the database file or its "
                           "folder is read-only"), ("locked", "another program has held the "
                           "database locked for too long"), ("i/o", "an I/O error (the disk or its "
                           "connection failed)")):
            if key in text:
                return StorageFailure(path, cause)
        return StorageFailure(path, f"a database error ({exc})")
    assert isinstance(exc, OSError)
    causes = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file or its folder is read-only",
              errno.EACCES: "the file or its folder is read-only, or not permitted",
              errno.EPERM: "the file or its folder is read-only, or not permitted",
              errno.EIO: "an I/O error (the disk or its connection failed)"}
    cause = causes.get(exc.errno or 0, exc.strerror or str(exc))
    return CannotWrite(str(exc.filename or db_path or "a file"), cause)
