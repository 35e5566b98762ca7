"""Exports never destroy what is there: symlinks, FIFOs, permissions, folders, interruptions."""

from __future__ import annotations

import os
import stat
import threading
import zipfile

import pytest
from typer.testing import CliRunner

from trainer.cli import app
from trainer.errors import CannotWrite
from trainer.fileout import replaces, safe_output, starts_with, zip_holds


def export(tmp_path, decks_dir, *args):
    return CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(decks_dir),
                                    "export", *args])


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path, decks_dir):
    real = tmp_path / "real.apkg"
    assert export(tmp_path, decks_dir, "-o", str(real)).exit_code == 0  # an earlier export
    earlier = real.stat().st_ino
    link = tmp_path / "link.apkg"
    link.symlink_to(real)
    assert export(tmp_path, decks_dir, "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.stat().st_ino != earlier and zipfile.is_zipfile(real)


def test_an_existing_file_keeps_its_permissions(tmp_path, decks_dir):
    out = tmp_path / "private.apkg"
    assert export(tmp_path, decks_dir, "-o", str(out)).exit_code == 0  # an earlier export
    out.chmod(0o600)
    assert export(tmp_path, decks_dir, "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and zipfile.is_zipfile(out)


def test_a_fifo_is_written_into_and_never_replaced(tmp_path, decks_dir):
    fifo = tmp_path / "pipe.apkg"
    os.mkfifo(fifo)
    received = bytearray()
    reader = threading.Thread(target=lambda: received.extend(fifo.read_bytes()))
    reader.start()
    result = export(tmp_path, decks_dir, "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the FIFO
    assert received[:4] == b"PK\x03\x04"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_path_ending_in_a_slash_is_a_folder_and_a_missing_one_is_refused(tmp_path, decks_dir):
    missing = export(tmp_path, decks_dir, "-o", str(tmp_path / "out") + "/")
    assert missing.exit_code == 2 and "no such folder" in missing.output
    assert not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    assert export(tmp_path, decks_dir, "-o", str(tmp_path / "out") + "/").exit_code == 0
    assert (tmp_path / "out" / "mini.apkg").is_file()


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"the old export")
    with pytest.raises(KeyboardInterrupt), safe_output(out) as tmp:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt
    assert out.read_bytes() == b"the old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


def test_a_folder_or_a_socket_is_refused(tmp_path):
    import socket

    with pytest.raises(CannotWrite, match="is a folder"), safe_output(tmp_path):
        pass
    sock_path = tmp_path / "s"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        with pytest.raises(CannotWrite, match="not a regular file"), safe_output(sock_path):
            pass
    finally:
        sock.close()


def test_a_link_to_a_file_that_is_no_export_is_refused_and_the_file_kept(tmp_path, decks_dir):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    (tmp_path / "link.apkg").symlink_to(notes)
    result = export(tmp_path, decks_dir, "-o", str(tmp_path / "link.apkg"))
    assert result.exit_code == 2 and "--force" in result.output and notes.read_text() == "my notes"


def test_replaces_names_the_file_a_write_would_replace_and_never_a_stream(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    (tmp_path / "link").symlink_to(notes)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "pipe")
    assert replaces(notes) == notes and replaces(tmp_path / "link") == notes
    assert replaces(tmp_path / "new") is None and replaces(tmp_path / "dangling") is None
    assert replaces(tmp_path / "pipe") is None and replaces("/dev/null") is None


def test_what_a_file_holds_is_read_without_failing(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("collection.anki2", b"")
    (tmp_path / "text").write_text("#separator:tab\nrow\n")
    assert zip_holds(tmp_path / "a.zip", {"collection.anki2"})
    assert not zip_holds(tmp_path / "a.zip", {"collection.anki21b"})
    assert not zip_holds(tmp_path / "text", {"collection.anki2"})
    assert starts_with(tmp_path / "text", b"#separator:tab\n")
    assert not starts_with(tmp_path / "a.zip", b"#separator:tab\n")
    assert not starts_with(tmp_path / "missing", b"#") and not zip_holds(tmp_path, {"x"})


def test_an_export_to_dev_stdout_goes_down_a_pipe(tmp_path, decks_dir):
    import subprocess
    import sys

    # /dev/stdout links (through /proc) to the pipe itself, which has no file name
    out = subprocess.run([sys.executable, "-m", "trainer", "--db", str(tmp_path / "t.db"), "--decks",
                          str(decks_dir), "export", "--format", "csv", "-o", "/dev/stdout"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("#separator:tab\n") and "wrote /dev/stdout" in out.stderr


def test_a_reader_that_stops_early_ends_the_export_quietly(tmp_path):
    import subprocess
    import sys

    # the bundled deck's package (~200 kB) is more than a pipe holds: the writer sees the pipe close
    writer = subprocess.Popen([sys.executable, "-m", "trainer", "--db", str(tmp_path / "t.db"), "export",
                               "-o", "/dev/stdout"], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert writer.stdout.read(4) == b"PK\x03\x04"
    writer.stdout.close()
    assert writer.wait(timeout=120) in (0, 1) and writer.stderr.read() == b""  # no error, no traceback
    writer.stderr.close()
    assert not list(tmp_path.glob("*.tmp"))
