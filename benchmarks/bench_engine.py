"""Study engine at scale: open + queue, grade -> next latency (10k/100k/1M), stats, sync, memory."""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from common import ms, percentile, table
from synthetic import NOW, fill, write_deck

from trainer.collection import sync_decks
from trainer.model import Rating
from trainer.schedule import seconds
from trainer.stats import basic
from trainer.store import Store
from trainer.study import Session

GRADES = 200  # a full day at the default limits (20 new, 200 reviews), plus learning steps


def clock():
    return NOW


def grade_latencies(store: Store, n: int = GRADES) -> list[float]:
    """Seconds from pressing a grade to holding the next card and the updated counts (what the
    study screen needs to paint): review written, next card picked, progress line counted."""
    session = Session(store, "bench", clock)
    shown, out = session.next(), []
    for _ in range(n):
        t = time.perf_counter()
        graded = session.grade(shown, Rating.GOOD, 1000)
        session.counts()
        out.append(time.perf_counter() - t)
        shown = graded.next
        assert shown is not None, "the benchmark ran out of cards"
    return out


def bare_insert_commit(folder: Path, n: int = GRADES) -> list[float]:
    """The floor: one INSERT + COMMIT per answer, same pragmas as the store."""
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, card TEXT, rating INT, at INT)")
    out = []
    for i in range(n):
        t = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (card, rating, at) VALUES (?, 3, ?)", (f"c{i}", i))
        conn.execute("COMMIT")
        out.append(time.perf_counter() - t)
    conn.close()
    return out


def collection(folder: Path, cards: int, reviews: int) -> Store:
    store = Store.open(folder / f"c{cards}.db")
    fill(store, cards, reviews)
    return store


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor = bare_insert_commit(folder)
        rows.append(["bare SQLite insert+commit (floor)", ms(statistics.median(floor)),
                     ms(percentile(floor, 99)), ""])
        for cards, reviews in ((10_000, 100_000), (100_000, 1_000_000), (1_000_000, 1_000_000)):
            build = collection(folder, cards, reviews)
            build.close()
            tracemalloc.start()
            t = time.perf_counter()
            store = Store.open(folder / f"c{cards}.db")
            session = Session(store, "bench", clock)
            counts, first = session.counts(), session.next()
            opened = time.perf_counter() - t
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert first is not None and counts.total > 0
            lat = grade_latencies(store)
            label = f"{cards // 1000}k cards, {reviews // 1000}k reviews"
            store.settings.set("bench", "reviews_per_day", 9999)  # a heavy user's limit
            heavy = grade_latencies(store)
            rows.append([f"open + today's queue ({label})", ms(opened), "", ""])
            rows.append([f"grade -> next card ({label})", ms(statistics.median(lat)),
                         ms(percentile(lat, 99)), "goal p99 <= 5 ms"])
            rows.append([f"  same, review limit 9999/day ({label})", ms(statistics.median(heavy)),
                         ms(percentile(heavy, 99)), "goal p99 <= 5 ms"])
            rows.append([f"peak Python memory, open + queue ({label})", f"{peak / 2**20:.1f} MiB",
                         "", "queue holds ids, not the collection"])
            if cards == 100_000:
                t = time.perf_counter()
                figures = basic(store, NOW)
                rows.append([f"stats ({label})", ms(time.perf_counter() - t), "", "goal <= 300 ms"])
                assert figures["reviews"] >= reviews
            store.close()
        deck_dir = folder / "decks"
        deck_dir.mkdir()
        write_deck(deck_dir / "bench.json", 100_000)
        store = Store.open(folder / "sync.db")
        t = time.perf_counter()
        sync_decks(store, deck_dir, seconds(NOW))
        rows.append(["first sync of a 100k-card deck", ms(time.perf_counter() - t), "", ""])
        t = time.perf_counter()
        [skipped] = sync_decks(store, deck_dir, seconds(NOW))
        rows.append(["sync, unchanged 100k-card deck file", ms(time.perf_counter() - t), "",
                     "goal <= 1000 ms"])
        store.db.conn.execute("UPDATE decks SET file_hash = 'x'")  # force a full compare
        t = time.perf_counter()
        [compared] = sync_decks(store, deck_dir, seconds(NOW))
        rows.append(["sync, 100k deck re-read, no card changed", ms(time.perf_counter() - t), "",
                     "goal <= 1000 ms"])
        assert skipped.skipped and not compared.changed
        store.close()
    print(table(f"Study engine (python {sys.version.split()[0]})", ["measure", "median", "p99", "goal"],
                rows))


if __name__ == "__main__":
    main()
