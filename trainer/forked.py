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

    Where no child can run (no fork on this system, one processor, threads running here, the
    child gone or failed) `result()` is None and the caller does the work itself: the child
    only ever saves time, and its failure is the caller's to meet again, in its own process,
    with its own traceback. The child touches no file or connection this process holds (fork
    copies them, and two processes in one SQLite connection corrupt its locks): whatever
    `work` needs from a database comes in its arguments."""

    def __init__(self, work: Callable[..., Any]):
        self.pid = 0
        self._send: IO[bytes] | None = None
        self._receive: IO[bytes] | None = None
        self._pending = False
        # a fork copies only the calling thread: another thread's locks would stay held forever
        # in the child (and Python warns of it); without fork (Windows) there is no child
        # either, nor with one processor to run it on (the two would only take turns)
        if not hasattr(os, "fork") or threading.active_count() > 1 or processors() < 2:
            return
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own loop, and out without running this process's exit code
            os.close(parent_writes)  # (so that it sees the end of the pipe when the parent goes)
            os.close(parent_reads)
            _serve(work, os.fdopen(child_reads, "rb"), os.fdopen(child_writes, "wb"))
        os.close(child_reads)
        os.close(child_writes)
        self.pid = pid
        self._send = os.fdopen(parent_writes, "wb")
        self._receive = os.fdopen(parent_reads, "rb")

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

    def result(self, then: tuple[Any, ...] | None = None) -> Any:
        """What the call handed last returned, or None if the child could not give it. `then`:
        the next call's arguments, handed over as soon as this result's bytes are in (before
        they are unpickled), so the child goes on at once."""
        if not self._pending or self._receive is None:
            return None
        self._pending = False
        try:
            size = int.from_bytes(_read(self._receive, 8), "little")
            data = _read(self._receive, size) if size else b""
        except (OSError, EOFError):
            data = b""
        if not data:  # the child failed (or is gone): the caller does this call, and the rest
            self.close()
            return None
        if then is not None:
            self.start(*then)
        return pickle.loads(data)

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


def processors() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _read(pipe: IO[bytes], size: int) -> bytes:
    data = pipe.read(size)
    if len(data) != size:
        raise EOFError("the child's pipe closed")
    return data


def _serve(work: Callable[..., Any], receive: IO[bytes], send: IO[bytes]) -> None:
    """The child's loop: each call's arguments in, its pickled result out (its size first),
    until the pipe closes. A failure sends size 0: the parent then does the call itself and
    meets the failure there."""
    code = 0
    try:
        while True:
            try:
                args = pickle.load(receive)
            except EOFError:
                break
            try:
                data = pickle.dumps(work(*args), pickle.HIGHEST_PROTOCOL)
            except BaseException:  # the parent meets it again, in its own process
                data, code = b"", 1
            send.write(len(data).to_bytes(8, "little"))
            send.write(data)
            send.flush()
            if code:
                break
    except BaseException:  # the parent gone, or ctrl+c: nothing more to do here
        code = 1
    finally:
        os._exit(code)  # never this process's atexit, finalizers or buffered output
