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
    assert out.stdout.strip() == ("['trainer.commands.common', 'trainer.commands.launch', "
                                  "'trainer.commands.study']")


def test_an_unknown_command_is_one_line_with_a_suggestion():
    out = subprocess.run([sys.executable, "-m", "trainer", "stdy"], capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr == (
        "trainer: unknown command 'stdy' (did you mean 'study'?); see 'trainer --help'\n")


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


def entry_run(argv: list[str], *setup: str, then: str = "") -> subprocess.CompletedProcess:
    """`trainer ARGV` through trainer.entry in a fresh interpreter, after the `setup` statements
    (a test's patches; the app believes it has a terminal), then the `then` statement."""
    code = "; ".join(["import gc, sys", "from trainer.commands import launch",
                      "launch.has_terminal = lambda: True", *setup,
                      f"sys.argv = ['trainer'] + {argv!r}"])
    code += f"\nfrom trainer.entry import main\ntry: main()\nexcept SystemExit: pass\n{then}"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.parametrize("argv", [[], ["study"], ["quiz"], ["--db", "x.db", "browse", "is:new"]])
def test_the_app_starts_with_the_cycle_collector_paused(argv):
    """Up to the app's first paint (TrainerApp.run turns it back on), for the quick path and
    for the app commands typer parses."""
    out = entry_run(argv, "seen = []", "launch.run_app = lambda *a, **k: seen.append(gc.isenabled()) or 0",
                    then="print(seen)")
    assert out.stdout.strip() == "[False]", out.stderr


QUICK = [[], ["study"], ["study", "SLE treatment review"], ["--db", "a.db", "study", "sle-review"],
         ["--db=a.db", "--decks", "d", "study"], ["--decks=d"], ["--decks", "d", "--db", "a.db"]]
NOT_QUICK = [["--help"], ["--version"], ["study", "--cram", "is:new"], ["study", "a", "b"],
             ["study", "--", "x"], ["--db", "a.db", "--db", "b.db", "study"], ["--db"],
             ["--db", "--decks", "d"], ["--db=", "study"], ["stdy"], ["quiz"], ["study", ""],
             ["-h"], ["--dbx", "a", "study"]]


def _opened(monkeypatch, through_typer: bool, argv: list[str]) -> list[tuple]:
    """What launch.run_app is asked to open for `argv`, on the quick path or through typer."""
    from trainer import cli
    from trainer.commands import launch

    seen: list[tuple] = []

    def run_app(options, command_path, start=None, deck=None):
        seen.append((options.db_option, options.decks_option, command_path, start is None, deck))
        return 0

    monkeypatch.setattr(launch, "run_app", run_app)
    if through_typer:
        result = CliRunner().invoke(cli.build_app(cli.modules_for(argv)), argv, prog_name="trainer")
        assert result.exit_code == 0, result.output
    else:
        assert launch.quick_start(argv) == 0
    return seen


@pytest.mark.parametrize("argv", QUICK)
@pytest.mark.parametrize("env", [None, "env.db", ""])
def test_the_quick_path_opens_what_typer_would(monkeypatch, argv, env):
    """Bare `trainer` and `trainer study [DECK]` skip typer on the way to the first card: the
    same database (--db, else TRAINER_DB unless empty), decks, command and deck as typer reads."""
    if env is None:
        monkeypatch.delenv("TRAINER_DB", raising=False)
    else:
        monkeypatch.setenv("TRAINER_DB", env)
    assert _opened(monkeypatch, False, argv) == _opened(monkeypatch, True, argv)


@pytest.mark.parametrize("argv", NOT_QUICK)
def test_any_other_command_line_is_left_to_typer(argv):
    from trainer.commands.launch import quick_start

    assert quick_start(argv) is None


def test_the_quick_path_imports_no_typer(tmp_path):
    out = entry_run(["--db", str(tmp_path / "t.db"), "study"], "import trainer.tui.app as a",
                    "a.TrainerApp.run = lambda self: print('typer' in sys.modules)")
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize(("argv", "line"), [
    (["study", "nosuch"], "trainer: no deck named 'nosuch'; the decks are: sle-review"),
    (["study"], "trainer: 'trainer study' opens a full-screen app and needs a terminal"),
    ([], "trainer: 'trainer' opens a full-screen app and needs a terminal"),
])
def test_the_quick_path_refuses_in_one_line(tmp_path, argv, line):
    """Errors on the quick path read as they do through typer: one line, exit 2."""
    out = subprocess.run([sys.executable, "-m", "trainer", "--db", str(tmp_path / "t.db"), *argv],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith(line) and out.stderr.count("\n") == 1, out.stderr


def test_the_quick_path_refuses_a_file_that_is_no_database(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("shopping list\n" * 100)
    out = subprocess.run([sys.executable, "-m", "trainer", "--db", str(bad), "study", "sle-review"],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
    assert str(bad) in out.stderr and "Traceback" not in out.stderr
    assert bad.read_text() == "shopping list\n" * 100


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
