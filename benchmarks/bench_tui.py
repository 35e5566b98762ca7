"""The study TUI in a real pseudo-terminal: start -> first card painted, key press -> next card."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from common import median, ms, percentile, table
from pty_terminal import Terminal
from synthetic import fill

from trainer.store import Store

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = '''
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("Bare app painted")


Bare().run()
'''
FLOOR_APP = '''
from textual.app import App
from textual.widgets import Static


class Floor(App):
    n = 0

    def compose(self):
        yield Static("count 0 ")

    def on_key(self, event):
        self.n += 1
        self.query_one(Static).update(f"count {self.n} ")


Floor().run()
'''
RUNS = 11
PRESSES = 100


def first_paint(argv: list[str], text: str) -> float:
    term = Terminal(argv)
    try:
        return term.wait_for(text) - term.started
    finally:
        term.close()


def startup(tmp: Path) -> list[list]:
    """Alternate our `trainer study` and the bare app, so machine load hits both alike."""
    bare = tmp / "bare.py"
    bare.write_text(BARE_APP)
    db = tmp / "start.db"
    ours = [sys.executable, "-m", "trainer", "--db", str(db), "--decks", str(ROOT / "decks"), "study"]
    first_paint(ours, "Show answer")  # first run creates and syncs the database
    t_ours, t_bare, ratios = [], [], []
    for _ in range(RUNS):
        a = first_paint(ours, "Show answer")
        b = first_paint([sys.executable, str(bare)], "Bare app painted")
        t_ours.append(a), t_bare.append(b), ratios.append(a / b)
    return [
        ["trainer study: start -> first card painted", ms(median(t_ours)), ms(min(t_ours)), ""],
        ["bare Textual app: start -> one Static (baseline)", ms(median(t_bare)), ms(min(t_bare)), ""],
        ["ratio, median of paired runs", f"{median(ratios):.2f}x", "", "goal <= 1.5x"],
    ]


def key_to_next_card(tmp: Path) -> list[list]:
    """Press 3 (Good) on a revealed card; time until the next card's progress line is painted."""
    store = Store.open(tmp / "big.db")
    fill(store, 100_000, 1_000_000)
    store.close()
    empty = tmp / "no-decks"
    empty.mkdir()
    term = Terminal([sys.executable, "-m", "trainer", "--db", str(tmp / "big.db"), "--decks",
                     str(empty), "study", "bench"], cols=100, rows=30)
    latencies = []
    try:
        term.wait_for("Show answer")
        for n in range(1, PRESSES + 1):
            term.send(" ")
            term.wait_for("Again")
            sent = term.send("3")
            latencies.append(term.wait_for(f"done {n} ") - sent)
    finally:
        term.close()
    return [["key 3 -> next card painted (100k cards, 1M reviews)", ms(statistics.median(latencies)),
             ms(percentile(latencies, 99)), "goal p99 <= 16 ms"]]


def key_floor(tmp: Path) -> list[list]:
    """The same measure on a bare Textual app that repaints one Static per key: the floor."""
    app = tmp / "floor.py"
    app.write_text(FLOOR_APP)
    term = Terminal([sys.executable, str(app)])
    latencies = []
    try:
        term.wait_for("count 0 ")
        for n in range(1, PRESSES + 1):
            sent = term.send("x")
            latencies.append(term.wait_for(f"count {n} ") - sent)
    finally:
        term.close()
    return [["bare Textual app: key -> one Static repainted (floor)",
             ms(statistics.median(latencies)), ms(percentile(latencies, 99)), ""]]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = startup(Path(tmp)) + key_to_next_card(Path(tmp)) + key_floor(Path(tmp))
    print(table("Study TUI in a pseudo-terminal (100x30)", ["measure", "median", "min / p99", "goal"],
                rows))


if __name__ == "__main__":
    main()
