"""Domain records a study session needs: cards, their sources, ratings (deckmodel.py: the rest of a deck)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

CARD_KINDS = ("qa", "cloze", "reverse")
QUIZ_KINDS = ("choice", "truefalse", "typed")
THE_REVIEW = "review"  # a `refs` entry meaning "the review's own text"
OPTIONS = 4  # options of a multiple-choice question: the answer and OPTIONS - 1 distractors


class Rating(IntEnum):
    """The four answer buttons, numbered as Anki and fsrs number them."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class Source:
    """A formatted citation carried by every card: reference number, short form, DOI."""

    ref: int | str
    short: str
    citation: str
    doi: str = ""
    url: str = ""

    @property
    def label(self) -> str:
        """"[37] Furie et al. 2008", "The review" for the review's own text, or
        "Update · Fanouriakis et al. 2024" for a source published after the review."""
        if self.ref == THE_REVIEW:
            return self.short
        if isinstance(self.ref, str):  # update sources are cited by slug, not by number
            return f"Update · {self.short}"
        return f"[{self.ref}] {self.short}"


@dataclass(frozen=True)
class Card:
    """A flashcard as the deck file holds it (qa, cloze or reverse)."""

    id: str
    claim: str
    kind: str
    topic: str
    question: str
    answer: str
    content_hash: str
    tags: tuple[str, ...] = ()
    refs: tuple[int | str, ...] = ()
    sources: tuple[Source, ...] = ()
    extra: str = ""
    cloze: str = ""  # Anki cloze syntax, for kind == "cloze"
    year: int | None = None
    priority: str = "core"  # "core" or "detail": new cards come core first
    update: str = ""  # what changed since the review ("" when nothing did)
    update_sources: tuple[Source, ...] = ()
    changed_at: int = 0  # unix seconds of the last content change (kept by `trainer generate`)

    @classmethod
    def from_dict(cls, d: dict) -> Card:
        return cls(
            id=d["id"], claim=d["claim"], kind=d["kind"], topic=d["topic"],
            question=d["question"], answer=d["answer"], content_hash=d["content_hash"],
            tags=tuple(d.get("tags", ())), refs=tuple(d.get("refs", ())),
            sources=tuple(Source(**s) for s in d.get("sources", ())),
            extra=d.get("extra", ""), cloze=d.get("cloze", ""), year=d.get("year"),
            priority=d.get("priority", "core"), update=d.get("update", ""),
            update_sources=tuple(Source(**s) for s in d.get("update_sources", ())),
            changed_at=d.get("changed_at", 0),
        )
