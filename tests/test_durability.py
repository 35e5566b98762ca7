"""Nothing answered is ever lost: a killed process, and two processes grading at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def grader(db, decks, count, *extra):
    return subprocess.Popen([sys.executable, "-m", "tests.grader", str(db), str(decks),
                             str(count), *extra], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def check(db):
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT id FROM reviews")}
    finally:
        conn.close()


def test_sigkill_after_n_grades_loses_nothing(tmp_path, decks_dir):
    db = tmp_path / "t.db"
    proc = grader(db, decks_dir, 25, "hold")
    lines = []
    for line in proc.stdout:
        if line.strip() == "done":
            break
        lines.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    printed = {int(x) for x in lines[1:]}
    assert len(printed) == 25 and check(db) == printed


def test_sigkill_mid_stream_keeps_every_committed_review(tmp_path, decks_dir):
    db = tmp_path / "t.db"
    proc = grader(db, decks_dir, 100000)
    assert proc.stdout.readline().strip() == "ready"
    printed = {int(proc.stdout.readline()) for _ in range(40)}
    os.kill(proc.pid, signal.SIGKILL)  # somewhere in the middle of further grades
    proc.wait()
    kept = check(db)
    assert printed <= kept  # every review reported as written is there


def test_two_processes_grading_at_once(tmp_path, decks_dir):
    db = tmp_path / "t.db"
    first = grader(db, decks_dir, 0)  # create and sync the database once
    first.communicate(timeout=60)
    procs = [grader(db, decks_dir, 150) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
    ids = [int(x) for out, _ in outputs for x in out.split()[1:]]
    assert len(ids) == 300 and check(db) == set(ids)
