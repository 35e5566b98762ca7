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
from trainer.fileout import safe_output


def export(tmp_path, decks_dir, *args):
    return CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(decks_dir),
                                    "export", *args])


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path, decks_dir):
    real = tmp_path / "real.apkg"
    real.write_bytes(b"old")
    link = tmp_path / "link.apkg"
    link.symlink_to(real)
    assert export(tmp_path, decks_dir, "-o", str(link)).exit_code == 0
    assert link.is_symlink() and zipfile.is_zipfile(real)


def test_an_existing_file_keeps_its_permissions(tmp_path, decks_dir):
    out = tmp_path / "private.apkg"
    out.write_bytes(b"old")
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
