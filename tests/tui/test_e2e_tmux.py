"""End to end in a real terminal: `trainer study` in tmux, grade, quit, then read the database."""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-t", session, "-p")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@pytest.fixture
def session_name():
    if not shutil.which("tmux"):
        pytest.fail("tmux is required for the end-to-end test (.ci/run installs it)")
    name = f"trainer-e2e-{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_study_in_tmux_grades_and_quits(tmp_path, decks_dir, session_name):
    db = tmp_path / "e2e.db"
    command = shlex.join([sys.executable, "-m", "trainer", "--db", str(db), "--decks",
                          str(decks_dir), "study"])
    tmux("new-session", "-d", "-s", session_name, "-x", "80", "-y", "24",
         f"{command}; echo TRAINER-EXIT=$?; sleep 30")
    wait_for(session_name, "Which antimalarial drug")
    tmux("send-keys", "-t", session_name, "Space")
    wait_for(session_name, "3 Good · 10m")
    tmux("send-keys", "-t", session_name, "3")
    wait_for(session_name, "preeclampsia")
    tmux("send-keys", "-t", session_name, "Space")
    wait_for(session_name, "1 Again")
    tmux("send-keys", "-t", session_name, "1")
    wait_for(session_name, "done 2")
    tmux("send-keys", "-t", session_name, "Escape")
    wait_for(session_name, "Cards reviewed   2")
    tmux("send-keys", "-t", session_name, "Enter")
    wait_for(session_name, "SLE mini")
    tmux("send-keys", "-t", session_name, "q")
    wait_for(session_name, "TRAINER-EXIT=0")
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT card, rating FROM reviews ORDER BY id").fetchall()
    conn.close()
    assert rows == [("hcq-every-patient/qa", 3), ("hcq-preeclampsia/qa", 1)]
