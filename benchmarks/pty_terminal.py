"""A real pseudo-terminal for benchmarks: start a TUI, send keys, time until text is painted."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time

# CSI sequences, OSC/DCS strings, charset selections and the short escapes a TUI writes
ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]"
                  rb"|\x1b[\]P_^][^\x07\x1b]*(\x07|\x1b\\)"
                  rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class Terminal:
    """One process on a pty of the given size; `wait_for` reads its output until a text shows."""

    def __init__(self, argv: list[str], cols: int = 100, rows: int = 30, env=None):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols),
                    "LINES": str(rows), **(env or {})}
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                     env=full_env, start_new_session=True)
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        """Seconds (perf_counter) at which `text` first appears on screen, escape codes aside."""
        needle = text.encode()
        return self.wait_until(lambda shown: needle in shown, timeout)[0]

    def wait_until(self, test, timeout: float = 30.0):
        """(seconds, result) at the first chunk of output after which `test(text)` is truthy,
        where text is everything painted since the last match or key sent, escape codes aside.
        The time is when that chunk was read: the bytes that completed the picture."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                break
            now = time.perf_counter()
            self.seen = (self.seen + chunk)[-(1 << 16):]
            result = test(ANSI.sub(b"", self.seen))
            if result:
                self.seen = b""
                return now, result
        raise TimeoutError(f"{test!r} never held; last output: {ANSI.sub(b'', self.seen)[-400:]!r}")

    def send(self, keys: str) -> float:
        """Type keys; what was painted before them no longer counts for the next wait."""
        self.seen = b""
        t = time.perf_counter()
        os.write(self.master, keys.encode())
        return t

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        os.close(self.master)
