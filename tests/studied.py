"""A synthetic learner's history in a real store: a deck of N plain cards, its answers merged in."""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from pathlib import Path

from tests.learner import history
from tests.seedtools import FIXTURES
from trainer.days import Calendar
from trainer.importing import merge
from trainer.optimize import ReviewEvent
from trainer.schedule import SchedulerConfig
from trainer.store import Store
from trainer.store.reviews import Answer
from trainer.store.schema import KIND_REVIEW

PRACTICE = "practice"
EXACT = SchedulerConfig(fuzz=False)


def write_practice_deck(folder: Path, cards: int) -> Path:
    """decks/practice.json: `cards` question cards, one claim each, in the mini deck's format."""
    mini = json.loads((FIXTURES / "golden" / "mini.json").read_text())
    model = next(c for c in mini["cards"] if c["kind"] == "qa")
    out = []
    for i in range(cards):
        card = copy.deepcopy(model)
        card.update(id=f"practice-{i:04d}/qa", claim=f"practice-{i:04d}", topic="Practice",
                    question=f"Practice question number {i}?", answer=f"answer {i}",
                    content_hash=f"{i:016x}", tags=["SLE::Practice"])
        out.append(card)
    deck = {**mini, "deck": {**mini["deck"], "id": PRACTICE, "name": "Practice"}, "cards": out,
            "quiz": [], "retired": []}
    path = folder / f"{PRACTICE}.json"
    path.write_text(json.dumps(deck, sort_keys=True, indent=1))
    return path


def card_id(i: int) -> str:
    return f"practice-{i:04d}/qa"


def store_history(store: Store, events: list[ReviewEvent], cal: Calendar,
                  config: SchedulerConfig = EXACT) -> int:
    """The learner's answers (cards numbered from 0) merged into the log as answers from
    elsewhere, each card's memory replayed with `config`: the path Anki's reviews take."""
    incoming: dict[str, list[Answer]] = defaultdict(list)
    for n, e in enumerate(sorted(events, key=lambda e: e.reviewed_at_ms)):
        incoming[card_id(int(e.card))].append(
            Answer(0, e.rating, e.reviewed_at_ms, e.duration_ms, KIND_REVIEW, n + 1))
    return merge(store, incoming, lambda _card: config, cal)


def learner_log(cards: int = 1000, new_per_day: int = 20, days: int = 60,
                seed: int = 1) -> list[ReviewEvent]:
    """Two months of the synthetic learner (tests.learner), 5 January to 5 March 2026."""
    return history(cards=cards, new_per_day=new_per_day, days=days, seed=seed)
