"""Read generated deck files (decks/<deck>.json) back into Deck records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
from trainer.errors import BadDeckFile, NoDecks
from trainer.model import Card, Deck, DeckInfo, QuizItem, Stamp

# 2: each card carries changed_at; `retired` holds cards gone from the seeds; `anki` the note type stamp
FORMAT = 2


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
    found = problem(data.get("deck"), DECK, DECK_REQUIRED)
    if found:
        raise BadDeckFile(path, f"malformed deck file: its 'deck' record {found}")
    try:
        info = DeckInfo(**data["deck"])
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


def deck_files(folder: Path) -> list[Path]:
    """The deck files of a folder, by name; a missing folder is NoDecks naming it."""
    if not folder.is_dir():
        raise NoDecks(folder, missing=True)
    return sorted(folder.glob("*.json"))


def load_decks(folder: Path) -> list[Deck]:
    """Every deck in a folder, by file name."""
    return [load_deck(p) for p in deck_files(folder)]
