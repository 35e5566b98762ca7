"""`trainer browse` as text when there is no terminal (a pipe, a file, a script), and the app
refusing to start without one: real processes, stdin and stdout not terminals, with a timeout."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from tests.helpers import ESCAPES, MARKUP, RAW_ESCAPES, poison

TIMEOUT = 60  # seconds: a process that spins instead of exiting fails, never hangs the suite


def trainer(tmp_path, decks_dir, *args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE):
    env = {**os.environ, "TRAINER_DB": str(tmp_path / "trainer.db")}
    return subprocess.run([sys.executable, "-m", "trainer", "--decks", str(decks_dir), *args],
                          stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, env=env,
                          timeout=TIMEOUT)


def test_browse_without_a_terminal_prints_the_matching_cards(tmp_path, decks_dir):
    out = trainer(tmp_path, decks_dir, "browse", "belimumab")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode().splitlines()
    assert lines[0].split() == ["card", "state", "due", "topic", "question"]
    assert [line.split()[0] for line in lines[1:-1]] == [
        "belimumab-blys/qa", "belimumab-blys/cloze", "rituximab-plus-belimumab/qa",
        "rituximab-plus-belimumab/cloze"]
    assert lines[1].split()[1:4] == ["new", "new", "Biologics"]
    assert lines[1].endswith("  Which cytokine does the monoclonal antibody belimumab neutr…")
    assert lines[-1] == "4 cards match"
    assert b"\x1b" not in out.stdout  # no colours or cursor moves in a pipe


def test_browse_pages_and_json(tmp_path, decks_dir):
    every = json.loads(trainer(tmp_path, decks_dir, "browse", "--json", "--limit", "100").stdout)
    assert every["total"] == 27 and len(every["cards"]) == 27
    card = every["cards"][0]
    assert (card["id"], card["state"], card["due"], card["topic"]) == (
        "hcq-every-patient/qa", "new", None, "Hydroxychloroquine")
    page = trainer(tmp_path, decks_dir, "browse", "--limit", "5", "--offset", "20")
    lines = page.stdout.decode().splitlines()
    assert [line.split()[0] for line in lines[1:-1]] == [c["id"] for c in every["cards"][20:25]]
    assert lines[-1] == "27 cards match; these are 21-25; --offset 25 shows the next"
    first = trainer(tmp_path, decks_dir, "browse")  # 200 a page: all 27 at once
    assert first.stdout.decode().splitlines()[-1] == "27 cards match"
    tagged = json.loads(trainer(tmp_path, decks_dir, "browse", "tag:SLE::claim::hcq-tlr", "--json").stdout)
    assert [c["id"] for c in tagged["cards"]] == ["hcq-tlr/qa", "hcq-tlr/cloze"]


@pytest.mark.parametrize("args, line", [
    (["browse", "x" * 1001], "trainer: the search is 1001 characters long; at most 1000 are searched"),
    (["browse", "--limit", "0"], "trainer: --limit must be at least 1 (got 0)"),
    (["browse", "--offset", "-1"], "trainer: --offset must be 0 or more (got -1)"),
    (["browse", "is:sleepy"], 'trainer: unknown "is:sleepy"; use is:due'),
])
def test_browse_bad_input_is_one_line(tmp_path, decks_dir, args, line):
    out = trainer(tmp_path, decks_dir, *args)
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode().startswith(line) and out.stderr.count(b"\n") == 1


@pytest.mark.parametrize("command", [[], ["study"], ["quiz"], ["study", "mini"]])
@pytest.mark.parametrize("ends", ["pipes", "no input", "no output"])
def test_the_app_needs_a_terminal_and_says_so_in_one_line(tmp_path, decks_dir, command, ends):
    """stdin or stdout not a terminal: exit 2 at once, one line, nothing drawn, no file made
    (a deck name is checked first); never the app spinning on no input."""
    main, other = pty.openpty()  # a real terminal for the end that has one
    try:
        stdin = {"pipes": subprocess.PIPE, "no input": subprocess.DEVNULL, "no output": other}[ends]
        stdout = other if ends == "no input" else subprocess.PIPE
        out = trainer(tmp_path, decks_dir, *command, stdin=stdin, stdout=stdout)
    finally:
        os.close(main)
        os.close(other)
    name = " ".join(["trainer", *command[:1]])
    assert out.returncode == 2
    assert out.stderr.decode() == (f"trainer: '{name}' opens a full-screen app and needs a terminal "
                                   "for its input and output; 'trainer browse QUERY', 'trainer "
                                   "stats' and 'trainer decks' print instead\n")
    assert out.stdout in (None, b"")
    assert (tmp_path / "trainer.db").exists() == (command in (["quiz"], ["study", "mini"]))


def test_card_text_reaches_a_pipe_as_text(tmp_path, decks_dir, store):
    """Control characters stored in card text are shown as symbols in the table, escaped in
    JSON (which still gives the exact text back), and never written raw."""
    poison(store, "hcq-every-patient/qa", question=f"Q {MARKUP} {ESCAPES} end", topic="T\x1b[2Jx")
    out = trainer(tmp_path, decks_dir, "browse", "hcq-every-patient/qa")
    text = out.stdout.decode()
    assert out.returncode == 0 and not any(raw.encode() in out.stdout for raw in RAW_ESCAPES)
    assert "T␛[2Jx" in text and f"Q {MARKUP} ␛]0;PWNED␇ ␛]52;c;aGk=␇ ␛[31…" in text
    as_json = trainer(tmp_path, decks_dir, "browse", "hcq-every-patient/qa", "--json")
    assert not any(raw.encode() in as_json.stdout for raw in RAW_ESCAPES)
    assert b"\\u009b" in as_json.stdout and b"\\u001b" in as_json.stdout
    card = json.loads(as_json.stdout)["cards"][0]
    assert card["question"] == f"Q {MARKUP} {ESCAPES} end" and card["topic"] == "T\x1b[2Jx"
