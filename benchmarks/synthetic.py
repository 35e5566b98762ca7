"""Synthetic collections for benchmarks: a deck file of N cards, or a database filled in bulk."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import UTC, datetime
from pathlib import Path

from trainer.schedule import LEARNING, NEW, REVIEW, seconds
from trainer.store import Store

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TOPICS = ["Hydroxychloroquine", "Lupus nephritis", "Biologics", "Pipeline", "Glucocorticoids"]
SOURCE = {"ref": 37, "short": "Furie et al. 2008", "doi": "10.1186/ar2506",
          "url": "https://doi.org/10.1186/ar2506",
          "citation": "Furie R, Stohl W, Ginzler EM. et al. Biologic activity and safety of "
                      "belimumab. Arthritis Res Ther 2008;10(5):R109."}


def card_dict(i: int) -> dict:
    topic = TOPICS[i % len(TOPICS)]
    card = {"id": f"claim-{i // 2}/{'qa' if i % 2 == 0 else 'cloze'}", "claim": f"claim-{i // 2}",
            "kind": "qa" if i % 2 == 0 else "cloze", "topic": topic,
            "tags": [f"SLE::{topic.replace(' ', '_')}"],
            "question": f"Which drug number {i} does synthetic claim {i // 2} name?",
            "answer": f"drug {i}", "extra": "", "refs": [37], "sources": [SOURCE], "year": None}
    card["content_hash"] = hashlib.sha256(json.dumps(card, sort_keys=True).encode()).hexdigest()[:16]
    card["changed_at"] = seconds(NOW)
    return card


def write_deck(path: Path, n: int, deck_id: str = "bench") -> Path:
    """A deck file of n cards, in the generator's format."""
    from trainer.decks import FORMAT
    from trainer.export.notetype import notetype_hash

    deck = {"format": FORMAT, "deck": {"id": deck_id, "name": "Bench deck", "tag": "SLE",
                                       "description": "", "source": ""},
            "cards": [card_dict(i) for i in range(n)], "quiz": [], "retired": [],
            "anki": {"notetype": {"hash": notetype_hash(), "changed_at": seconds(NOW)}}}
    from trainer.decklines import dump

    path.write_text(dump(deck), encoding="utf-8")
    return path


def fill(store: Store, n_cards: int, n_reviews: int, deck_id: str = "bench", seed: int = 7) -> None:
    """Insert n_cards cards (30% new, 100 in learning, the rest in review with dues from 5 days
    ago to 30 days ahead) and n_reviews reviews over the past year (none today, as at the start
    of a study day), straight into the tables in one transaction."""
    rng = random.Random(seed)
    now = seconds(NOW)
    with store.db.write() as c:
        c.execute("INSERT INTO decks (id, name, tag, description, file_hash, synced_at) "
                  "VALUES (?, 'Bench deck', 'SLE', '', '', ?)", (deck_id, now))
        cards, memory = [], []
        for i in range(n_cards):
            d = card_dict(i)
            cards.append((d["id"], deck_id, d["claim"], d["kind"], d["topic"], i, d["content_hash"],
                          json.dumps(d), now, now))
            roll = rng.random()
            if roll < 0.3:
                memory.append((d["id"], deck_id, d["claim"], i, NEW, None, None, None, None, None,
                               0, 0))
            elif i % max(1, n_cards // 100) == 1:  # a realistic handful of learning cards
                memory.append((d["id"], deck_id, d["claim"], i, LEARNING, 1, 2.3, 5.0,
                               now + rng.randint(-600, 600), now - 600, 1, 0))
            else:
                memory.append((d["id"], deck_id, d["claim"], i, REVIEW, None,
                               rng.uniform(1, 200), rng.uniform(1, 10),
                               now + rng.randint(-5, 30) * 86400, now - rng.randint(1, 90) * 86400,
                               rng.randint(1, 20), rng.randint(0, 4)))
        c.executemany("INSERT INTO cards (id, deck, claim, kind, topic, position, content_hash, "
                      "data, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cards)
        c.executemany("INSERT INTO memory (card, deck, claim, position, state, step, stability, "
                      "difficulty, due, last_review, reps, lapses) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", memory)
        state = json.dumps({"state": 2, "step": None, "stability": 10.0, "difficulty": 5.0,
                            "due": now, "last_review": now - 86400, "reps": 3, "lapses": 0,
                            "suspended": False, "buried_until": None})
        batch = []
        for r in range(n_reviews):
            i = rng.randrange(n_cards)
            at = now - rng.randint(86400, 365 * 86400)
            batch.append((cards[i][0], deck_id, cards[i][2], rng.choice((1, 3, 3, 3, 4)),
                          at * 1000, at // 86400, rng.randint(800, 20000),
                          rng.choice((0, 2, 2, 2)), state, state))
            if len(batch) == 50_000 or r == n_reviews - 1:
                c.executemany("INSERT INTO reviews (card, deck, claim, rating, reviewed_at, day, "
                              "duration_ms, prev_state, state_before, state_after) VALUES "
                              "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
                batch = []
