"""Grade -> next card at 100k cards / 1M reviews, against the insert+commit floor measured in the same run.

Run as `cd benchmarks && python bench_engine.py`; `--profile` prints cProfile's top lines for
both runs instead of the table, `--cache DIR` keeps the built collection in DIR for the
next run. Each answer is timed from the grade to holding the next card and the updated counts
(what the study screen needs to paint); the answer's previews are computed before, as the
reveal does. The floor is one INSERT + COMMIT per answer in a bare SQLite file with the store's
durability (WAL, synchronous FULL); it is timed answer by answer alternately with the engine,
so load from other processes hits both alike. Between answers the benchmark calls what the
interface calls once a card is painted (`Session.idle`, if the engine has one): work done
there is not on the answer path.
"""

from __future__ import annotations

import cProfile
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from common import ms, percentile, table
from synthetic import NOW, fill

from trainer.model import Rating
from trainer.store import Store
from trainer.store.schema import LATEST
from trainer.study import Session

CARDS, REVIEWS = 100_000, 1_000_000
DEFAULT_ANSWERS = 220  # a day at the default limits: 200 reviews, 20 new cards and their steps
HEAVY_ANSWERS = 1000  # at a 9999/day limit: enough answers for WAL checkpoints to show in p99
THINK = timedelta(seconds=6)  # the clock moves this much per answer: learning steps come due
MEDIAN_GOAL, P99_GOAL = 2.0, 3.0


class Floor:
    """A bare SQLite file with the store's durability: one INSERT + COMMIT per answer."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, card TEXT, rating INT, at INT)")
        self.i = 0

    def answer(self) -> float:
        self.i += 1
        t = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO t (card, rating, at) VALUES (?, 3, ?)", (f"c{self.i}", self.i))
        self.conn.execute("COMMIT")
        return time.perf_counter() - t


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def run(store: Store, floor: Floor, clock: Clock, answers: int,
        profile: cProfile.Profile | None = None, idle_calls: bool = True) -> tuple[list[float], list[float]]:
    """(engine, floor) seconds per answer, alternately timed."""
    session = Session.open(store, "bench", clock)
    assert session.settings.load_balance and session.settings.scheduler.fuzz, "not the defaults"
    idle = getattr(session, "idle", None) if idle_calls else None
    shown = session.next()
    engine, bare = [], []
    for _ in range(answers):
        assert shown is not None, "the benchmark ran out of cards"
        bare.append(floor.answer())
        clock.now += THINK
        labels = [shown.preview(r) for r in Rating]  # the reveal: the four previews on the buttons
        assert all(labels)
        if profile:
            profile.enable()
        t = time.perf_counter()
        graded = session.grade(shown, Rating.GOOD, 6000)
        session.counts()
        engine.append(time.perf_counter() - t)
        if profile:
            profile.disable()
        shown = graded.next
        if idle is not None:
            idle()  # the card is painted: the learner reads it
    return engine, bare


def row(label: str, engine: list[float], bare: list[float], goal: bool = True) -> list[str]:
    med = statistics.median(engine) / statistics.median(bare)
    p99 = percentile(engine, 99) / percentile(bare, 99)
    ok = "met" if med <= MEDIAN_GOAL and p99 <= P99_GOAL else "MISSED"
    return [label, ms(statistics.median(engine)), ms(percentile(engine, 99)),
            f"{med:.2f}x / {p99:.2f}x", f"<= {MEDIAN_GOAL:g}x / {P99_GOAL:g}x: {ok}" if goal else "(no goal)"]


def main() -> None:
    profiling = "--profile" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        cache = Path(sys.argv[sys.argv.index("--cache") + 1]) if "--cache" in sys.argv else None
        cached = cache / f"engine-{CARDS}-{REVIEWS}-v{LATEST}.db" if cache else None
        if cached and cached.exists():
            shutil.copy(cached, folder / "engine.db")
        else:
            store = Store.open(folder / "engine.db")
            fill(store, CARDS, REVIEWS)
            store.close()
            if cached:
                cache.mkdir(parents=True, exist_ok=True)
                shutil.copy(folder / "engine.db", cached)
        built = time.perf_counter() - t
        store = Store.open(folder / "engine.db")
        floor = Floor(folder / "floor.db")
        clock = Clock()
        profile = cProfile.Profile() if profiling else None
        default, default_floor = run(store, floor, clock, DEFAULT_ANSWERS, profile)
        store.settings.set("bench", "reviews_per_day", 9999)  # a heavy user's limit
        heavy, heavy_floor = run(store, floor, clock, HEAVY_ANSWERS, profile)
        # an interface that never calls Session.idle: checkpoints come from the bound alone
        lone, lone_floor = run(store, floor, clock, HEAVY_ANSWERS, idle_calls=False)
        store.close()
        floor.conn.close()
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
        return
    all_floor = default_floor + heavy_floor + lone_floor
    rows = [["insert+commit floor (bare SQLite, WAL, synchronous FULL)", ms(statistics.median(all_floor)),
             ms(percentile(all_floor, 99)), "1x", ""],
            row(f"grade -> next card, default limits ({DEFAULT_ANSWERS} answers)", default, default_floor),
            row(f"grade -> next card, 9999/day ({HEAVY_ANSWERS} answers)", heavy, heavy_floor),
            row("  same, no idle calls between answers", lone, lone_floor, goal=False)]
    title = (f"Study engine, {CARDS // 1000}k cards / {REVIEWS // 1000}k reviews, default settings: "
             f"fuzz and load balancing on (python {sys.version.split()[0]}; collection ready in "
             f"{built:.0f} s)")
    print(table(title, ["measure", "median", "p99", "ratio to floor (median / p99)", "goal"], rows))


if __name__ == "__main__":
    main()
