"""Helpers several test modules share: putting a card into review, due now."""

from __future__ import annotations

from dataclasses import replace

from trainer.schedule import REVIEW, seconds


def make_due(store, card_id: str, clock, overdue: int = 3600, reps: int | None = None,
             last_review_days: int = 5) -> None:
    """Make a card a review card (stability 5, difficulty 5) that fell due `overdue` seconds
    ago, last reviewed `last_review_days` before now; `reps` overrides its review count."""
    now = seconds(clock())
    memory = replace(store.cards.memory(card_id), state=REVIEW, stability=5.0, difficulty=5.0,
                     step=None, due=now - overdue, last_review=now - last_review_days * 86400)
    store.cards.set_memory(card_id, memory if reps is None else replace(memory, reps=reps))
