"""The command line: help everywhere, version, lazy imports, python -m, the wheel's decks."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trainer import __version__
from trainer.cli import app

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("textual", "genanki", "anki", "sqlite_utils", "sentencex", "pypdf")


def commands():
    import typer.main

    return sorted(typer.main.get_command(app).commands)


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"trainer {__version__}"


@pytest.mark.parametrize("command", commands())
def test_every_command_and_option_has_help(command):
    import typer.main

    cmd = typer.main.get_command(app).commands[command]
    assert cmd.help and len(cmd.help.split()) >= 3, f"{command} has no help text"
    for param in cmd.params:
        assert getattr(param, "help", None), f"{command} {param.name} has no help text"
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage: " in result.stdout


def test_help_names_where_decks_come_from():
    result = CliRunner().invoke(app, ["--help"])
    assert "--decks" in result.stdout and "bundled" in result.stdout


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from typer.testing import CliRunner; from trainer.cli import app;"
        "import typer.main;"
        "names = ['--help'] + [[c, '--help'] for c in typer.main.get_command(app).commands];"
        "[CliRunner().invoke(app, n if isinstance(n, list) else [n]) for n in names];"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("argv", "modules"), [
    (["study"], ("study",)),
    (["study", "--help"], ("study",)),  # its own help needs only its own command
    (["--db", "study.db", "stats", "--json"], ("progress",)),  # a value is not a command
    (["--decks", "decks", "--db", "x.db", "import-reviews", "c.anki2"], ("anki",)),
    ([], ()),  # the home screen
    (["--version"], ()),
])
def test_a_command_line_sets_up_only_its_own_command(argv, modules):
    from trainer.cli import modules_for

    assert modules_for(argv) == modules


@pytest.mark.parametrize("argv", [["--help"], ["-h", "study"], ["stdy"]])
def test_help_and_unknown_commands_see_every_command(argv):
    from trainer.cli import COMMANDS, modules_for

    assert modules_for(argv) == tuple(COMMANDS)


def test_the_study_command_line_imports_no_other_command():
    """What `trainer study` loads before its first card: its own command, not the exporter's
    or the optimizer's (each costs start-up time)."""
    code = ("import sys; from trainer import cli; cli.build_app(cli.modules_for(['study']));"
            "print(sorted(m for m in sys.modules if m.startswith('trainer.commands.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['trainer.commands.common', 'trainer.commands.study']"


def test_an_unknown_command_is_one_line_with_a_suggestion():
    out = subprocess.run([sys.executable, "-m", "trainer", "stdy"], capture_output=True, text=True)
    assert out.returncode == 2 and "Did you mean 'study'?" in out.stderr


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "trainer", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == f"trainer {__version__}"


def test_wheel_ships_the_decks(tmp_path):
    if not any((ROOT / "decks").glob("*.json")):
        pytest.fail("decks/ holds no deck: run 'trainer generate'")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("trainer-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("trainer/_decks/")}
    assert shipped == {p.name for p in (ROOT / "decks").glob("*.json")}


@pytest.mark.parametrize("command", [["decks"], ["stats"], ["browse", "is:new"]])
def test_commands_run_with_the_cycle_collector_on(tmp_path, command):
    """trainer.entry pauses the collector for the start only: a command that prints (here
    through a pipe, so browse prints too) runs with it on, as memory-hungry ones need."""
    code = ("import atexit, gc, sys; atexit.register(lambda: print('collector on:', gc.isenabled()));"
            f"sys.argv = ['trainer', '--db', {str(tmp_path / 't.db')!r}] + {command!r};"
            "from trainer.entry import main; main()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("collector on: True")


def test_the_start_runs_with_the_cycle_collector_paused():
    code = ("import gc, sys; from trainer import cli; seen = [];"
            "cli.main = lambda: seen.append(gc.isenabled());"
            "from trainer.entry import main; main(); print(seen)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[False]"


def test_a_start_with_unchanged_deck_files_loads_no_parser(tmp_path):
    """The second start of `trainer study` finds the deck files unchanged by their hash: the
    deck line parser and the sync's records stay unloaded (they cost the first card time)."""
    code = ("import sys; from pathlib import Path; from trainer.collection import open_collection;"
            "from trainer.paths import bundled_decks_dir;"
            f"open_collection(Path({str(tmp_path / 't.db')!r}), bundled_decks_dir(), 0).close();"
            "print(sorted(m for m in ('trainer.decklines', 'trainer.store.decksync', 'trainer.decks') "
            "if m in sys.modules))")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert first.stdout.strip() != "[]"  # the first start parses the files
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "[]"
