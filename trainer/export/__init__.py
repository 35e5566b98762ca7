"""Anki export: the note layout shared by the .apkg and CSV writers, deck choice, atomic writes."""

from __future__ import annotations

import html
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import genanki

from trainer.errors import BadDeckFile, BadInput, CannotWrite, NoDecks, UnknownDeck
from trainer.model import REVIEW, Card, Deck, Source

# Our two Anki note types. Anki recognises a note type by its id, and a type whose field
# list changed is imported as a second copy beside the first, orphaning every note a user
# already has. So: these ids were drawn at random once and must NEVER change, and the field
# lists must not change either (add a new note type with a new id instead).
BASIC_MODEL_ID = 2118357074
CLOZE_MODEL_ID = 1094544044
BASIC_NAME = "Trainer basic"
CLOZE_NAME = "Trainer cloze"
BASIC_FIELDS = ("Front", "Back", "Extra", "Source", "CardID")
CLOZE_FIELDS = ("Text", "Extra", "Source", "CardID")

Progress = Callable[[int, int], None]

_CLOZE_MARK = re.compile(r"\{\{c([1-9][0-9]*)::")
_URL = re.compile(r"(https?://[^\s<>\"]*[^\s<>\".,;:)\]])")  # trailing punctuation is not part of it


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: Anki notes, the cards they make, and the file."""

    notes: int
    cards: int
    path: Path


class NoteSpec(NamedTuple):
    """One trainer card as one Anki note: its type, deck, guid, HTML fields and tags."""

    card_id: str
    cloze: bool
    deck: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def anki_cards(self) -> int:
        """How many Anki cards the note makes: one, or one per distinct cloze number."""
        return len(set(_CLOZE_MARK.findall(self.fields[0]))) if self.cloze else 1


def __getattr__(name: str):
    # The writers are loaded on first use, so `from trainer.export import export_csv` works
    # without paying for the other writer.
    if name == "export_apkg":
        from trainer.export.apkg import export_apkg

        return export_apkg
    if name == "export_csv":
        from trainer.export.csvfile import export_csv

        return export_csv
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def select_decks(decks: Sequence[Deck], wanted: Iterable[str]) -> list[Deck]:
    """The decks named in `wanted` (deck id or name, any case), or all of them when none are."""
    wanted = list(wanted)
    if not decks:
        raise NoDecks()
    if not wanted:
        return list(decks)
    by_key = {}
    for deck in decks:
        by_key.setdefault(deck.info.id.casefold(), deck)
        by_key.setdefault(deck.info.name.casefold(), deck)
    chosen: list[Deck] = []
    for name in wanted:
        deck = by_key.get(name.casefold())
        if deck is None:
            raise UnknownDeck(name, [d.info.id for d in decks])
        if deck not in chosen:
            chosen.append(deck)
    return chosen


def text_html(text: str) -> str:
    """Card text as HTML that shows exactly that text: `<`, `&` and `>` escaped, newlines kept."""
    text = html.escape(text, quote=False)
    return text.replace("\n", "<br>") if "\n" in text else text


def cloze_html(cloze: str) -> str:
    """A statement in Anki cloze syntax as HTML, the text inside and outside `{{c1::...}}` escaped.

    Escaping touches only `&`, `<` and `>`, none of which occurs in the markers, so one pass
    over the whole string escapes every piece of text and leaves the markers as they were.
    """
    return text_html(cloze)


def doi_url(doi: str) -> str:
    """https://doi.org/<doi>, with characters a URL cannot hold percent-encoded."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{text_html(text)}</a>'


def _linked_citation(citation: str) -> str:
    """A citation as HTML, any web address in it made a link (the review's own source has one)."""
    parts = _URL.split(citation)  # odd items are the addresses
    return "".join(_link(p, p) if i % 2 else text_html(p) for i, p in enumerate(parts))


def source_html(source: Source) -> str:
    """One source as a citation line, with a DOI link when it has one."""
    # the review's own citation names itself; numbered references keep their number
    ref = text_html(str(source.ref))
    label = "" if source.ref == REVIEW else f'<span class="trainer-ref">[{ref}]</span> '
    link = ""
    if source.doi:
        link = " " + _link(doi_url(source.doi), f"doi:{source.doi}")
    elif source.url.startswith(("https://", "http://")) and source.url not in source.citation:
        link = " " + _link(source.url, source.url)
    return f'<div class="trainer-source">{label}{_linked_citation(source.citation)}{link}</div>'


class _Layout:
    """Builds the NoteSpecs of one deck, formatting each topic, tag set and source list once."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self.claim_tag = f"{_tag(deck.info.tag) or 'trainer'}::claim::"
        self._decks: dict[str, str] = {}
        self._tags: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._sources: dict[tuple[Source, ...], str] = {}

    def deck_name(self, topic: str) -> str:
        """The Anki deck of a topic: a subdeck, `<Deck name>::<Topic>`."""
        name = self._decks.get(topic)
        if name is None:
            parent = self.deck.info.name
            name = self._decks[topic] = f"{parent}::{topic}" if topic.strip() else parent
        return name

    def tags(self, card: Card) -> tuple[str, ...]:
        """The card's hierarchical tags, plus `<deck tag>::claim::<claim id>`.

        The claim id sits under the deck's tag so that hundreds of claims do not crowd the top
        level of a user's tag list; `tag:SLE::claim::<id>` finds every card of a claim.
        """
        tags = self._tags.get(card.tags)
        if tags is None:
            tags = self._tags[card.tags] = tuple(_tag(t) for t in card.tags)
        return (*tags, self.claim_tag + _tag(card.claim))

    def sources(self, sources: tuple[Source, ...]) -> str:
        out = self._sources.get(sources)
        if out is None:
            out = self._sources[sources] = "".join(source_html(s) for s in sources)
        return out

    def fields(self, card: Card) -> tuple[str, ...]:
        extra, source, card_id = text_html(card.extra), self.sources(card.sources), text_html(card.id)
        if card.kind == "cloze":
            if not _CLOZE_MARK.search(card.cloze):
                raise BadDeckFile(self.deck.path or self.deck.info.id,
                                  f"card {card.id} has no {{{{c1::...}}}} deletion")
            return (cloze_html(card.cloze), extra, source, card_id)
        if card.kind in ("qa", "reverse"):
            return (text_html(card.question), text_html(card.answer), extra, source, card_id)
        raise ValueError(f"card {card.id}: unknown card kind {card.kind!r}")

    def note(self, card: Card) -> NoteSpec:
        return NoteSpec(card.id, card.kind == "cloze", self.deck_name(card.topic),
                        genanki.guid_for(card.id), self.fields(card), self.tags(card))


def _tag(text: str) -> str:
    return "_".join(text.split())  # an Anki tag may not hold whitespace


def note_specs(decks: Sequence[Deck]) -> Iterator[NoteSpec]:
    """Every card of the decks as a note, in deck order; a card id used twice is an error."""
    seen: dict[str, str] = {}
    for deck in decks:
        layout = _Layout(deck)
        for card in deck.cards:
            if card.id in seen:
                raise BadInput(f"card id {card.id} is in two decks ({seen[card.id]} and "
                                   f"{deck.info.id}); export them separately")
            seen[card.id] = deck.info.id
            yield layout.note(card)


class Ticker:
    """Calls a progress callback about every percent, and once at the end."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0
        self.every = max(1, total // 100)

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and (self.done % self.every == 0 or self.done == self.total):
            self.progress(self.done, self.total)


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise CannotWrite(path, "is a folder; give a file name to export to")
    if not path.parent.is_dir():
        raise CannotWrite(path, f"folder {path.parent} does not exist")


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary file beside `path`, renamed onto it only if the block succeeds.

    A failed or interrupted export leaves the old file (if any) untouched and no partial one.
    The file is created by open(), not mkstemp, so it gets the user's usual permissions.
    """
    path = Path(path)
    _check_target(path)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        tmp.open("xb").close()
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CannotWrite(path, f"cannot write ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
