"""Typed errors: services state the facts without naming a flag; the interface adds the fix."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from trainer.cli import app
from trainer.commands.messages import describe
from trainer.errors import (
    BadDeckFile,
    BadInput,
    CannotWrite,
    MissingFolder,
    NewerSchema,
    NoDecks,
    NotADatabase,
    StorageFailure,
    UnknownCard,
    UnknownDeck,
)

FLAG = re.compile(r"--[a-z]|'trainer ")


@pytest.mark.parametrize(("error", "line"), [
    (NotADatabase("x.db", "not a trainer database (not an SQLite file)"),
     "x.db: not a trainer database (not an SQLite file); choose another --db path"),
    (NewerSchema("x.db", 9, 3),
     "x.db: written by a newer trainer (schema 9, this version knows 3); upgrade trainer to open it"),
    (MissingFolder("/no/where"), "/no/where: no such folder; create it or choose another path"),
    (BadDeckFile("decks/x.json", "deck format 2 is not 1"),
     "decks/x.json: deck format 2 is not 1; check the seeds with 'trainer lint' and regenerate "
     "it with 'trainer generate'"),
    (NoDecks("decks", missing=True),
     "decks: no such deck folder; run 'trainer generate' in a checkout or pass --decks DIR"),
    (UnknownDeck("nope", ["a", "b"]), "no deck named 'nope'; the decks are: a, b"),
    (UnknownCard("x/qa"), "no card with id 'x/qa'; check the id ('trainer browse' finds cards)"),
    (StorageFailure("t.db", "the disk is full"),
     "t.db: the disk is full; free some disk space and try again"),
    (StorageFailure("t.db", "the database is damaged (x)", corrupt=True),
     "t.db: the database is damaged (x); restore it from a backup ('trainer backup --list' shows them)"),
    (CannotWrite("out.apkg", "cannot write (No space left on device)"),
     "out.apkg: cannot write (No space left on device); check that the folder exists, is writable "
     "and has space"),
    (BadInput("the topic is empty; give a topic name or tag"),
     "the topic is empty; give a topic name or tag"),
])
def test_each_error_is_worded_with_its_fix_at_the_interface(error, line):
    assert not FLAG.search(str(error)), "below the interface no flag or command is named"
    assert describe(error) == line


def test_restore_from_a_backup_is_said_only_for_a_damaged_file():
    for cause in ("the disk is full", "the database file or its folder is read-only",
                  "another program has held the database locked for too long"):
        assert "backup" not in describe(StorageFailure("t.db", cause))


def test_the_cli_prints_the_worded_line_and_exits_2(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello " * 100)
    result = CliRunner().invoke(app, ["--db", str(bad), "decks"])
    assert result.exit_code == 2
    assert result.output.strip() == (f"trainer: {bad}: not a trainer database (not an SQLite file); "
                                     "choose another --db path")
