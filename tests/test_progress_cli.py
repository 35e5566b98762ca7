"""`trainer decks` and `trainer stats` on a fresh default database, and on bad --db files."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from trainer.cli import app


def run(*args, env=None):
    return CliRunner().invoke(app, list(args), env=env)


def test_decks_on_a_fresh_default_database(tmp_path, decks_dir, monkeypatch):
    monkeypatch.delenv("TRAINER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = run("--decks", str(decks_dir), "decks", "--json")
    assert result.exit_code == 0, result.output
    [deck] = json.loads(result.stdout)
    assert (deck["id"], deck["new"], deck["learning"], deck["due"]) == ("mini", 20, 0, 0)
    assert (tmp_path / "data" / "trainer" / "trainer.db").exists()


def test_trainer_db_env_and_db_option(tmp_path, decks_dir):
    env_db, opt_db = tmp_path / "env.db", tmp_path / "opt.db"
    assert run("--decks", str(decks_dir), "decks", env={"TRAINER_DB": str(env_db)}).exit_code == 0
    assert env_db.exists()
    assert run("--db", str(opt_db), "--decks", str(decks_dir), "decks",
               env={"TRAINER_DB": str(env_db)}).exit_code == 0
    assert opt_db.exists()


def test_decks_table_for_people(tmp_path, decks_dir):
    result = run("--db", str(tmp_path / "t.db"), "--decks", str(decks_dir), "decks")
    assert "SLE mini" in result.stdout and "20" in result.stdout


def test_stats_json_keys(decks_dir, session):
    from trainer.model import Rating

    session.grade(session.next(), Rating.GOOD, 1000)
    db = session.store.path
    result = run("--db", db, "--decks", str(decks_dir), "stats", "--json")
    figures = json.loads(result.stdout)
    assert {"cards", "reviews", "reviews_today", "due_now", "retention_30d"} <= figures.keys()
    assert figures["cards"] == 27 and figures["reviews"] == 1


def test_stats_text(tmp_path, decks_dir):
    result = run("--db", str(tmp_path / "t.db"), "--decks", str(decks_dir), "stats")
    assert result.exit_code == 0
    assert "retention   no reviews of learned cards in 30 days yet" in result.stdout


def test_bad_db_file_is_one_line_exit_2_and_unchanged(tmp_path, decks_dir):
    notes = tmp_path / "notes.txt"
    notes.write_text("keep\n")
    result = run("--db", str(notes), "--decks", str(decks_dir), "decks")
    assert result.exit_code == 2 and notes.read_text() == "keep\n"
    assert result.stderr.count("\n") == 1 and "not a trainer database" in result.stderr


def test_missing_deck_folder_is_one_line(tmp_path):
    result = run("--db", str(tmp_path / "t.db"), "--decks", str(tmp_path / "nope"), "decks")
    assert result.exit_code == 2 and "no such deck folder" in result.stderr


def test_broken_deck_file_is_one_line(tmp_path, decks_dir):
    (decks_dir / "mini.json").write_text("{ not json")
    result = run("--db", str(tmp_path / "t.db"), "--decks", str(decks_dir), "decks")
    assert result.exit_code == 2 and "mini.json:1: not a deck file" in result.stderr


def test_study_with_an_unknown_deck_is_one_line_before_any_screen(tmp_path, decks_dir):
    result = run("--db", str(tmp_path / "t.db"), "--decks", str(decks_dir), "study", "nope")
    assert result.exit_code == 2
    assert result.stderr == "trainer: no deck named 'nope'; the decks are: mini\n"
    assert result.stdout == ""  # the app never started: no escape codes


def test_decks_with_an_empty_deck_folder_says_so(tmp_path):
    # issue 11 item 13: an empty --decks folder is a user error (one line, exit 2), as the
    # README says of every error a user can cause; it used to be a message and exit 0
    (tmp_path / "empty").mkdir()
    result = run("--db", str(tmp_path / "t.db"), "--decks", str(tmp_path / "empty"), "decks")
    assert result.exit_code == 2 and "no deck files" in result.stderr and "--decks DIR" in result.stderr
