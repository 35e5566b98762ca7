"""Pilot tests of the stats screen's workload view (w): the simulator's figures per retention."""

from __future__ import annotations

import threading

import pytest

from tests.apps import trainer_app
from tests.test_stats import history, today_of
from tests.tui.conftest import text_of
from trainer.figures import workload_rows
from trainer.scheduling import workload
from trainer.tui.screens.stats import WORKLOAD_DAYS, StatsScreen, stats_screen


@pytest.fixture
def stats_app(store, clock, decks_dir):
    history(store, today_of(clock))
    return trainer_app(store, clock, decks_dir, start=stats_screen)


def watch(screen) -> list[str]:
    """Record the thread each simulation runs on."""
    threads: list[str] = []
    simulate = screen.simulate

    def recorded():
        threads.append(threading.current_thread().name)
        return simulate()
    screen.simulate = recorded
    return threads


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#workload-table")
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_w_shows_the_workload_per_retention_computed_in_a_worker(stats_app, store):
    async with stats_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(stats_app.screen, StatsScreen)
        section = stats_app.screen.query_one("#workload")
        assert not section.display  # nothing is simulated until asked
        threads = watch(stats_app.screen)
        await pilot.press("w")
        assert section.display
        await stats_app.workers.wait_for_complete()
        await pilot.pause()
        assert len(threads) == 1 and threads[0] != threading.main_thread().name
        expected = workload(store, None, WORKLOAD_DAYS)
        assert rows(stats_app) == [list(r) for r in workload_rows(expected)]
        assert [r[0] for r in rows(stats_app)] == ["80%", "85%", "90%", "95%"]
        assert [r[4] for r in rows(stats_app)] == ["", "", "◀ in use", ""]
        assert text_of(stats_app, "#workload-heading") == \
            "Workload by desired retention · every deck · next 365 days"
        basis = text_of(stats_app, "#workload-basis")
        assert "27 cards in play, 20 new a day" in basis
        assert "your answer times from 64 answers" in basis
        chart = text_of(stats_app, "#workload-chart").splitlines()
        assert chart[0] == "Minutes a day" and len(chart) == 5
        widest = max(expected.workloads, key=lambda x: x.minutes_per_day)
        assert chart[1 + expected.workloads.index(widest)].split()[1] == "█" * 30


async def test_w_again_hides_it_and_a_third_time_shows_it_without_simulating_again(stats_app):
    async with stats_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        threads = watch(stats_app.screen)
        await pilot.press("w")
        await stats_app.workers.wait_for_complete()
        await pilot.pause()
        first = rows(stats_app)
        await pilot.press("w")
        assert not stats_app.screen.query_one("#workload").display
        await pilot.press("w")
        await pilot.pause()
        assert stats_app.screen.query_one("#workload").display
        assert len(threads) == 1 and rows(stats_app) == first


async def test_a_failing_simulation_is_told_in_the_heading(stats_app):
    from trainer.errors import BadInput

    def broken():
        raise BadInput("the simulator cannot run [now]")

    async with stats_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        stats_app.screen.simulate = broken
        await pilot.press("w")
        await stats_app.workers.wait_for_complete()
        await pilot.pause()
        assert text_of(stats_app, "#workload-heading") == \
            "Workload · cannot simulate: the simulator cannot run [now]"
