"""Domain records: seeds (claims, references), generated cards and quiz items, ratings."""

from __future__ import annotations

from dataclasses import dataclass, field
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
class Reference:
    number: int
    authors: str
    title: str
    journal: str
    year: int
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    uncited: str = ""
    line: int = field(default=0, compare=False)  # where the entry starts in its file

    @property
    def first_author(self) -> str:
        first = self.authors.split(",")[0].strip()
        return first.rsplit(" ", 1)[0] if " " in first else first

    @property
    def short(self) -> str:
        """"Garcia 2016", or "Furie et al. 2008" when there are several authors."""
        several = "," in self.authors or " et al" in self.authors
        return f"{self.first_author}{' et al.' if several else ''} {self.year}"

    @property
    def citation(self) -> str:
        """Vancouver-style citation: authors. Title. Journal Year;Vol(Issue):Pages."""
        where = f"{self.journal} {self.year}"
        if self.volume:
            where += f";{self.volume}"
            if self.issue:
                where += f"({self.issue})"
        if self.pages:
            where += f":{self.pages}"
        title = self.title if self.title.endswith((".", "?", "!")) else self.title + "."
        authors = self.authors.rstrip(".")
        return f"{authors}. {title} {where}."


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str
    statement: str
    question: str
    answer: str
    category: str
    refs: tuple[int | str, ...]
    aliases: tuple[str, ...] = ()
    cloze: tuple[str, ...] = ()
    extra: str = ""
    reverse: bool | str = False  # True, or the reverse card's own question
    year: int | None = None
    quiz: tuple[str, ...] = QUIZ_KINDS  # which quiz items to make (all three by default)
    priority: str = "core"  # "core" (a resident applies it or is examined on it) or "detail"
    update: str = ""  # what later guidance or a later trial changed, shown as "Update: ..."
    update_refs: tuple[str, ...] = ()  # ids of the update sources (seeds/<source>/updates.toml)
    lint_allow: tuple[tuple[str, str], ...] = ()  # (rule id, reason): a true exception to a rule
    draft: bool = False  # proposed by `trainer draft`, not yet reviewed: generate skips it
    source_text: str = ""  # draft claims: the sentence of the review it was drawn from
    line: int = field(default=0, compare=False)  # where the claim starts in its file

    @property
    def cloze_terms(self) -> tuple[str, ...]:
        return self.cloze or (self.answer,)


@dataclass(frozen=True)
class UpdateSource:
    """A source published after the review (or missing from its reference list) that changed a
    fact: later guidance or a later trial. Kept apart from the review's own references."""

    id: str  # slug, cited by a claim's update_refs
    authors: str
    title: str
    journal: str
    year: int
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""  # only when no DOI could be verified
    note: str = ""  # one line: what it is and why it is not in the review's list
    line: int = field(default=0, compare=False)

    @property
    def first_author(self) -> str:
        """"Fanouriakis" from "Fanouriakis A, ..."; a group author ("KDIGO ... Work Group") whole."""
        first = self.authors.split(",")[0].strip()
        head, _, last = first.rpartition(" ")
        initials = last.isupper() and last.isalpha() and len(last) <= 3
        return head if head and initials else first

    @property
    def short(self) -> str:
        several = "," in self.authors or " et al" in self.authors
        return f"{self.first_author}{' et al.' if several else ''} {self.year}"

    @property
    def citation(self) -> str:
        return Reference(0, self.authors, self.title, self.journal, self.year, self.volume,
                         self.issue, self.pages).citation


@dataclass(frozen=True)
class DeckInfo:
    id: str
    name: str
    tag: str
    description: str = ""
    source: str = ""  # citation of the source itself, for refs = "review"


@dataclass(frozen=True)
class PendingReference:
    """An entry of the source's list that `trainer draft` could not read, kept as a comment."""

    number: int
    line: int  # line of its comment in references.toml
    problem: str = ""


@dataclass(frozen=True)
class Seeds:
    """One source folder, loaded and validated."""

    deck: DeckInfo
    claims: tuple[Claim, ...]
    references: dict[int, Reference]
    claims_path: str = ""
    references_path: str = ""
    pending_references: tuple[PendingReference, ...] = ()  # unparsed entries awaiting the author
    updates: dict[str, UpdateSource] = field(default_factory=dict)  # seeds/<source>/updates.toml
    retired: dict[str, str] = field(default_factory=dict)  # retired claim id -> why
    updates_path: str = ""


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
