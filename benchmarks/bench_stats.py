"""Stats and browse at scale: every stats series at 1M reviews, and search keystrokes over 100k cards."""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import ms, percentile, table

from trainer.browse import Browser
from trainer.schedule import LEARNING, NEW, RELEARNING, REVIEW, seconds
from trainer.stats import report
from trainer.store import Store
from trainer.store.browse import Search

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CARDS, REVIEWS, ATTEMPTS, HISTORY_DAYS = 100_000, 1_000_000, 20_000, 730
ROLLOVER = 4 * 3600  # the default rollover hour; the benchmark's local zone is UTC

# what a user types, one keystroke at a time (a one-letter word waits for the next letter),
# then finished searches with filters and sorts
KEYSTROKES = ["b", "be", "bel", "beli", "belim", "belimu", "belimum", "belimuma", "belimumab",
              "l", "lu", "lup", "lupu", "lupus", "lupus ", "lupus n", "lupus ne", "lupus nep"]
SEARCHES = [("", "order"), ("is:due", "due"), ("is:leech", "lapses"), ("is:new", "order"),
            ("tag:biologics", "stability"), ("topic:nephritis is:review", "difficulty"),
            ("belimumab -is:suspended", "due"), ('"anti-dsDNA"', "order"),
            ("hydroxychloroquine tag:hcq", "due"), ("is:suspended", "order")]


def real_cards() -> list[dict]:
    """The shipped deck's cards: realistic text and sources to copy from."""
    deck = json.loads((ROOT / "decks" / "sle-review.json").read_text())
    return deck["cards"]


def fill(store: Store, rng: random.Random) -> None:
    """CARDS cards (copies of the real ones under fresh ids), their memory, REVIEWS reviews over
    HISTORY_DAYS days and ATTEMPTS quiz answers, all in one transaction."""
    now = seconds(NOW)
    models = real_cards()
    with store.db.write() as c:
        c.execute("INSERT INTO decks (id, name, tag, description, file_hash, synced_at) "
                  "VALUES ('bench', 'Bench deck', 'SLE', '', '', ?)", (now,))
        cards, memory = [], []
        for i in range(CARDS):
            d = dict(models[i % len(models)])
            d["claim"] = f"{d['claim']}-{i // len(models)}"
            d["id"] = f"{d['claim']}/{d['kind']}"
            cards.append((d["id"], "bench", d["claim"], d["kind"], d["topic"], i,
                          d["content_hash"], json.dumps(d), now, now, int(rng.random() < 0.02)))
            memory.append((d["id"], "bench", d["claim"], i, cards[-1][-1], *_memory(rng, now)))
        # staged, then copied in one statement: the search index's trigger then writes one
        # batch instead of flushing once per card
        c.execute("CREATE TEMP TABLE staged AS SELECT id, deck, claim, kind, topic, position, "
                  "content_hash, data, created_at, changed_at, retired FROM cards WHERE 0")
        c.executemany("INSERT INTO staged VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cards)
        c.execute("INSERT INTO cards (id, deck, claim, kind, topic, position, content_hash, data, "
                  "created_at, changed_at, retired) SELECT * FROM staged")
        c.execute("DROP TABLE staged")
        c.executemany("INSERT INTO memory (card, deck, claim, position, retired, state, step, "
                      "stability, difficulty, due, last_review, reps, lapses, suspended) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", memory)
        _reviews(c, rng, cards, now)
        _attempts(c, rng, cards, now)


def _memory(rng: random.Random, now: int) -> tuple:
    roll = rng.random()
    if roll < 0.3:
        return NEW, None, None, None, None, None, 0, 0, 0
    state = LEARNING if roll < 0.33 else RELEARNING if roll < 0.35 else REVIEW
    lapses = min(12, int(rng.expovariate(0.8)))
    return (state, 0 if state != REVIEW else None, rng.uniform(0.5, 300), rng.uniform(1, 10),
            now + rng.randint(-3 * 86400, 60 * 86400), now - rng.randint(1, 90) * 86400,
            rng.randint(1, 30), lapses, int(rng.random() < 0.03))


def _reviews(c, rng: random.Random, cards: list[tuple], now: int) -> None:
    """Reviews in the order they were made, as a real log grows (ids follow time)."""
    state = json.dumps({"state": 2, "step": None, "stability": 10.0, "difficulty": 5.0,
                        "due": now, "last_review": now - 86400, "reps": 3, "lapses": 0,
                        "suspended": False, "buried_until": None})
    times = sorted(now - rng.randint(0, HISTORY_DAYS * 86400) for _ in range(REVIEWS))
    for start in range(0, REVIEWS, 50_000):
        batch = []
        for at in times[start:start + 50_000]:
            card = cards[rng.randrange(len(cards))]
            batch.append((card[0], "bench", card[2], rng.choice((1, 2, 3, 3, 3, 3, 4)), at * 1000,
                          (at - ROLLOVER) // 86400, rng.randint(800, 20000),
                          rng.choice((0, 1, 2, 2, 2)), state, state))
        c.executemany("INSERT INTO reviews (card, deck, claim, rating, reviewed_at, day, "
                      "duration_ms, prev_state, state_before, state_after) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)


def _attempts(c, rng: random.Random, cards: list[tuple], now: int) -> None:
    rows = []
    for a in range(ATTEMPTS):
        card = cards[rng.randrange(len(cards))]
        rows.append((f"run-{a // 20}", card[2] + "/choice", card[2], "choice", card[4], "bench",
                     (now - rng.randint(0, 90 * 86400)) * 1000, "x", int(rng.random() < 0.75), 4000))
    c.executemany("INSERT INTO quiz_attempts (run, item, claim, kind, topic, deck, answered_at, "
                  "response, correct, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def browse_figures(store: Store) -> dict:
    """The browse rows: the index built for a new browse session, then KEYSTROKES typed in
    order (each narrows the last one's matches, as when typing), three sessions over; then
    SEARCHES, each run three times."""
    builds, typed, written = [], {q: [] for q in KEYSTROKES}, []
    for _ in range(3):
        store.search = Search(store.db)  # a new session: no index, nothing typed yet
        changes = store.db.conn.total_changes
        builds += timed(store.search.refresh, 1)
        written.append(store.db.conn.total_changes - changes)
        browser = Browser(store, lambda: NOW, UTC)
        for q in KEYSTROKES:
            typed[q] += timed(lambda q=q, b=browser: b.search(q), 1)
    finished = [s for q, sort in SEARCHES
                for s in timed(lambda q=q, sort=sort: browser.search(q, sort), 3)]
    matches = {q: browser.search(q).total for q in ("lupus", "lu", "is:due", "tag:biologics")}
    # a word's first two letters (one waits) are looked for in every card's text; each further
    # keystroke only in the cards the last one matched
    first = {q for q in typed if len(q.split()[-1]) == 2 and q.split()[-1] not in q[:-2]}
    scans = [s for q in first for s in typed[q]]
    rest = [s for q, ts in typed.items() if q not in first for s in ts]
    every = scans + rest
    row = lambda label, xs, goal: [label, ms(statistics.median(xs)), ms(percentile(xs, 95)),  # noqa: E731
                                   ms(max(xs)), goal]
    return {"matches": matches, "rows": [
        row(f"browse: build the search index (a new session), 3 runs; rows written {max(written)}",
            builds, "<= 2000 ms"),
        row(f"browse: every keystroke of {len(KEYSTROKES)}, typed 3 times", every, "<= 50 ms"),
        row(f"  a word's first 2 letters ({', '.join(sorted(first))}): every card read", scans,
            "<= 50 ms"),
        row("  the rest: within the last keystroke's matches, or waiting", rest, "<= 50 ms"),
        row(f"browse: filters and sorts, {len(SEARCHES)} searches, 3 runs", finished, "<= 100 ms"),
    ]}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        # building only: a throwaway file needs no journal or fsync, and a big cache keeps the
        # indexes in memory while a million rows go in
        for pragma in ("journal_mode = MEMORY", "synchronous = OFF", "cache_size = -1000000"):
            store.db.conn.execute(f"PRAGMA {pragma}")
        t = time.perf_counter()
        fill(store, random.Random(7))
        built = time.perf_counter() - t
        store.close()
        store = Store.open(Path(tmp) / "bench.db")  # a fresh connection, as when the app starts
        first = timed(lambda: report(store, NOW, UTC), 1)[0]
        stats = timed(lambda: report(store, NOW, UTC), 10)
        browse = browse_figures(store)
        store.close()
    label = f"{CARDS // 1000}k cards, {REVIEWS // 1000}k reviews"
    rows = [
        [f"build the collection ({label}, {ATTEMPTS // 1000}k quiz answers)", ms(built), "", "",
         ""],
        ["stats: every series, first call on a fresh connection", ms(first), "", "", "<= 500 ms"],
        ["stats: every series, 10 calls", ms(statistics.median(stats)), ms(percentile(stats, 95)),
         ms(max(stats)), "<= 500 ms"],
        *browse["rows"],
    ]
    print(table(f"Stats and browse (python {sys.version.split()[0]}, {label})",
                ["measure", "median", "p95", "max", "goal"], rows))
    print("cards matching: " + ", ".join(f"{q!r} {n}" for q, n in browse["matches"].items()))


if __name__ == "__main__":
    main()
