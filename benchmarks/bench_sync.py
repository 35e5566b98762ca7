"""Deck sync at scale against a bare-SQLite floor measured in the same run (issue goals:
first sync <= 1.5x the floor, re-sync after one card changed <= 0.5x, 200k-card first sync
peak memory < 300 MB).

The floor parses the same deck file with json and inserts the same rows (cards and memory)
in one transaction, with the store's pragmas: what any loader must at least do. Each figure is
a fresh process (so peak memory is the process's own), median of --runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import table
from synthetic import NOW, write_deck

from trainer.decklines import dump

ROOT = Path(__file__).resolve().parent.parent


def floor(deck_file: Path, db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE cards (id TEXT PRIMARY KEY, deck TEXT, claim TEXT, kind TEXT, topic TEXT, "
                 "position INT, content_hash TEXT, data TEXT, created_at INT, changed_at INT)")
    conn.execute("CREATE TABLE memory (card TEXT PRIMARY KEY, deck TEXT, claim TEXT, position INT, "
                 "priority TEXT)")
    deck = json.loads(deck_file.read_text(encoding="utf-8"))
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO cards VALUES (?, 'bench', ?, ?, ?, ?, ?, ?, 0, ?)",
                     [(c["id"], c["claim"], c["kind"], c["topic"], i, c["content_hash"],
                       json.dumps(c, sort_keys=True, ensure_ascii=False), c["changed_at"])
                      for i, c in enumerate(deck["cards"])])
    conn.executemany("INSERT INTO memory VALUES (?, 'bench', ?, ?, 'core')",
                     [(c["id"], c["claim"], i) for i, c in enumerate(deck["cards"])])
    conn.execute("COMMIT")
    conn.close()


def child(kind: str, deck_dir: Path, db: Path) -> None:
    """Run one measurement in this (fresh) process; print seconds and peak RSS in MB."""
    sys.path.insert(0, str(ROOT))
    from trainer.collection import sync_decks
    from trainer.schedule import seconds
    from trainer.store import Store

    start = time.perf_counter()
    if kind == "floor":
        floor(deck_dir / "bench.json", db)
    else:
        store = Store.open(db)
        sync_decks(store, deck_dir, seconds(NOW))
        store.close()
    spent = time.perf_counter() - start
    print(json.dumps({"seconds": spent, "peak_mb": peak_mb()}))


def peak_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries that over
    exec from the parent, which held the deck file it wrote."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, deck_dir: Path, db: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(deck_dir), str(db)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def change_one_card(deck_file: Path) -> None:
    deck = json.loads(deck_file.read_text())
    deck["cards"][len(deck["cards"]) // 2]["answer"] += " (reworded)"
    deck["cards"][len(deck["cards"]) // 2]["content_hash"] = "changed0000000001"
    deck_file.write_text(dump(deck), encoding="utf-8")  # as `trainer generate` writes it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=200_000, help="cards of the peak-memory run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        work = Path(tmp)
        decks = work / "decks"
        decks.mkdir()
        write_deck(decks / "bench.json", args.cards)
        floors, firsts, resyncs = [], [], []
        for run in range(args.runs):
            floors.append(measure("floor", decks, work / f"floor{run}.db")["seconds"])
            db = work / f"sync{run}.db"
            firsts.append(measure("sync", decks, db)["seconds"])
            write_deck(decks / "bench.json", args.cards)
            change_one_card(decks / "bench.json")
            resyncs.append(measure("sync", decks, db)["seconds"])
            write_deck(decks / "bench.json", args.cards)
        f = statistics.median(floors)
        n = f"{args.cards // 1000}k"
        rows.append([f"bare SQLite floor: parse + insert {n} cards", f"{f:.2f} s", "1.00x", ""])
        first = statistics.median(firsts)
        rows.append([f"first sync of a {n}-card deck", f"{first:.2f} s", f"{first / f:.2f}x", "<= 1.5x"])
        again = statistics.median(resyncs)
        rows.append(["re-sync after one card changed", f"{again:.2f} s", f"{again / f:.2f}x", "<= 0.5x"])
        big = work / "big"
        big.mkdir()
        write_deck(big / "bench.json", args.big)
        peak = measure("sync", big, work / "big.db")
        rows.append([f"peak memory, first sync of {args.big // 1000}k cards", f"{peak['peak_mb']:.0f} MB",
                     "", "< 300 MB"])
    print(table(f"Deck sync (median of {args.runs} runs, each a fresh process; ratio to the floor "
                "of the same run)", ["measure", "time", "ratio", "goal"], rows))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
