"""Ahead: a function run in a forked second process, one call at a time, while this one goes on."""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import IO, Any


class Ahead:
    """`work` done by a child process forked from this one: `start(*args)` hands it one call,
    `result()` waits for what it returned. The child holds a copy of everything this process
    held at the fork, so only the arguments and the results cross the pipes (pickled).

    Where no child can run (no fork on this system, threads running here, the child gone or
    failed) `result()` is None and the caller does the work itself: the child only ever saves
    time, and its failure is the caller's to meet again, in its own process, with its own
    traceback. The child touches no file or connection this process holds (fork copies them,
    and two processes in one SQLite connection corrupt its locks): whatever `work` needs from
    a database comes in its arguments."""

    def __init__(self, work: Callable[..., Any]):
        self.pid = 0
        self._send: IO[bytes] | None = None
        self._receive: IO[bytes] | None = None
        self._pending = False
        # a fork copies only the calling thread: another thread's locks would stay held forever
        # in the child (and Python warns of it); without fork (Windows) there is no child either
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own loop, and out without running this process's exit code
            os.close(from_parent)
            os.close(to_parent)
            _serve(work, os.fdopen(to_child, "rb"), os.fdopen(from_child, "wb"))
        os.close(to_child)
        os.close(from_child)
        self.pid = pid
        self._send = os.fdopen(from_parent, "wb")
        self._receive = os.fdopen(to_parent, "rb")

    def start(self, *args: Any) -> None:
        """Hand the child one call (after the result of the one before was taken)."""
        if self._send is None:
            return
        try:
            pickle.dump(args, self._send, pickle.HIGHEST_PROTOCOL)
            self._send.flush()
            self._pending = True
        except (OSError, pickle.PicklingError):
            self.close()  # the child is gone: the caller does the rest itself

    def result(self) -> Any:
        """What the call handed last returned, or None if the child could not give it."""
        if not self._pending or self._receive is None:
            return None
        self._pending = False
        try:
            done, value = pickle.load(self._receive)
        except (OSError, EOFError, pickle.UnpicklingError):
            done = False
        if not done:
            self.close()
            return None
        return value

    def close(self) -> None:
        """Stop the child and wait for it (no zombie is left behind)."""
        for pipe in (self._send, self._receive):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass
        self._send = self._receive = None
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)  # it may be in the middle of a call nobody waits for
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(work: Callable[..., Any], receive: IO[bytes], send: IO[bytes]) -> None:
    """The child's loop: each call's arguments in, (True, result) out, until the pipe closes.
    A failure sends (False, None); the parent then does the call itself and meets it there."""
    code = 0
    try:
        while True:
            try:
                args = pickle.load(receive)
            except EOFError:
                break
            try:
                value = (True, work(*args))
            except BaseException:  # the parent meets it again, in its own process
                value = (False, None)
                code = 1
            pickle.dump(value, send, pickle.HIGHEST_PROTOCOL)
            send.flush()
            if code:
                break
    except BaseException:  # the parent gone, or ctrl+c: nothing more to do here
        code = 1
    finally:
        os._exit(code)  # never this process's atexit, finalizers or buffered output
