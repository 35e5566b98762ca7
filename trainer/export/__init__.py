"""Anki export: the claim note shared by the .apkg and CSV writers, deck choice, atomic writes.

One claim is one Anki note of our note type (trainer.export.notetype), guid = guid_for(claim
id), never from its text. Its fields come from the claim's cards in the deck file: Question and
Answer from the qa card, FillInFront/FillInBack from the cloze card (pre-rendered: the
statement with its terms blanked, and highlighted), ReverseQuestion/ReverseAnswer from the
reverse card when there is one, and the back matter (Extra, Update, sources, topic, priority)
from the claim's first card. The note's mtime is the newest changed_at of its cards, retired
ones included, as `trainer generate` keeps them in the deck file: every machine exports the
same notes with the same times, so re-importing updates exactly the notes whose content moved.

All notes of a trainer deck go into one Anki deck of its name, topics being tags
(`SLE::Lupus_nephritis`), not subdecks, and the new cards are placed kind by kind: every
claim's question card in deck order, then every fill-in card, then every reverse card. Anki's
default new-card gathering takes a deck's (and each subdeck's) new cards in that order, so a
day's new cards then never hold two cards of one claim, whatever the daily limit up to the
number of claims; with topic subdecks, or siblings sharing a place, a day brought a claim's
question and its fill-in together (measured in tests/test_anki_sync.py).

A claim gone from the seeds (all its cards under the deck file's `retired`) is still exported,
as it last was, tagged `<deck tag>::retired`, with a one-line Notice on the back and placed
after every live card in the new-card order.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from trainer.deckmodel import Deck
from trainer.errors import BadDeckFile, BadInput, NoDecks, UnknownDeck
from trainer.export.notetype import FIELDS, KIND_ORDS, notetype_hash
from trainer.fileout import safe_output
from trainer.model import THE_REVIEW, Card, Source

Progress = Callable[[int, int], None]

_CLOZE_MARK = re.compile(r"\{\{c([1-9][0-9]*)::")
# a deletion, its text and its optional hint; the text cannot hold "}}", Anki's own rule
_CLOZE = re.compile(r"\{\{c[1-9][0-9]*::(.*?)(?:::(.*?))?\}\}", re.S)
_URL = re.compile(r"(https?://[^\s<>\"]*[^\s<>\".,;:)\]])")  # trailing punctuation is not part of it
_FIELD = {name: i for i, name in enumerate(FIELDS)}
(_QUESTION, _ANSWER, _FILL_FRONT, _FILL_BACK, _REVERSE_Q, _REVERSE_A, _EXTRA, _UPDATE, _UPDATE_SOURCES,
 _SOURCES, _CLAIM_ID, _PRIORITY, _TOPIC, _NOTICE) = (_FIELD[f] for f in FIELDS)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: Anki notes (one per claim), the cards they make, how many are retired."""

    notes: int
    cards: int
    path: Path
    retired: int = 0


class NoteSpec(NamedTuple):
    """One claim as one Anki note: deck, guid, HTML fields (in FIELDS order), tags, mtime, card ordinals."""

    claim: str
    deck: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    mtime: int
    ords: tuple[int, ...]  # the templates that make a card for this note (qa 0, fill-in 1, reverse 2)
    retired: bool = False

    @property
    def anki_cards(self) -> int:
        return len(self.ords)


def __getattr__(name: str) -> Callable[..., ExportResult]:
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
    by_key: dict[str, Deck] = {}
    for deck in decks:
        by_key.setdefault(deck.info.id.casefold(), deck)
        by_key.setdefault(deck.info.name.casefold(), deck)
    chosen: list[Deck] = []
    for name in wanted:
        found = by_key.get(name.casefold())
        if found is None:
            raise UnknownDeck(name, [d.info.id for d in decks])
        if found not in chosen:
            chosen.append(found)
    return chosen


def text_html(text: str) -> str:
    """Card text as HTML that shows exactly that text: `<`, `&` and `>` escaped, newlines kept."""
    # html.escape(quote=False), without its cost for the many texts that need nothing
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br>") if "\n" in text else text


def cloze_html(cloze: str) -> str:
    """A statement in Anki cloze syntax as HTML, the text inside and outside `{{c1::...}}` escaped.

    Escaping touches only `&`, `<` and `>`, none of which occurs in the markers, so one pass
    over the whole string escapes every piece of text and leaves the markers as they were.
    """
    return text_html(cloze)


def fill_in_html(cloze: str) -> tuple[str, str]:
    """The fill-in card's two sides from a statement in cloze syntax: every deletion blanked
    (`[...]`, or `[hint]`), and every deletion shown highlighted. One card whatever the numbers."""
    escaped = cloze_html(cloze)
    front = _CLOZE.sub(lambda m: f'<span class="cloze">[{m.group(2) or "..."}]</span>', escaped)
    back = _CLOZE.sub(lambda m: f'<span class="cloze">{m.group(1)}</span>', escaped)
    return front, back


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
    label = "" if source.ref == THE_REVIEW else f'<span class="trainer-ref">[{ref}]</span> '
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
        self.where = deck.path or deck.info.id
        self.tag = _tag(deck.info.tag) or "trainer"
        self._tags: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._sources: dict[tuple[Source, ...], str] = {}
        self._short: dict[str, str] = {}  # topics and priorities, as HTML

    def tags(self, lead: Card, retired: bool) -> tuple[str, ...]:
        """The claim's topic tags, `<deck tag>::claim::<id>`, `<deck tag>::core|detail`, and
        `<deck tag>::retired` for a claim gone from the deck.

        The claim id sits under the deck's tag so that hundreds of claims do not crowd the top
        level of a user's tag list; `tag:SLE::claim::<id>` finds a claim's note.
        """
        tags = self._tags.get(lead.tags)
        if tags is None:
            tags = self._tags[lead.tags] = tuple(_tag(t) for t in lead.tags)
        extra = [f"{self.tag}::claim::{_tag(lead.claim)}", f"{self.tag}::{_tag(lead.priority or 'core')}"]
        if retired:
            extra.append(f"{self.tag}::retired")
        return (*tags, *extra)

    def sources(self, sources: tuple[Source, ...]) -> str:
        out = self._sources.get(sources)
        if out is None:
            out = self._sources[sources] = "".join(source_html(s) for s in sources)
        return out

    def note(self, claim: str, cards: list[Card], retired_cards: list[Card], retired: bool) -> NoteSpec:
        """The note of a claim from its cards (for a retired claim: its retired cards)."""
        fields = [""] * len(FIELDS)
        ords = [self._fill(fields, card) for card in cards]
        lead = cards[0]
        fields[_EXTRA] = text_html(lead.extra)
        fields[_UPDATE] = text_html(lead.update)
        fields[_UPDATE_SOURCES] = self.sources(lead.update_sources) if lead.update else ""
        fields[_SOURCES] = self.sources(lead.sources)
        fields[_CLAIM_ID] = text_html(claim)
        fields[_PRIORITY] = self.short(lead.priority)
        fields[_TOPIC] = self.short(lead.topic)
        mtime = max(c.changed_at for c in (*cards, *retired_cards))
        if retired:
            fields[_NOTICE] = text_html(retirement_notice(self.deck.info.name, mtime, self.tag))
        return NoteSpec(claim, self.deck.info.name, _guid(claim), tuple(fields),
                        self.tags(lead, retired), mtime, tuple(sorted(ords)), retired)

    def short(self, text: str) -> str:
        out = self._short.get(text)
        if out is None:
            out = self._short[text] = text_html(text)
        return out

    def _fill(self, fields: list[str], card: Card) -> int:
        if card.changed_at <= 0:
            raise BadDeckFile(self.where, f"card {card.id} has no change time (changed_at)")
        if card.kind == "qa":
            fields[_QUESTION], fields[_ANSWER] = text_html(card.question), text_html(card.answer)
        elif card.kind == "cloze":
            if not _CLOZE_MARK.search(card.cloze):
                raise BadDeckFile(self.where, f"card {card.id} has no {{{{c1::...}}}} deletion")
            fields[_FILL_FRONT], fields[_FILL_BACK] = fill_in_html(card.cloze)
        elif card.kind == "reverse":
            fields[_REVERSE_Q], fields[_REVERSE_A] = text_html(card.question), text_html(card.answer)
        else:
            raise ValueError(f"card {card.id}: unknown card kind {card.kind!r}")
        return KIND_ORDS[card.kind]


def retirement_notice(deck_name: str, at: int, tag: str) -> str:
    """The one line on the back of a retired claim's note."""
    day = datetime.fromtimestamp(at, UTC).date().isoformat()
    return (f"Retired on {day}: this claim is no longer in {deck_name}. Suspend or delete this note "
            f"(tag:{tag}::retired finds them all).")


def _guid(claim: str) -> str:
    from trainer.ankiguid import guid_for

    return guid_for(claim)


def _tag(text: str) -> str:
    return "_".join(text.split())  # an Anki tag may not hold whitespace


def _by_claim(cards: Iterable[Card]) -> dict[str, list[Card]]:
    out: dict[str, list[Card]] = {}
    for card in cards:
        out.setdefault(card.claim, []).append(card)
    return out


def note_specs(decks: Sequence[Deck]) -> Iterator[NoteSpec]:
    """Every claim of the decks as a note: live claims in deck order, then the retired ones.

    A card or claim id used in two decks is an error (one Anki note per claim), and so is a deck
    generated for another version of the note type (see notetype_time).
    """
    seen: dict[str, str] = {}
    retired_notes: list[NoteSpec] = []
    for deck in decks:
        layout = _Layout(deck)
        live, gone = _by_claim(deck.cards), _by_claim(deck.retired)
        for claim in (*live, *(c for c in gone if c not in live)):
            if claim in seen:
                raise BadInput(f"claim {claim} is in two decks ({seen[claim]} and {deck.info.id}); "
                               "export them separately")
            seen[claim] = deck.info.id
        for claim, cards in live.items():
            if len({c.id for c in cards}) < len(cards):
                raise BadDeckFile(layout.where, f"claim {claim} holds one card id twice")
            yield layout.note(claim, cards, gone.get(claim, []), retired=False)
        retired_notes += [layout.note(claim, cards, [], retired=True)
                          for claim, cards in gone.items() if claim not in live]
    yield from retired_notes


def notetype_time(decks: Sequence[Deck]) -> int:
    """The note type's change time: the newest the decks were generated with, all for this note type.

    A deck generated before the templates or CSS last changed carries another hash; exporting it
    would stamp the new note type with an old time, which Anki would ignore.
    """
    current = notetype_hash()
    for deck in decks:
        if deck.notetype.hash != current or deck.notetype.changed_at <= 0:
            raise BadDeckFile(deck.path or deck.info.id, "was generated for another version of the Anki "
                                                         "note type (its templates or CSS changed since)")
    return max((d.notetype.changed_at for d in decks), default=0)


class Ticker:
    """Calls a progress callback about every percent, and once at the end."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0
        self.every = max(1, total // 100)

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and (self.done % self.every == 0 or self.done == self.total):
            self.progress(self.done, self.total)


def atomic_output(path: Path) -> AbstractContextManager[Path]:
    """A temporary file that becomes `path` only if the export succeeds (see fileout)."""
    return safe_output(path)
