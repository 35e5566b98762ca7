"""What a study session knows of today's cards: read once, then kept answer by answer (and
read again when another connection writes, the day turns or a buried card comes back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trainer.store.queue import Learning, Lineup, Row
from trainer.studysettings import StudySettings

SPARE = 100  # rows a lineup takes past the daily limit
LEARNING_SHOWN = 999  # the learning count shown stops here (as store.queue.count_learning)


def position(today: Today, card: str) -> int | None:
    """A card's deck position, from what the session read of it (None: it read nothing)."""
    key = today.learning.of_card.get(card)
    if key is not None:
        return key[1]
    for line in (today.new, today.reviews):
        if line is not None and card in line.positions:
            return line.positions[card]
    return None


def lineup(rows: Callable[[int], list[Row]], cap: int, now: int) -> Lineup:
    """A lineup that can tell how many of its cards are left within `cap`: taken again with more
    rows while buried cards leave it short."""
    limit = cap + SPARE
    while True:
        line = Lineup(rows(limit), limit, now)
        if line.left(cap) is not None:
            return line
        limit *= 4


@dataclass
class Today:
    """What a session knows of today's cards: read once (Session._take), then kept by the
    session's own changes; `key`, `version` and `changes` say what it was read under."""

    start: int  # the study day read, [start, end) in unix seconds
    end: int
    ahead_until: int | None
    version: int  # the database's data_version then: another connection's commit moves it
    changes: int  # this connection's total_changes after the session's last own change
    taken_at: int
    generation: int  # an undo restores only what it took from these very lineups
    new_done: int
    reviews_done: int
    new: Lineup | None  # None: the daily limit was used up when read
    reviews: Lineup | None
    learning: Learning  # due by the end of the day and the learn-ahead time past it

    def wake(self) -> int | None:
        """When a buried card comes back: what was read is stale from then."""
        wakes = [line.wake for line in (self.new, self.reviews, self.learning)
                 if line is not None and line.wake is not None]
        return min(wakes) if wakes else None

    def new_left(self, settings: StudySettings) -> int | None:
        cap = settings.new_per_day - self.new_done
        if cap <= 0:
            return 0
        return self.new.left(cap) if self.new is not None else None

    def reviews_left(self, settings: StudySettings) -> int | None:
        cap = settings.reviews_per_day - self.reviews_done
        if cap <= 0:
            return 0
        return self.reviews.left(cap) if self.reviews is not None else None


@dataclass(frozen=True)
class Taken:
    """What one change took out of today's lineups (and how the done counts moved): an undo
    puts exactly that back."""

    generation: int
    new: list[int]
    reviews: list[int]
    new_done: int = 0
    reviews_done: int = 0
    learning_out: tuple[int, int, str] | None = None  # the card's learning entry before
    learning_in: tuple[int, int, str] | None = None  # and after
