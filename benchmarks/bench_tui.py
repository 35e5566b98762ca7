"""The study TUI in a real pseudo-terminal against a bare Textual app: start -> first card painted,
key 3 -> next card painted (bundled deck and 100k cards), each as a ratio measured in the same run."""

from __future__ import annotations

import compileall
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from common import median, ms, percentile, table
from pty_terminal import Terminal
from synthetic import fill

from trainer.store import Store

ROOT = Path(__file__).resolve().parent.parent
COLS, ROWS = 100, 30
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
START_RUNS = 11
ROUNDS = 8  # key rounds: floor, bundled deck, 100k cards in turn, so machine load hits all alike
FLOOR_PRESSES = 25  # per round
BUNDLED_PRESSES = 15  # per round, each on a fresh copy of the database (a day has 20 new cards)
BIG_PRESSES = 25  # per round
PREFIX = 40  # characters of a question that fit on its first line at 100 columns
SYNTHETIC_QUESTION = re.compile(rb"Which drug number \d+ does")


class Questions:
    """Finds which card's question is painted: the bundled deck's questions by their first
    characters (unique in the deck), the synthetic deck's by their number."""

    def __init__(self, deck_file: Path | None):
        self.prefixes = []
        if deck_file is not None:
            cards = json.loads(deck_file.read_text(encoding="utf-8"))["cards"]
            self.prefixes = [c["question"][:PREFIX].encode() for c in cards]
            assert len(set(self.prefixes)) == len(self.prefixes), "question prefixes are not unique"

    def painted(self, text: bytes) -> set[bytes]:
        if self.prefixes:
            return {p for p in self.prefixes if p in text}
        return set(SYNTHETIC_QUESTION.findall(text))

    def card_ready(self, other_than: bytes | None):
        """A test for Terminal.wait_until: a question other than `other_than` is painted with
        the "Show answer" key under it: the next card as the user sees it."""

        def test(text: bytes) -> bytes | None:
            if b"Show answer" not in text:
                return None
            fresh = self.painted(text) - {other_than}
            return next(iter(fresh), None)

        return test


def trainer_argv(db: Path, decks: Path, *deck: str) -> list[str]:
    return [sys.executable, "-m", "trainer", "--db", str(db), "--decks", str(decks), "study", *deck]


def startup(tmp: Path, bundled_db: Path, questions: Questions) -> tuple[list[list], list[str]]:
    """Alternate `trainer study` and the bare app, so machine load hits both alike."""
    bare = tmp / "bare.py"
    bare.write_text(BARE_APP)
    ours = trainer_argv(bundled_db, ROOT / "decks")
    t_ours, t_bare, ratios = [], [], []
    for _ in range(START_RUNS):
        term = Terminal(ours, COLS, ROWS)
        try:
            a = term.wait_until(questions.card_ready(None))[0] - term.started
        finally:
            term.close()
        term = Terminal([sys.executable, str(bare)], COLS, ROWS)
        try:
            b = term.wait_for("Bare app painted") - term.started
        finally:
            term.close()
        t_ours.append(a), t_bare.append(b), ratios.append(a / b)
    ratio = median(ratios)
    rows = [
        ["bare Textual app: start -> one Static painted", ms(median(t_bare)), f"min {ms(min(t_bare))}",
         "", ""],
        ["trainer study: start -> first card painted", ms(median(t_ours)), f"min {ms(min(t_ours))}",
         f"{ratio:.2f}x (median of paired runs)", verdict(ratio <= 1.3, "<= 1.3x")],
    ]
    return rows, [f"start {ratio:.2f}x"]


def verdict(met: bool, goal: str) -> str:
    return f"{goal} {'met' if met else 'MISSED'}"


def floor_round(app: Path) -> list[float]:
    term = Terminal([sys.executable, str(app)], COLS, ROWS)
    latencies = []
    try:
        term.wait_for("count 0 ")
        for n in range(1, FLOOR_PRESSES + 1):
            sent = term.send("x")
            latencies.append(term.wait_for(f"count {n} ") - sent)
    finally:
        term.close()
    return latencies


def study_round(argv: list[str], questions: Questions, presses: int) -> list[float]:
    """Reveal (space), then 3 (Good): time from the 3 to the next card's question painted."""
    term = Terminal(argv, COLS, ROWS)
    latencies = []
    try:
        _, current = term.wait_until(questions.card_ready(None))
        for _ in range(presses):
            term.send(" ")
            term.wait_for("Again")
            sent = term.send("3")
            painted, current = term.wait_until(questions.card_ready(current))
            latencies.append(painted - sent)
    finally:
        term.close()
    return latencies


def keys(tmp: Path, bundled_db: Path, bundled: Questions) -> tuple[list[list], list[str]]:
    big = tmp / "big.db"
    store = Store.open(big)
    fill(store, 100_000, 1_000_000)
    store.close()
    # the bundled deck folder beside the synthetic deck (an empty folder is refused): the first
    # run syncs it into big.db once, here, so every round opens an already synced database
    big_argv = trainer_argv(big, ROOT / "decks", "bench")
    term = Terminal(big_argv, COLS, ROWS)
    try:
        term.wait_until(Questions(None).card_ready(None), timeout=120)
    finally:
        term.close()
    floor_app = tmp / "floor.py"
    floor_app.write_text(FLOOR_APP)
    synthetic = Questions(None)
    floor, small, large = [], [], []
    for r in range(ROUNDS):
        floor += floor_round(floor_app)
        copy = tmp / f"round-{r}.db"
        shutil.copy(bundled_db, copy)
        small += study_round(trainer_argv(copy, ROOT / "decks"), bundled, BUNDLED_PRESSES)
        large += study_round(big_argv, synthetic, BIG_PRESSES)
    f_med, f_p99 = median(floor), percentile(floor, 99)
    rows = [["bare Textual app: key -> one Static repainted (floor)", ms(f_med), ms(f_p99), "", ""]]
    summary = []
    for name, xs in (("bundled deck", small), ("100k cards, 1M reviews", large)):
        r_med, r_p99 = median(xs) / f_med, percentile(xs, 99) / f_p99
        rows.append([f"key 3 -> next card painted ({name})", ms(median(xs)), ms(percentile(xs, 99)),
                     f"{r_med:.2f}x / {r_p99:.2f}x",
                     verdict(r_med <= 1.3 and r_p99 <= 1.5, "<= 1.3x / <= 1.5x")])
        summary.append(f"{name} {r_med:.2f}x/{r_p99:.2f}x")
    return rows, summary


def byte_compiled() -> None:
    """trainer's modules compiled to bytecode, as `pip install .` leaves them and as Textual's
    already are: from a source tree with PYTHONDONTWRITEBYTECODE set, every start would compile
    all of trainer again (about 40 ms here), which no installed copy does."""
    compileall.compile_dir(ROOT / "trainer", quiet=1)


def main() -> None:
    byte_compiled()
    deck_file = ROOT / "decks" / "sle-review.json"
    bundled = Questions(deck_file)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        bundled_db = tmp / "bundled.db"
        term = Terminal(trainer_argv(bundled_db, ROOT / "decks"), COLS, ROWS)
        try:  # the first run creates and syncs the database: every later run starts from it
            term.wait_until(bundled.card_ready(None), timeout=120)
        finally:
            term.close()
        start_rows, start_summary = startup(tmp, bundled_db, bundled)
        key_rows, key_summary = keys(tmp, bundled_db, bundled)
    print(table(f"Study TUI in a pseudo-terminal ({COLS}x{ROWS}); ratios to the bare app of this run",
                ["measure", "median", "p99", "ratio (median / p99)", "goal"], start_rows + key_rows))
    print("summary: " + "; ".join(start_summary + key_summary))


if __name__ == "__main__":
    main()
