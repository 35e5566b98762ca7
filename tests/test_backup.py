"""Backups: consistent while another process writes, listed, pruned as Anki prunes, restored."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trainer import backup
from trainer.cli import app
from trainer.model import Rating
from trainer.store import Store
from trainer.study import Session

ROOT = Path(__file__).resolve().parent.parent


def cli(db: Path, decks: Path, *args: str):
    return CliRunner().invoke(app, ["--db", str(db), "--decks", str(decks), *args])


def reviews_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_taken_while_another_process_grades_is_consistent(tmp_path, decks_dir):
    db = tmp_path / "t.db"
    subprocess.run([sys.executable, "-m", "tests.grader", str(db), str(decks_dir), "0"], cwd=ROOT,
                   check=True, capture_output=True)
    grader = subprocess.Popen([sys.executable, "-m", "tests.grader", str(db), str(decks_dir), "400"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert grader.stdout.readline().strip() == "ready"
    taken = []
    for i in range(3):
        result = cli(db, decks_dir, "backup", str(tmp_path / f"copy{i}.db"))
        assert result.exit_code == 0, result.output
        taken.append(reviews_in(tmp_path / f"copy{i}.db"))
    grader.communicate(timeout=120)
    assert taken == sorted(taken) and reviews_in(db) == 400  # each copy a moment of the log


def test_backup_list_and_restore_bring_the_progress_back(tmp_path, decks_dir, clock):
    db = tmp_path / "t.db"
    assert cli(db, decks_dir, "decks").exit_code == 0
    store = Store.open(db)
    session = Session.open(store, "mini", clock)
    session.grade(session.next(), Rating.GOOD, 1000)
    store.close()
    made = cli(db, decks_dir, "backup")
    assert made.exit_code == 0 and "restore" in made.output and "--yes" in made.output
    (saved,) = backup.backups(db)
    listed = cli(db, decks_dir, "backup", "--list")
    assert str(saved.path) in listed.output
    store = Store.open(db)
    session = Session.open(store, "mini", clock)
    session.grade(session.next(), Rating.GOOD, 1000)  # progress after the backup
    store.close()
    refused = cli(db, decks_dir, "restore", str(saved.path))
    assert refused.exit_code == 2 and "--yes" in refused.output and reviews_in(db) == 2
    restored = cli(db, decks_dir, "restore", str(saved.path), "--yes")
    assert restored.exit_code == 0, restored.output
    assert reviews_in(db) == 1
    before = [b for b in backup.backups(db) if b.path != saved.path]
    assert len(before) == 1 and reviews_in(before[0].path) == 2  # the way back was kept
    assert reviews_in(saved.path) == 1  # the backup restored from is untouched


@pytest.mark.parametrize("content", [b"", b"hello", b"SQLite format 3\x00" + b"\x00" * 100])
def test_restore_refuses_what_is_not_a_sound_backup_and_changes_nothing(tmp_path, decks_dir, content):
    db = tmp_path / "t.db"
    assert cli(db, decks_dir, "decks").exit_code == 0
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    before = db.read_bytes()
    result = cli(db, decks_dir, "restore", str(bad), "--yes")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "trainer backup --list" in result.output and db.read_bytes() == before


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 1, 1, hour) + timedelta(days=day)


def test_pruning_keeps_recent_days_weeks_and_months_as_anki_does(tmp_path):
    db = tmp_path / "t.db"
    folder = backup.folder_for(db)
    folder.mkdir()
    # three backups a day for a year
    for day in range(365):
        for hour in (9, 13, 18):
            (folder / backup.name_for(db, at(day, hour))).write_bytes(b"x")
    now = at(364, 20)
    backup.prune(db, now)
    kept = backup.backups(db)
    days = {b.taken.date() for b in kept}
    assert {b.taken for b in kept if b.taken.date() == now.date()} == {at(364, h) for h in (9, 13, 18)}
    assert len(days) <= backup.KEEP_DAILY + backup.KEEP_WEEKLY + backup.KEEP_MONTHLY
    assert all(at(364 - d).date() in days for d in range(backup.KEEP_DAILY))  # the last 12 days
    assert min(days) >= (now - timedelta(days=31 * backup.KEEP_MONTHLY)).date()
    assert len(kept) < 40


def test_automatic_backups_come_at_most_once_per_half_hour(tmp_path):
    db = tmp_path / "t.db"
    store = Store.open(db)
    start = at(0, 9)
    assert backup.automatic(store, start) is not None
    assert backup.automatic(store, start + timedelta(minutes=29)) is None
    assert backup.automatic(store, start + timedelta(minutes=30)) is not None
    store.close()
    assert len(backup.backups(db)) == 2


async def test_the_app_takes_an_automatic_backup(tmp_path, decks_dir, clock, monkeypatch):
    import trainer.tui.app
    from tests.apps import trainer_app

    # the first one comes BACKUP_DELAY after the start (10 s): here half a second
    monkeypatch.setattr(trainer.tui.app, "BACKUP_DELAY", 0.5)
    store = Store.open(tmp_path / "app.db")
    app = trainer_app(store, clock, decks_dir, sync=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert backup.backups(tmp_path / "app.db") == []  # not while the first card paints
        await pilot.pause(0.8)
        await app.workers.wait_for_complete()
    store.close()
    assert len(backup.backups(tmp_path / "app.db")) == 1


def test_backup_to_an_existing_file_is_refused_unless_forced(tmp_path, decks_dir):
    db = tmp_path / "t.db"
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    refused = cli(db, decks_dir, "backup", str(notes))
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        f"trainer: {notes}: exists already; give another file name, or add --force to replace it"]
    assert notes.read_text() == "my notes" and not db.exists()  # nothing written, not even the database
    forced = cli(db, decks_dir, "backup", str(notes), "--force")
    assert forced.exit_code == 0, forced.output
    assert reviews_in(notes) == 0  # now a backup


def test_a_second_backup_to_the_same_name_keeps_the_first(tmp_path, decks_dir):
    db, first = tmp_path / "t.db", tmp_path / "mybackup.db"
    assert cli(db, decks_dir, "backup", str(first)).exit_code == 0
    kept = first.read_bytes()
    again = cli(db, decks_dir, "backup", str(first))
    assert again.exit_code == 2 and "--force" in again.stderr and first.read_bytes() == kept


def test_a_link_to_an_existing_file_is_refused_too(tmp_path, decks_dir):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    (tmp_path / "link.db").symlink_to(notes)
    result = cli(tmp_path / "t.db", decks_dir, "backup", str(tmp_path / "link.db"))
    assert result.exit_code == 2 and notes.read_text() == "my notes"


def test_force_never_writes_a_backup_over_the_database_itself(tmp_path, decks_dir):
    db = tmp_path / "t.db"
    assert cli(db, decks_dir, "decks").exit_code == 0
    before = db.read_bytes()
    result = cli(db, decks_dir, "backup", str(db), "--force")
    assert result.exit_code == 2 and "is the database itself" in result.stderr
    assert db.read_bytes() == before


def test_automatic_names_never_collide_with_an_earlier_backup(tmp_path, decks_dir):
    db = tmp_path / "t.db"
    for _ in range(3):  # within one second: -1, -2
        assert cli(db, decks_dir, "backup").exit_code == 0
    assert len(backup.backups(db)) == 3


@pytest.mark.parametrize("where", ["default", "file", "folder"])
def test_the_restore_command_backup_prints_is_one_that_works(tmp_path, decks_dir, where, monkeypatch):
    import shlex

    monkeypatch.setenv("TRAINER_DB", str(tmp_path / "elsewhere.db"))  # a hint without --db misses
    db = tmp_path / "my data" / "t.db"  # a space: the command must quote it
    db.parent.mkdir()
    (tmp_path / "copies").mkdir()
    target = {"default": [], "file": [str(tmp_path / "copy.db")], "folder": [str(tmp_path / "copies")]}
    made = cli(db, decks_dir, "backup", *target[where])
    assert made.exit_code == 0, made.output
    command = re.search(r"put it back with: (.+)$", made.stdout.strip())
    assert command, made.stdout
    words = shlex.split(command[1])
    assert words[0] == "trainer"
    restored = CliRunner().invoke(app, words[1:])
    assert restored.exit_code == 0, restored.output
    assert f"into {db}" in restored.stdout
