"""A command line typer or click refuses (a bad value, an unknown option, a missing or an extra
argument) is one line on stderr and exit code 2, as every other bad input is."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from trainer.cli import app


def run(tmp_path, decks_dir, *args: str):
    return CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(decks_dir),
                                    *args])


def one_line(result) -> str:
    assert result.exit_code == 2 and not result.stdout, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("trainer: "), result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize("args, line", [
    (["quiz", "-n", "abc"],
     "trainer: option -n/--count: 'abc' is not a whole number; see 'trainer quiz --help'"),
    (["simulate", "--days", "abc"],
     "trainer: option --days: 'abc' is not a whole number; see 'trainer simulate --help'"),
    (["simulate", "--retention", "lots"],
     "trainer: option --retention: 'lots' is not a number; see 'trainer simulate --help'"),
    (["export", "--format", "pdf"],
     "trainer: option --format: 'pdf' is not one of 'apkg', 'csv'; see 'trainer export --help'"),
    (["decks", "--bogus"], "trainer: unknown option --bogus; see 'trainer decks --help'"),
    (["decks", "--jsn"],
     "trainer: unknown option --jsn (did you mean --json?); see 'trainer decks --help'"),
    (["--bogus"], "trainer: unknown option --bogus; see 'trainer --help'"),
    (["restore"], "trainer: missing argument FILE: a backup written by 'trainer backup' "
                  "(see --list); see 'trainer restore --help'"),
    (["draft", "review.txt"], "trainer: missing option --source"),
    (["decks", "extra"], "trainer: unexpected extra argument 'extra' ('trainer decks' takes no "
                         "arguments); see 'trainer decks --help'"),
    (["study", "mini", "b", "c"], "trainer: unexpected extra arguments 'b c' ('trainer study' "
                                  "takes DECK); see 'trainer study --help'"),
    (["study", "--cram"], "trainer: option --cram needs a value; see 'trainer study --help'"),
    (["stdy"], "trainer: unknown command 'stdy' (did you mean 'study'?); see 'trainer --help'"),
    (["stats", "--db", "x.db"], "trainer: --db goes before the command, as in 'trainer --db "
                                "... stats'; see 'trainer stats --help'"),
])
def test_usage_errors_are_one_line_naming_what_is_wrong(tmp_path, decks_dir, args, line):
    assert one_line(run(tmp_path, decks_dir, *args)).startswith(line)


def test_help_is_still_the_full_help(tmp_path, decks_dir):
    result = run(tmp_path, decks_dir, "quiz", "--help")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: trainer quiz [OPTIONS]")
    assert "-n, --count" in result.stdout and not result.stderr


@pytest.mark.parametrize("args, line", [
    (["study", "--bogus"], "trainer: unknown option --bogus; see 'trainer study --help'"),
    (["--db"], "trainer: option --db needs a value; see 'trainer --help'"),
    (["quiz", "-n", "abc"], "trainer: option -n/--count: 'abc' is not a whole number"),
])
def test_the_console_entry_point_says_one_line_too(tmp_path, args, line):
    # `trainer study ...` first goes the quick way, without typer: a line it does not take is
    # handed to typer, which must word the error the same
    out = subprocess.run([sys.executable, "-m", "trainer", *args], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, env={**os.environ, "TRAINER_DB": str(tmp_path / "t.db")})
    assert out.returncode == 2 and not out.stdout and out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith(line)
