"""Scheduling: optimize on 100k reviews of 10k cards (core and `trainer optimize` on a real store),
simulate a year (core and `trainer simulate`), grading with load balancing."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_engine import bare_insert_commit
from common import median, ms, percentile, table, time_process
from synthetic import NOW, card_dict, write_deck

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the synthetic learner in tests/

from tests.learner import history
from trainer.balance import Balancer, count_due_days, parse_easy_days
from trainer.model import Rating
from trainer.optimize import Fitted, _fsrs_items, _prepared, fit
from trainer.schedule import REVIEW, Memory, SchedulerConfig, outcomes, review, seconds
from trainer.simulate import costs_from_reviews, simulate

NOW_DAY = 20_514  # 2026-03-02
DAY = 86400
CALLS = 5000


def us(seconds_: float) -> str:
    return f"{seconds_ * 1e6:.1f} µs"


def timed(fn, n: int) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - t)
    return out


def optimizer_rows() -> tuple[list[list], list]:
    t = time.perf_counter()
    log = history(cards=10_000, new_per_day=100, days=260, seed=1)
    made = time.perf_counter() - t
    log = sorted(log, key=lambda e: e.reviewed_at_ms)[:100_000]  # the first 100k answers
    cards = len({e.card for e in log})
    t = time.perf_counter()
    _fsrs_items(_prepared(log)[0])
    prepare = time.perf_counter() - t
    t = time.perf_counter()
    result = fit(log)
    whole = time.perf_counter() - t
    assert isinstance(result, Fitted), result
    rows = [
        [f"synthetic log: {len(log):,} reviews of {cards:,} cards (not timed below)", ms(made), ""],
        ["optimize: log -> training items", ms(prepare), f"{result.items:,} items"],
        ["optimize: fit + time-series evaluation (5 splits) + in-sample", ms(whole),
         f"log loss {result.before.log_loss:.4f} -> {result.after.log_loss:.4f}, "
         f"RMSE {result.before.rmse_bins:.4f} -> {result.after.rmse_bins:.4f}"],
    ]
    return rows, log


def simulator_rows(log: list) -> list[list]:
    costs = costs_from_reviews(log)
    t = time.perf_counter()
    costs_from_reviews(log)
    cost_time = time.perf_counter() - t
    w = tuple(__import__("fsrs_rs_python").DEFAULT_PARAMETERS)
    t = time.perf_counter()
    year = simulate(w, deck_size=10_000, days=365, new_per_day=20, costs=costs)
    took = time.perf_counter() - t
    detail = ", ".join(f"{x.retention:.2f}: {x.reviews_per_day:.0f}/day {x.minutes_per_day:.0f} min"
                       for x in year)
    return [["simulate: learner's costs from the log", ms(cost_time), f"{len(log):,} reviews"],
            ["simulate: 10k cards, 365 days, 4 retentions", ms(took), detail]]


def real_store_rows(log: list) -> list[list]:
    """The same 100k answers merged into a real store on a 10k-card deck (as `trainer
    import-reviews` merges Anki's), then `trainer optimize` and `trainer simulate` end to end:
    in process (the service), and as the command a user runs (a fresh process: start-up, deck
    check, the log query, the fit or the simulation, the output)."""
    from collections import defaultdict

    from trainer.collection import sync_decks
    from trainer.days import Calendar
    from trainer.importing import replay
    from trainer.scheduling import optimize, workload
    from trainer.store import Store
    from trainer.store.reviews import Answer

    rows: list[list] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        decks = folder / "decks"
        decks.mkdir()
        write_deck(decks / "bench.json", 10_000)
        store = Store.open(folder / "trainer.db")
        sync_decks(store, decks, seconds(NOW))
        ids = [card_dict(i)["id"] for i in range(10_000)]
        incoming: dict[str, list] = defaultdict(list)
        for n, e in enumerate(log):
            incoming[ids[e.card]].append(Answer(0, e.rating, e.reviewed_at_ms, e.duration_ms,
                                                "review", n + 1))
        cal, config = Calendar(4, __import__("datetime").UTC), SchedulerConfig(fuzz=False)
        t = time.perf_counter()
        cards = sorted(incoming)
        for start in range(0, len(cards), 200):
            store.merge.card_batch({c: incoming[c] for c in cards[start:start + 200]}, cal.day_of,
                                   lambda _c, answers: replay(answers, config, cal))
        merged = time.perf_counter() - t
        rows.append([f"set-up: {store.reviews.count():,} answers merged into the store "
                     "(not timed below)", ms(merged), ""])
        t = time.perf_counter()
        events = store.history.events()
        query = time.perf_counter() - t
        rows.append(["store.history.events(): the log for the optimizer", ms(query),
                     f"{len(events):,} events"])
        t = time.perf_counter()
        result = optimize(store, None)
        fitted = time.perf_counter() - t
        assert result.fitted is not None, result.outcome
        rows.append(["optimize(store) in process: query + fit + evaluation", ms(fitted),
                     f"log loss {result.fitted.before.log_loss:.4f} -> "
                     f"{result.fitted.after.log_loss:.4f}"])
        t = time.perf_counter()
        year = workload(store, "bench", 365)
        simulated = time.perf_counter() - t
        rows.append(["workload(store, deck, 365 days) in process, 4 retentions", ms(simulated),
                     f"{year.cards:,} cards, costs from {year.answers:,} answers"])
        store.close()
        base = [sys.executable, "-m", "trainer", "--db", str(folder / "trainer.db"), "--decks",
                str(decks)]
        time_process([*base, "decks"])  # warm the page cache; the deck file is synced already
        runs = [time_process([*base, "optimize", "--json"]) for _ in range(3)]
        rows.append(["trainer optimize --json (fresh process, median of 3)", ms(median(runs)),
                     f"min {ms(min(runs))}"])
        runs = [time_process([*base, "simulate", "bench", "--days", "365"]) for _ in range(3)]
        rows.append(["trainer simulate bench --days 365 (fresh process, median of 3)",
                     ms(median(runs)), f"min {ms(min(runs))}"])
    return rows


def grading_rows() -> list[list]:
    rng = random.Random(3)
    now = seconds(__import__("datetime").datetime(2026, 3, 2, 10, tzinfo=__import__("datetime").UTC))
    today_start = now - 6 * 3600
    dues = [today_start + rng.randrange(0, 200) * DAY + rng.randrange(DAY) for _ in range(100_000)]
    t = time.perf_counter()
    counts = count_due_days(dues, NOW_DAY, today_start)
    count_time = time.perf_counter() - t
    cards = []
    for _ in range(CALLS):
        s = rng.uniform(2, 60)
        cards.append(Memory(state=REVIEW, stability=s, difficulty=rng.uniform(3, 8), due=now,
                            last_review=now - round(s) * DAY, reps=5))
    moment = __import__("trainer.schedule", fromlist=["utc"]).utc(now)
    fuzzy, exact = SchedulerConfig(fuzz=True), SchedulerConfig(fuzz=False)
    balancer = Balancer(counts, NOW_DAY, parse_easy_days("sat=50% sun=0%"))
    review(cards[0], Rating.GOOD, moment, fuzzy)  # warm the scheduler cache
    review(cards[0], Rating.GOOD, moment, fuzzy, balancer)
    plain = timed(lambda i: review(cards[i], Rating.GOOD, moment, fuzzy), CALLS)
    unfuzzed = timed(lambda i: review(cards[i], Rating.GOOD, moment, exact), CALLS)
    balanced = timed(lambda i: review(cards[i], Rating.GOOD, moment, fuzzy, balancer), CALLS)
    pick = timed(lambda i: balancer.pick(5 + i % 200), CALLS)
    four_plain = timed(lambda i: outcomes(cards[i], moment, fuzzy), CALLS)
    four_balanced = timed(lambda i: outcomes(cards[i], moment, fuzzy, balancer), CALLS)
    with tempfile.TemporaryDirectory() as tmp:
        floor = bare_insert_commit(Path(tmp))

    def row(name, xs):
        return [name, us(statistics.median(xs)), f"p99 {us(percentile(xs, 99))}"]

    return [
        ["due counts per day from 100k due times (once per session)", ms(count_time),
         f"{len(counts)} days"],
        row("review(): fsrs fuzz (random)", plain),
        row("review(): fuzz off", unfuzzed),
        row("review(): load balanced + easy days, 100k cards", balanced),
        row("Balancer.pick() alone (intervals 5-204 days)", pick),
        row("outcomes() (four previews): fsrs fuzz", four_plain),
        row("outcomes() (four previews): load balanced", four_balanced),
        ["floor: bare SQLite insert+commit (synchronous=FULL)", ms(statistics.median(floor)),
         f"p99 {ms(percentile(floor, 99))}"],
    ]


def main() -> None:
    rows, log = optimizer_rows()
    rows += simulator_rows(log)
    rows += real_store_rows(log)
    rows += grading_rows()
    print(table("Scheduling core (median unless noted)", ["what", "time", "detail"], rows))


if __name__ == "__main__":
    main()
