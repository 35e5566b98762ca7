"""Read generated deck files (decks/<deck>.json) back into Deck records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from trainer.deckcheck import (
    CARD,
    CARD_REQUIRED,
    CONTROL,
    DECK,
    DECK_REQUIRED,
    QUIZ,
    QUIZ_REQUIRED,
    problem,
)
from trainer.deckfiles import deck_files
from trainer.decklines import Incoming, NotLines, RawCard, card_lines, read_head
from trainer.deckmodel import Deck, DeckInfo, QuizItem, Stamp
from trainer.errors import BadDeckFile
from trainer.model import Card

# 2: each card carries changed_at; `retired` holds cards gone from the seeds; `anki` the note type stamp
FORMAT = 2


@dataclass
class DeckStream:
    """A deck file opened for sync: its deck record now, its cards one at a time (`cards`),
    each parsed only when asked (`parse`)."""

    path: Path
    info: DeckInfo
    cards: Iterator[RawCard]

    def parse(self, raw: RawCard) -> Incoming:
        """One card, its every field checked; a broken one names the file, its line and id."""
        try:
            entry = json.loads(raw.text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise BadDeckFile(self.path, f"card #{raw.position + 1} is not JSON ({exc})",
                              raw.line) from None
        found = problem(entry, CARD, CARD_REQUIRED)
        if found:
            name = entry.get("id") if isinstance(entry, dict) else None
            shown = f" ({name})" if isinstance(name, str) and not CONTROL.search(name) else ""
            raise BadDeckFile(self.path, f"card #{raw.position + 1}{shown} {found}", raw.line)
        return Incoming(entry["id"], entry["claim"], entry["kind"], entry["topic"],
                        entry.get("priority", "core"), entry["content_hash"],
                        entry.get("changed_at", 0), raw.text)


def stream_deck(path: Path) -> DeckStream:
    """A deck file for sync, read a line at a time in the layout `trainer generate` writes
    (trainer.decklines): memory stays small whatever the deck's size. Another layout is read
    whole (and checked as load_deck checks it)."""
    try:
        f = path.open(encoding="utf-8")
    except OSError as exc:
        raise BadDeckFile(path, f"cannot read deck file ({exc.strerror})") from None
    try:
        head = read_head(f)
    except (NotLines, UnicodeDecodeError):
        f.close()
        return _whole(path)
    if head.format != FORMAT:
        f.close()
        raise BadDeckFile(path, _format_problem(head.format))
    info = _info(path, head.deck)
    return DeckStream(path, info, _lines_or_whole(path, f))


def _lines_or_whole(path: Path, f: TextIO) -> Iterator[RawCard]:
    """The card lines; if the layout turns out to differ halfway, the whole file's cards
    from where it stopped (a hand-edited file is still a deck file)."""
    done = 0
    try:
        with f:
            for raw in card_lines(f):
                yield raw
                done += 1
    except (NotLines, UnicodeDecodeError):
        for raw in _whole(path).cards:
            if raw.position >= done:
                yield raw


def _whole(path: Path) -> DeckStream:
    deck = load_deck(path)
    raws = (RawCard(i, json.dumps(asdict(card), sort_keys=True, ensure_ascii=False), 0)
            for i, card in enumerate(deck.cards))
    return DeckStream(path, deck.info, raws)


def _info(path: Path, record: Any) -> DeckInfo:
    found = problem(record, DECK, DECK_REQUIRED)
    if found:
        raise BadDeckFile(path, f"malformed deck file: its 'deck' record {found}")
    return DeckInfo(**record)


def load_deck(path: Path) -> Deck:
    """One deck file; a broken file is one BadDeckFile naming it (and the line, for JSON)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadDeckFile(path, f"cannot read deck file ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else 0
        raise BadDeckFile(path, f"not a deck file ({exc})", line) from None
    except RecursionError:
        raise BadDeckFile(path, "not a deck file (nested too deeply)") from None
    if not isinstance(data, dict) or "format" not in data:
        raise BadDeckFile(path, "not a trainer deck file (no 'format' field)")
    if data["format"] != FORMAT:
        raise BadDeckFile(path, _format_problem(data["format"]))
    info = _info(path, data.get("deck"))
    try:
        cards = tuple(_entry(Card, c, i) for i, c in enumerate(data["cards"]))
        quiz = tuple(_entry(QuizItem, q, i) for i, q in enumerate(data["quiz"]))
        retired = tuple(_entry(Card, c, i, "retired card") for i, c in enumerate(data["retired"]))
        notetype = Stamp(**data["anki"]["notetype"])
    except _Malformed as exc:
        raise BadDeckFile(path, str(exc)) from None
    except (KeyError, TypeError, AttributeError) as exc:
        what = exc.args[0] if isinstance(exc, KeyError) else "its 'deck', 'cards', 'quiz' or 'anki' part"
        raise BadDeckFile(path, f"malformed deck file (missing or wrong {what!r})") from None
    return Deck(info=info, cards=cards, quiz=quiz, path=str(path), retired=retired, notetype=notetype)


def _format_problem(found: Any) -> str:
    if isinstance(found, int) and not isinstance(found, bool) and found < FORMAT:
        return (f"deck format {found} is older than this trainer's ({FORMAT}): "
                "it lacks the cards' change times")
    if isinstance(found, int) and not isinstance(found, bool):
        return f"deck format {found} is newer than this trainer's ({FORMAT})"
    return f"deck format {found!r} is not {FORMAT}"


class _Malformed(Exception):
    pass


def _entry(kind: type[Card] | type[QuizItem], entry: Any, index: int, what: str = "") -> Any:
    """One card or quiz item, its every field checked first; a broken one is named by its
    position and id."""
    label = f"{what or ('card' if kind is Card else 'quiz item')} #{index + 1}"
    schema, required = (CARD, CARD_REQUIRED) if kind is Card else (QUIZ, QUIZ_REQUIRED)
    found = problem(entry, schema, required)
    if found:
        name = entry.get("id") if isinstance(entry, dict) else None
        shown = f" ({name})" if isinstance(name, str) and not CONTROL.search(name) else ""
        raise _Malformed(f"{label}{shown} {found}")
    return kind.from_dict(entry)


def load_decks(folder: Path) -> list[Deck]:
    """Every deck in a folder, by file name."""
    return [load_deck(p) for p in deck_files(folder)]
