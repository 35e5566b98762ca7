"""Ahead: work done in a second process gives what the caller would have got, and its failure
leaves the caller to do the work itself, with no process left behind."""

from __future__ import annotations

import os
import threading

from trainer.forked import Ahead

CALLS: list[int] = []


def square_where(n: int) -> tuple[int, int]:
    CALLS.append(n)  # in the child's copy of this list, not the caller's
    return n * n, os.getpid()


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_each_call_runs_in_a_child_and_returns_its_result():
    CALLS.clear()
    with Ahead(square_where) as ahead:
        pid = ahead.pid
        results = []
        for n in (3, 4, 5):
            ahead.start(n)
            results.append(ahead.result())
    assert [r[0] for r in results] == [9, 16, 25]
    assert {r[1] for r in results} == {pid} and pid != os.getpid()
    assert CALLS == []  # the work touched the child's copy only
    assert reaped(pid)


def test_a_result_can_hand_over_the_next_call():
    with Ahead(square_where) as ahead:
        ahead.start(2)
        assert ahead.result(then=(3,))[0] == 4
        assert ahead.result(then=(4,))[0] == 9
        assert ahead.result()[0] == 16
        assert ahead.result() is None  # nothing handed over after the last


def test_a_result_not_asked_for_is_none():
    with Ahead(square_where) as ahead:
        assert ahead.result() is None


def test_a_failed_call_gives_none_and_the_child_is_gone():
    def fails(n: int) -> int:
        if n == 2:
            raise KeyboardInterrupt  # ctrl+c, or any bug: the caller meets it again itself
        return n

    with Ahead(fails) as ahead:
        pid = ahead.pid
        ahead.start(1)
        assert ahead.result() == 1
        ahead.start(2)
        assert ahead.result() is None
        assert reaped(pid)
        ahead.start(3)  # nothing runs any more: the caller does the work
        assert ahead.result() is None


def test_no_child_while_other_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with Ahead(square_where) as ahead:
            assert ahead.pid == 0
            ahead.start(3)
            assert ahead.result() is None
    finally:
        stop.set()
        thread.join()


def test_no_child_on_one_processor(monkeypatch):
    import trainer.forked as forked

    monkeypatch.setattr(forked, "processors", lambda: 1)
    with Ahead(square_where) as ahead:
        assert ahead.pid == 0
        ahead.start(3)
        assert ahead.result() is None


def test_a_child_left_in_the_middle_of_a_call_is_stopped():
    def slow(n: int) -> int:
        threading.Event().wait(30)
        return n

    ahead = Ahead(slow)
    pid = ahead.pid
    ahead.start(1)
    ahead.close()  # the caller failed meanwhile: nobody waits 30 s for the child
    assert reaped(pid)
