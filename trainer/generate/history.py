"""Change times carried from the previous deck file: a card keeps its time while its content hash holds.

The deck file is the one place a card's last content change is recorded, so every machine that
exports it gives Anki the same note times (Anki updates a note only when the incoming mtime is
newer). `trainer generate` passes the current time in; this module decides, per card:

- unchanged content hash: the previous file's changed_at, so regenerating changes no byte;
- new or changed card: the current time, but always later than every time its claim's note
  had so far, since Anki needs a strictly newer mtime (the same second, or a clock set back,
  would otherwise lose the change);
- a card gone from the seeds: kept under `retired` as it last was, with the time it went as its
  changed_at, so the export can go on marking its Anki note (and its note's time moves once).

The note type gets the same treatment: {hash, changed_at} moves only when its hash does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from trainer.errors import BadDeckFile


@dataclass(frozen=True)
class Previous:
    """What the previous deck file says about times: its cards, retired cards and note type stamp."""

    cards: dict[str, dict] = field(default_factory=dict)
    retired: dict[str, dict] = field(default_factory=dict)
    notetype: dict = field(default_factory=dict)

    @cached_property
    def _note_times(self) -> dict[str, int]:
        times: dict[str, int] = {}
        for card in (*self.cards.values(), *self.retired.values()):
            claim, at = str(card.get("claim", "")), card.get("changed_at")
            if isinstance(at, int) and at > times.get(claim, 0):
                times[claim] = at
        return times

    def note_time(self, claim: str) -> int:
        """The newest changed_at among the claim's previous cards, live or retired (its note's mtime)."""
        return self._note_times.get(claim, 0)


def read_previous(path: Path) -> Previous:
    """The times in an existing deck file; nothing for a missing file.

    A file of the older format (no times yet) gives its cards and no times, so every card is
    stamped once. A file that is not a deck file is an error: writing over it would lose the
    times it may hold, so it is the author's call (restore it, or delete it).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Previous()
    except OSError as exc:
        raise BadDeckFile(path, f"cannot read the previous deck file ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadDeckFile(path, f"the previous deck file is not JSON ({exc}), so its cards' change "
                                "times cannot be kept; restore it, or delete it to stamp every card "
                                "afresh") from None
    if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
        raise BadDeckFile(path, "the previous deck file is not a deck file, so its cards' change times "
                                "cannot be kept; restore it, or delete it to stamp every card afresh")
    anki = data.get("anki")
    notetype = anki.get("notetype") if isinstance(anki, dict) else None
    return Previous(cards=_by_id(data["cards"]), retired=_by_id(data.get("retired") or []),
                    notetype=notetype if isinstance(notetype, dict) else {})


def _by_id(entries: Any) -> dict[str, dict]:
    return {e["id"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def stamp_cards(cards: list[dict], previous: Previous, now: int) -> None:
    """Set each card's changed_at (in place): kept while its content hash is unchanged, else now."""
    for card in cards:
        before = previous.cards.get(card["id"]) or {}
        at = before.get("changed_at")
        if before.get("content_hash") == card["content_hash"] and isinstance(at, int) and at > 0:
            card["changed_at"] = at
        else:
            card["changed_at"] = max(now, previous.note_time(card["claim"]) + 1)


def retired_cards(cards: list[dict], previous: Previous, now: int) -> list[dict]:
    """The cards of the previous file (live or already retired) that `cards` no longer holds.

    Already retired ones are carried as they are; a card retired now is its last version with
    changed_at = now (later than its note's time, so Anki takes the retirement). Order: the
    earlier retired first, then the newly retired in their previous deck order.
    """
    live = {card["id"] for card in cards}
    out = [entry for cid, entry in previous.retired.items() if cid not in live]
    for cid, entry in previous.cards.items():
        if cid not in live and cid not in previous.retired:
            out.append({**entry, "changed_at": max(now, previous.note_time(entry.get("claim", "")) + 1)})
    return out


def stamp_notetype(notetype_hash: str, previous: Previous, now: int) -> dict:
    """{hash, changed_at} of the Anki note type: the previous time while its hash holds."""
    last = previous.notetype.get("changed_at")
    last = last if isinstance(last, int) and last > 0 else 0
    if previous.notetype.get("hash") == notetype_hash and last:
        return {"hash": notetype_hash, "changed_at": last}
    return {"hash": notetype_hash, "changed_at": max(now, last + 1)}
