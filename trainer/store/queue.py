"""The study queue's queries: the next card of each kind, how many are left, when the next is due.

Every query reads the memory table alone through its covering indexes (see schema.py) and
uses the store's one definition of a showable card (base.SHOWABLE). `Lineup` holds today's new
or review cards in memory, in the order they are shown, so a session picks and counts them
without a query per answer (see study.Session).
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable

from trainer.errors import UnknownCard
from trainer.model import Card
from trainer.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory
from trainer.store.base import IN_PLAY, SHOWABLE, Database, marks
from trainer.store.cards import memory_of
from trainer.store.schema import MEMORY_COLUMNS

# a card whose claim had a review today is a buried sibling until the next study day
PARSED_AHEAD = 64  # cards kept parsed ahead of need, at most (a few per lineup)
NOT_SIBLING = ("m.claim NOT IN (SELECT claim FROM reviews WHERE deck = :deck AND day = :day "
               "AND kind != 'cram')")
# studying ahead unburies siblings, but a card answered today never comes back ahead of time:
# the ahead queue ends, and no card can lapse twice in one day
NOT_ANSWERED = ("m.card NOT IN (SELECT card FROM reviews WHERE deck = :deck AND day = :day "
                "AND kind != 'cram')")


_NO_DETAIL = "AND m.priority = 'core'"


def _review_filter(ahead: bool) -> str:
    return f"AND {NOT_ANSWERED if ahead else NOT_SIBLING}"


# a lineup's row: (card, claim, position, buried_until), in the order the cards are shown
Row = tuple[str, str, int, int | None]
# a learning row: (card, due, position, buried_until)
LearningRow = tuple[str, int, int, int | None]


def _wake(times: Iterable[int | None], now: int) -> int | None:
    """When the first card buried past `now` comes back (None: none is)."""
    return min((t for t in times if t is not None and t > now), default=None)


class Lineup:
    """Today's new or review cards in the order they are shown: the first `limit` rows of one of
    the queries below, taken once. Cards leave it as the session answers, suspends or buries
    them (`drop_claim`, `drop_card`), and come back exactly as they left on undo (`restore`)."""

    def __init__(self, rows: list[Row], limit: int, now: int):
        self.complete = len(rows) < limit  # False: more cards wait behind these
        # a card buried until later is not showable yet: the lineup is good until then
        self.wake = _wake((r[3] for r in rows), now)
        shown = [r for r in rows if r[3] is None or r[3] <= now]
        self.cards = [r[0] for r in shown]
        self.positions = {r[0]: r[2] for r in shown}
        self.by_claim: dict[str, list[int]] = {}
        self.by_card: dict[str, int] = {}
        for i, (card, claim, _, _) in enumerate(shown):
            self.by_claim.setdefault(claim, []).append(i)
            self.by_card[card] = i
        self.gone = [False] * len(shown)
        self.live = len(shown)  # cards not gone
        self._head = 0  # no card before it is live

    def first(self) -> str | None:
        while self._head < len(self.cards) and self.gone[self._head]:
            self._head += 1
        return self.cards[self._head] if self._head < len(self.cards) else None

    def upcoming(self, k: int, besides: str | None = None) -> list[str]:
        """The first `k` live cards, in the order they are shown, leaving out the cards of claim
        `besides` (the one on screen: its siblings leave once it is answered)."""
        self.first()  # moves the head past the cards gone
        skip = set(self.by_claim.get(besides, ())) if besides else set()
        out = []
        for i in range(self._head, len(self.cards)):
            if not self.gone[i] and i not in skip:
                out.append(self.cards[i])
                if len(out) == k:
                    break
        return out

    def left(self, cap: int) -> int | None:
        """How many are left within `cap`; None when that cannot be told without a new query
        (fewer live cards than the cap, and others wait behind them)."""
        if cap <= 0:
            return 0
        if self.live >= cap:
            return cap
        return self.live if self.complete else None

    def _drop(self, positions: list[int]) -> list[int]:
        dropped = [i for i in positions if not self.gone[i]]
        for i in dropped:
            self.gone[i] = True
        self.live -= len(dropped)
        return dropped

    def drop_claim(self, claim: str) -> list[int]:
        """The claim's cards leave (a sibling was answered); returns what left, for `restore`."""
        return self._drop(self.by_claim.get(claim, []))

    def drop_card(self, card: str) -> list[int]:
        return self._drop([self.by_card[card]] if card in self.by_card else [])

    def restore(self, positions: list[int]) -> None:
        for i in positions:
            if self.gone[i]:
                self.gone[i] = False
                self.live += 1
                self._head = min(self._head, i)


class Learning:
    """The learning and relearning cards due by a time, ordered as first_learning picks them
    (due, then deck position), held in memory; a session moves a card in or out as it answers."""

    def __init__(self, rows: list[LearningRow], now: int):
        self.wake = _wake((r[3] for r in rows), now)
        self.keys = sorted((due, position, card) for card, due, position, buried in rows
                           if buried is None or buried <= now)
        self.of_card = {key[2]: key for key in self.keys}

    def first(self, due_by: int) -> str | None:
        return self.keys[0][2] if self.keys and self.keys[0][0] <= due_by else None

    def upcoming(self, k: int, besides: str | None = None) -> list[str]:  # noqa: ARG002
        """The first `k` (a learning card's siblings do not wait for another day)."""
        return [key[2] for key in self.keys[:k]]

    def count(self, due_by: int, cap: int) -> int:
        return min(cap, bisect.bisect_right(self.keys, (due_by, math.inf)))

    def remove(self, card: str) -> tuple[int, int, str] | None:
        key = self.of_card.pop(card, None)
        if key is not None:
            del self.keys[bisect.bisect_left(self.keys, key)]
        return key

    def add(self, key: tuple[int, int, str]) -> None:
        bisect.insort(self.keys, key)
        self.of_card[key[2]] = key


class Queue:
    def __init__(self, db: Database):
        self.db = db
        # cards parsed ahead of need at an idle moment (`prefetch`): showing one of them then
        # reads only its memory; a card whose content changed since is read again
        self._parsed: dict[str, Card] = {}

    def card(self, card_id: str) -> tuple[Card, Memory, int]:
        """A card to show: its content, its memory and the memory's version (what a grade
        must still find to apply), in one read (two for a card not parsed ahead)."""
        row = self.db.conn.execute(
            f"SELECT c.content_hash, {', '.join('m.' + c for c in MEMORY_COLUMNS)}, m.version "
            "FROM memory m JOIN cards c ON c.id = m.card WHERE m.card = ?", (card_id,)).fetchone()
        if row is None:
            raise UnknownCard(card_id)
        card = self._parsed.pop(card_id, None)
        if card is None or card.content_hash != row[0]:
            card = self._read_cards([card_id]).get(card_id)
            if card is None:
                raise UnknownCard(card_id)  # removed by a sync in between
        return card, memory_of(row[1:-1]), int(row[-1])

    def prefetch(self, card_ids: list[str]) -> None:
        """Parse ahead the cards likely shown next (the session calls this while the learner
        reads a card): the next answer then goes without reading and parsing a deck card."""
        missing = [c for c in card_ids if c not in self._parsed]
        if not missing:
            return
        if len(self._parsed) + len(missing) > PARSED_AHEAD:
            self._parsed.clear()
        self._parsed.update(self._read_cards(missing))

    def _read_cards(self, card_ids: list[str]) -> dict[str, Card]:
        return {r[0]: Card.from_dict(json.loads(r[1])) for r in self.db.conn.execute(
            f"SELECT id, data FROM cards WHERE id IN ({marks(len(card_ids))})", card_ids)}

    def first_learning(self, deck: str, due_by: int, now: int) -> str | None:
        """The learning or relearning card due first (by `due_by`). One indexed probe per
        state: an IN over both states would sort every learning card."""
        found = []
        for state in (LEARNING, RELEARNING):
            row = self.db.conn.execute(
                f"SELECT card, due, position FROM memory m WHERE deck = :deck AND state = {state} "
                f"AND due <= :due AND {SHOWABLE} ORDER BY due, position LIMIT 1",
                {"deck": deck, "due": due_by, "now": now}).fetchone()
            if row:
                found.append(row)
        return min(found, key=lambda r: (r[1], r[2]))[0] if found else None

    def learning_rows(self, deck: str, due_by: int) -> list[LearningRow]:
        """Every learning or relearning card in play due by `due_by` (buried ones too)."""
        return self.db.rows(
            f"SELECT card, due, position, buried_until FROM memory m WHERE deck = :deck AND state IN "
            f"({LEARNING}, {RELEARNING}) AND due <= :due AND {IN_PLAY}", {"deck": deck, "due": due_by})

    def count_learning(self, deck: str, due_by: int, now: int, cap: int = 999) -> int:
        return int(self.db.one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state IN "
            f"({LEARNING}, {RELEARNING}) AND due <= :due AND {SHOWABLE} LIMIT :cap)",
            {"deck": deck, "due": due_by, "now": now, "cap": cap}))

    def first_review(self, deck: str, due_before: int, day: int, now: int,
                     ahead: bool = False) -> str | None:
        """The review due first (before `due_before`). Ahead: siblings unburied, cards
        answered today left out."""
        return self.db.one(
            f"SELECT card FROM memory m WHERE deck = :deck AND state = {REVIEW} AND due < :due "
            f"AND {SHOWABLE} {_review_filter(ahead)} ORDER BY due, position LIMIT 1",
            {"deck": deck, "due": due_before, "day": day, "now": now})

    def count_reviews(self, deck: str, due_before: int, day: int, now: int, cap: int,
                      ahead: bool = False) -> int:
        return int(self.db.one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state = {REVIEW} "
            f"AND due < :due AND {SHOWABLE} {_review_filter(ahead)} LIMIT :cap)",
            {"deck": deck, "due": due_before, "day": day, "now": now, "cap": cap}))

    def review_rows(self, deck: str, due_before: int, day: int, limit: int,
                    ahead: bool = False) -> list[Row]:
        """The reviews first_review would give one after another (buried ones too, with the
        time they come back), `limit` at most."""
        return self.db.rows(
            f"SELECT card, claim, position, buried_until FROM memory m WHERE deck = :deck "
            f"AND state = {REVIEW} "
            f"AND due < :due AND {IN_PLAY} {_review_filter(ahead)} ORDER BY due, position LIMIT :limit",
            {"deck": deck, "due": due_before, "day": day, "limit": limit})

    def new_rows(self, deck: str, day: int, limit: int, detail: bool = True) -> list[Row]:
        """The new cards first_new would give one after another (buried ones too)."""
        return self.db.rows(
            f"SELECT card, claim, position, buried_until FROM memory m WHERE deck = :deck AND state = {NEW} "
            f"AND {IN_PLAY} AND {NOT_SIBLING} {_NO_DETAIL if not detail else ''} "
            "ORDER BY position LIMIT :limit", {"deck": deck, "day": day, "limit": limit})

    def first_new(self, deck: str, day: int, now: int, detail: bool = True) -> str | None:
        """The next new card in deck order (core cards come first there); without `detail`,
        detail cards are never introduced."""
        return self.db.one(
            f"SELECT card FROM memory m WHERE deck = :deck AND state = {NEW} AND {SHOWABLE} "
            f"AND {NOT_SIBLING} {_NO_DETAIL if not detail else ''} ORDER BY position LIMIT 1",
            {"deck": deck, "day": day, "now": now})

    def count_new(self, deck: str, day: int, now: int, cap: int, detail: bool = True) -> int:
        return int(self.db.one(
            f"SELECT count(*) FROM (SELECT 1 FROM memory m WHERE deck = :deck AND state = {NEW} "
            f"AND {SHOWABLE} AND {NOT_SIBLING} {_NO_DETAIL if not detail else ''} LIMIT :cap)",
            {"deck": deck, "day": day, "now": now, "cap": cap}))

    def done_today(self, deck: str, day: int) -> tuple[int, int]:
        """(new cards introduced, review-state cards answered) on a study day."""
        new, reviewed = self.db.conn.execute(
            f"SELECT coalesce(sum(prev_state = {NEW}), 0), coalesce(sum(prev_state = {REVIEW}), 0) "
            "FROM reviews WHERE deck = ? AND day = ? AND kind != 'cram'", (deck, day)).fetchone()
        return int(new), int(reviewed)

    def next_due(self, deck: str, day: int, day_end: int, review_floor: int) -> int | None:
        """When the next studied card will really be shown: a learning card at its step; a
        review at its due time, but not before the next study day when it is a buried sibling,
        nor before `review_floor` (the next day when today's review limit is used up)."""
        return self.db.one(
            f"SELECT min(CASE WHEN state IN ({LEARNING}, {RELEARNING}) "
            "THEN max(due, coalesce(buried_until, 0)) "
            f"WHEN {NOT_SIBLING} THEN max(due, coalesce(buried_until, 0), :floor) "
            "ELSE max(due, coalesce(buried_until, 0), :floor, :day_end) END) "
            f"FROM memory m WHERE deck = :deck AND state != {NEW} AND {IN_PLAY}",
            {"deck": deck, "day": day, "day_end": day_end, "floor": review_floor})

    def due_times(self) -> list[int]:
        """The due time of every scheduled card in play, every deck (the load balancer's counts:
        the memory_forecast index holds exactly these)."""
        return [r[0] for r in self.db.rows(
            f"SELECT due FROM memory m WHERE m.state != {NEW} AND {IN_PLAY} AND due IS NOT NULL")]

    def has_new(self, deck: str, detail: bool = True) -> bool:
        return self.db.one(f"SELECT 1 FROM memory m WHERE deck = ? AND state = {NEW} AND {IN_PLAY} "
                           f"{_NO_DETAIL if not detail else ''} LIMIT 1", (deck,)) is not None
