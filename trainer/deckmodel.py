"""A generated deck's other records: its header, quiz items, content stamps, the deck read back."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.model import Card, Source

# apart from model.py: a study session needs cards only, and each of these frozen dataclasses
# (QuizItem's nineteen fields above all) costs a millisecond or so on the way to the first card


@dataclass(frozen=True)
class DeckInfo:
    id: str
    name: str
    tag: str
    description: str = ""
    source: str = ""  # citation of the source itself, for refs = "review"


@dataclass(frozen=True)
class QuizItem:
    """A quiz question as the deck file holds it (choice, truefalse or typed)."""

    id: str
    claim: str
    kind: str
    topic: str
    answer: str
    content_hash: str
    question: str = ""
    options: tuple[str, ...] = ()
    statement: str = ""
    false_statement: str = ""
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    refs: tuple[int | str, ...] = ()
    sources: tuple[Source, ...] = ()
    extra: str = ""
    year: int | None = None
    priority: str = "core"
    update: str = ""
    update_sources: tuple[Source, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> QuizItem:
        return cls(
            id=d["id"], claim=d["claim"], kind=d["kind"], topic=d["topic"], answer=d["answer"],
            content_hash=d["content_hash"], question=d.get("question", ""),
            options=tuple(d.get("options", ())), statement=d.get("statement", ""),
            false_statement=d.get("false_statement", ""), aliases=tuple(d.get("aliases", ())),
            tags=tuple(d.get("tags", ())), refs=tuple(d.get("refs", ())),
            sources=tuple(Source(**s) for s in d.get("sources", ())),
            extra=d.get("extra", ""), year=d.get("year"), priority=d.get("priority", "core"),
            update=d.get("update", ""),
            update_sources=tuple(Source(**s) for s in d.get("update_sources", ())),
        )


@dataclass(frozen=True)
class Stamp:
    """A content hash and the unix seconds when that content last changed (kept by `trainer generate`)."""

    hash: str = ""
    changed_at: int = 0


@dataclass(frozen=True)
class Deck:
    """A generated deck file, read back."""

    info: DeckInfo
    cards: tuple[Card, ...]
    quiz: tuple[QuizItem, ...]
    path: str = ""
    # cards gone from the seeds, as they last were, changed_at = when they went: the Anki export
    # keeps marking their notes as retired (the store retires cards by their absence from `cards`)
    retired: tuple[Card, ...] = ()
    notetype: Stamp = Stamp()  # the Anki note type the deck was generated for, and when it changed
