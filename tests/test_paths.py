"""Where decks come from: --decks must hold deck files, and ./decks counts only in a checkout."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from tests.seedtools import FIXTURES
from trainer.cli import app
from trainer.paths import bundled_decks_dir, decks_dir


def test_decks_on_an_empty_folder_is_one_line_and_exit_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in (["decks"], ["stats"], ["export", "-o", str(tmp_path / "x.apkg")]):
        result = CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(empty),
                                          *command])
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"trainer: {empty}: no deck files")
        assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert not (tmp_path / "t.db").exists()  # nothing written
    assert not (tmp_path / "x.apkg").exists()


def test_a_decks_folder_counts_only_beside_a_seeds_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decks").mkdir()
    shutil.copy(FIXTURES / "golden" / "mini.json", tmp_path / "decks" / "mini.json")
    assert decks_dir() == bundled_decks_dir()  # someone else's decks/: not ours to read
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "decks"])
    assert result.exit_code == 0 and "SLE mini" not in result.stdout
    (tmp_path / "seeds").mkdir()
    assert decks_dir() == tmp_path / "decks"  # an author's checkout
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "t2.db"), "decks"])
    assert result.exit_code == 0 and "SLE mini" in result.stdout
