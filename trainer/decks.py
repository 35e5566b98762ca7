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
    try:
        if data.get("format") != FORMAT:
            raise TrainerError(f"{name}: deck format {data.get('format')!r} is not {FORMAT}; "
                               "regenerate it with this version's 'trainer generate'")
        return Deck(info=DeckInfo(**data["deck"]),
                    cards=tuple(Card.from_dict(c) for c in data["cards"]),
                    quiz=tuple(QuizItem.from_dict(q) for q in data["quiz"]), path=name)
    except (KeyError, TypeError, AttributeError) as exc:
        raise TrainerError(f"{name}: malformed deck file (missing or wrong {exc}); "
                           "regenerate it with 'trainer generate'") from None


def load_decks(folder: Path) -> list[Deck]:
    """Every deck in a folder, by file name."""
    if not folder.is_dir():
        raise TrainerError(f"{folder}: no such deck folder; pass --decks DIR or run "
                           "'trainer generate'")
    return [load_deck(p) for p in sorted(folder.glob("*.json"))]
