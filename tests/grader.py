"""A separate process that grades cards, for the crash and concurrency tests.

usage: python -m tests.grader DB DECKS COUNT [hold]
Prints the review id of each grade once it is committed; with 'hold', then waits to be killed.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from trainer.collection import open_collection
from trainer.errors import Conflict
from trainer.model import Rating
from trainer.schedule import seconds
from trainer.study import Session


def main() -> None:
    db, decks, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    clock = lambda: datetime.now(UTC)  # noqa: E731
    store = open_collection(db, decks, seconds(clock()))
    session = Session.open(store, "mini", clock)
    cards = [row[0] for row in store.db.conn.execute("SELECT card FROM memory ORDER BY position")]
    print("ready", flush=True)
    for i in range(count):
        while True:
            shown = session.show(cards[i % len(cards)])
            try:
                graded = session.grade(shown, Rating.GOOD, 100)
                break
            except Conflict:  # the other process answered it in between: as the TUI, show it again
                continue
        print(graded.review_id, flush=True)
    if "hold" in sys.argv[4:]:
        print("done", flush=True)
        time.sleep(600)


if __name__ == "__main__":
    main()
