"""The deck file's layout: plain JSON, one card (or quiz item) per line, so a reader can go
through a 100k-card file a line at a time, and skip an unchanged card by its hash without
parsing it.

    {
     "format": 2,
     "deck": {...},
     "anki": {...},
     "cards": [
      {"answer": ..., "content_hash": "0d7c...", "id": "hcq-every-patient/qa", ...},
      ...
     ],
     "quiz": [
      ...
     ],
     "retired": [
      ...
     ]
    }

Every record's keys are sorted, the parts come in this fixed order, and there are no
timestamps beyond the cards' own change times: the same deck gives the same bytes, and `git
diff decks/` shows one line per changed card. A file in any other layout (hand-edited, an
older trainer's) is still read, by parsing it whole (trainer.decks).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

PARTS = ("format", "deck", "anki")  # one-line parts, in this order, before the lists
LISTS = ("cards", "quiz", "retired")


def _one(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def dump(data: dict[str, Any]) -> str:
    """The file's text for a deck record (its parts as `trainer generate` builds them)."""
    lines = ["{"]
    for key in PARTS:
        lines.append(f' "{key}": {_one(data[key])},')
    for n, key in enumerate(LISTS):
        items = data[key]
        end = "," if n < len(LISTS) - 1 else ""
        if not items:
            lines.append(f' "{key}": []{end}')
            continue
        lines.append(f' "{key}": [')
        lines += [f"  {_one(item)}," for item in items[:-1]]
        lines += [f"  {_one(items[-1])}", f" ]{end}"]
    lines.append("}")
    return "\n".join(lines) + "\n"


# what a card line tells without being parsed: its id and content hash (keys are sorted, and
# the generator escapes no character of an id or a hex hash)
_HASH = re.compile(r'"content_hash": "([0-9a-f]*)"')
_ID = re.compile(r'"id": "([^"\\]*)"')


@dataclass(frozen=True)
class RawCard:
    """A card line of the file, not parsed yet (text: the card's JSON object)."""

    position: int
    text: str
    line: int  # in the file, for messages

    def peek(self) -> tuple[str, str] | None:
        """(id, content hash) read off the line, or None when it does not show them plainly."""
        h, i = _HASH.search(self.text), _ID.search(self.text)
        return (i.group(1), h.group(1)) if h and i else None


@dataclass(frozen=True)
class Incoming:
    """A card as deck sync needs it: the columns the store keeps, and its JSON text (`data`)."""

    id: str
    claim: str
    kind: str
    topic: str
    priority: str
    content_hash: str
    changed_at: int
    data: str


class NotLines(Exception):
    """The file is not in this layout: read it whole instead."""


@dataclass
class Head:
    format: Any
    deck: Any
    anki: Any


def read_head(f: TextIO) -> Head:
    """The one-line parts at the top of the file; raises NotLines when the layout differs."""
    if f.readline().rstrip("\n") != "{":
        raise NotLines
    values = {}
    for key in PARTS:
        line = f.readline()
        prefix = f' "{key}": '
        if not line.startswith(prefix) or not line.endswith(",\n"):
            raise NotLines
        try:
            values[key] = json.loads(line[len(prefix):-2])
        except (json.JSONDecodeError, RecursionError):
            raise NotLines from None
    return Head(values["format"], values["deck"], values["anki"])


def card_lines(f: TextIO, first_line: int = 5) -> Iterator[RawCard]:
    """The card lines after read_head, one at a time; raises NotLines at any surprise."""
    opener = f.readline()
    if opener == ' "cards": [],\n':
        return
    if opener != ' "cards": [\n':
        raise NotLines
    position, number = 0, first_line
    while True:
        line = f.readline()
        number += 1
        if line in (" ],\n", " ]\n"):
            return
        if not line.startswith("  {"):
            raise NotLines
        text = line[2:].rstrip("\n")
        if text.endswith(","):
            text = text[:-1]
        yield RawCard(position, text, number)
        position += 1
