"""Draft claims (`draft = true`): kept out of the decks until their author has finished them."""

from __future__ import annotations

from dataclasses import replace

from trainer.seedmodel import Seeds


def without_drafts(seeds: Seeds) -> Seeds:
    """The source with only its finished claims: what decks, card rules and coverage see."""
    if not any(c.draft for c in seeds.claims):
        return seeds
    return replace(seeds, claims=tuple(c for c in seeds.claims if not c.draft))


def draft_count(seeds: Seeds) -> int:
    return sum(c.draft for c in seeds.claims)
