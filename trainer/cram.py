"""Custom study: cram the cards of a search, forgotten cards again, more new cards of a topic.

A cram session shows the matching cards in deck order and grades them. Without rescheduling
(the default, as Anki's filtered decks offer) it leaves the schedule untouched: each answer is
logged as cram, so it counts neither in retention figures, nor for the optimizer, nor against
the daily limits, nor for burying siblings, and the memory table is not written. With
rescheduling, answers are graded as in any session (early answers logged as early).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from trainer.errors import BadInput
from trainer.model import Rating
from trainer.schedule import LEARNING, NEW, RELEARNING
from trainer.store import Store
from trainer.study import MAX_ANSWER_MS, Counts, Graded, Session, Shown, UndoEntry
from trainer.studysettings import StudySettings

CRAM_LIMIT = 9999  # cards one cram session takes at most


def cards_for(store: Store, query: str, clock: Callable[[], datetime], deck: str | None = None,
              tz: tzinfo | None = None) -> list[str]:
    """The cards a browse search finds (`topic:`, `tag:`, `is:due`, free text...), in deck order,
    without retired or suspended ones: what a cram session shows."""
    from trainer.browse import Browser

    terms = f"{query} deck:{deck}" if deck else query
    results = Browser(store, clock, tz).search(f"{terms} -is:retired -is:suspended", limit=CRAM_LIMIT,
                                               finished=True)
    return [line.id for line in results.rows]


@dataclass
class CramSession(Session):
    """A session over a fixed list of cards (see the module docstring)."""

    cards: list[str] = field(default_factory=list)
    reschedule: bool = False
    _done: int = 0
    _states: dict[str, int] | None = None  # each card's study state, read once, kept as graded

    @classmethod
    def over(cls, store: Store, deck: str, clock: Callable[[], datetime], cards: list[str],
             reschedule: bool = False, tz: tzinfo | None = None) -> CramSession:
        if not cards:
            raise BadInput("no cards match that search: nothing to cram")
        return cls(store, deck, clock, StudySettings.load(store, deck), tz, cards=list(cards),
                   reschedule=reschedule)

    @property
    def schedules(self) -> bool:
        return self.reschedule

    def counts(self) -> Counts:
        """The cards left, by what they are (a cram of new cards shows them as new)."""
        if self._states is None:
            self._states = self.store.cards.states(self.cards)
        left = [self._states.get(card, NEW) for card in self.cards[self._done:]]
        new = left.count(NEW)
        learning = left.count(LEARNING) + left.count(RELEARNING)
        return Counts(new=new, learning=learning, review=len(left) - new - learning)

    def next(self) -> Shown | None:
        return self.show(self.cards[self._done]) if self._done < len(self.cards) else None

    def grade(self, shown: Shown, rating: Rating, duration_ms: int) -> Graded:
        rating = Rating(rating)
        if self.reschedule:
            graded = super().grade(shown, rating, duration_ms)
            if self._states is not None:
                self._states[shown.card.id] = graded.memory.state  # again: it comes back learning
        else:
            now = self.clock()
            review_id = self.store.reviews.record_cram(
                shown.card.id, rating, int(now.timestamp() * 1000), self.study_day(now),
                max(0, min(int(duration_ms), MAX_ANSWER_MS)), shown.memory)
            self._undo.append(UndoEntry("cram", shown.card.id, review_id, int(rating),
                                    max(0, int(duration_ms))))
            self._count(rating, duration_ms, +1)
            graded = Graded(review_id, shown.memory, False, None)
        self._advance(shown.card.id, rating)
        return Graded(graded.review_id, graded.memory, graded.leech, self.next())

    def _advance(self, card_id: str, rating: Rating) -> None:
        """The card is done; forgotten, it comes back once more at the end of the session."""
        self._done += 1
        if rating == Rating.AGAIN and self.cards.count(card_id) < 2:
            self.cards.append(card_id)

    def undo(self) -> Shown | None:
        if not self._undo:
            return None
        last = self._undo[-1]
        if last.kind == "cram":
            self._undo.pop()
            self.store.reviews.forget_cram(last.review_id)
            self._count(last.rating, last.duration_ms, -1)
        else:
            super().undo()
        self._back(last.card_id, last.rating)
        return self.show(last.card_id)

    def _back(self, card_id: str, rating: int) -> None:
        if rating == Rating.AGAIN and self.cards.count(card_id) == 2 and self.cards[-1] == card_id:
            self.cards.pop()
        self._done = max(0, self._done - 1)

    def next_due(self) -> int | None:
        return None  # a cram session ends when its cards are done

    def study_ahead(self, days: int = 1) -> Shown | None:  # noqa: ARG002 (nothing is ahead)
        return None
