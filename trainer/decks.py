"""Read generated deck files (decks/<deck>.json) back into Deck records."""

from __future__ import annotations

import json
from pathlib import Path

from trainer.errors import TrainerError
from trainer.model import Card, Deck, DeckInfo, QuizItem

FORMAT = 1


def load_deck(path: Path) -> Deck:
    """One deck file; a broken file is one clear error naming it."""
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TrainerError(f"{name}: cannot read deck file ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = f":{exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise TrainerError(f"{name}{line}: not a deck file ({exc}); "
                           "regenerate it with 'trainer generate'") from None
    regenerate = "regenerate it with 'trainer generate'"
    if not isinstance(data, dict) or "format" not in data:
        raise TrainerError(f"{name}: not a trainer deck file (no 'format' field); {regenerate}")
    if data["format"] != FORMAT:
        raise TrainerError(f"{name}: deck format {data['format']!r} is not {FORMAT}; "
                           f"{regenerate} of this version")
    try:
        info = DeckInfo(**data["deck"])
        cards = tuple(_entry(Card, c, i) for i, c in enumerate(data["cards"]))
        quiz = tuple(_entry(QuizItem, q, i) for i, q in enumerate(data["quiz"]))
    except _Malformed as exc:
        raise TrainerError(f"{name}: {exc}; {regenerate}") from None
    except (KeyError, TypeError, AttributeError) as exc:
        what = exc.args[0] if isinstance(exc, KeyError) else "its 'deck', 'cards' or 'quiz' part"
        raise TrainerError(f"{name}: malformed deck file (missing or wrong {what!r}); "
                           f"{regenerate}") from None
    return Deck(info=info, cards=cards, quiz=quiz, path=name)


class _Malformed(Exception):
    pass


def _entry(kind, entry, index: int):
    """One card or quiz item; a broken one is named by its position and id."""
    label = f"{'card' if kind is Card else 'quiz item'} #{index + 1}"
    if not isinstance(entry, dict):
        raise _Malformed(f"{label} is not an object")
    try:
        return kind.from_dict(entry)
    except (KeyError, TypeError) as exc:
        raise _Malformed(f"{label} ({entry.get('id', 'no id')}) lacks or mangles {exc}") from None


def load_decks(folder: Path) -> list[Deck]:
    """Every deck in a folder, by file name."""
    if not folder.is_dir():
        raise TrainerError(f"{folder}: no such deck folder; pass --decks DIR or run "
                           "'trainer generate'")
    return [load_deck(p) for p in sorted(folder.glob("*.json"))]
