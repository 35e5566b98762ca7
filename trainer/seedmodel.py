"""Seed records: the references, claims and update sources an author writes in seeds/<source>/."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.deckmodel import DeckInfo
from trainer.model import QUIZ_KINDS


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
