"""Study sessions: today's queue, grading with previews, burying, leeches, undo and a summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo

from trainer.balance import Balancer, count_due_days, parse_easy_days
from trainer.days import Calendar
from trainer.model import Rating
from trainer.schedule import (
    LEARNING,
    NEW,
    RELEARNING,
    REVIEW,
    Memory,
    is_leech,
    seconds,
)
from trainer.shown import Counts, Graded, Shown, Summary
from trainer.store import Store
from trainer.store.base import IDLE_CHECKPOINT_ROWS
from trainer.store.queue import Learning
from trainer.store.schema import KIND_EARLY, KIND_LEARN, KIND_RELEARN, KIND_REVIEW
from trainer.studysettings import StudySettings
from trainer.today import LEARNING_SHOWN, Taken, Today, lineup
from trainer.today import position as card_position

LEARN_AHEAD = 20 * 60  # Anki: when nothing else is left, show learning cards due within 20 min
# Anki's cap on an answer's time: a card left on screen during a break is not a slow answer
MAX_ANSWER_MS = 60_000
PARSE_AHEAD = 2  # cards of each lineup parsed while the learner reads one (Session.idle)


@dataclass
class UndoEntry:
    kind: str  # "review", "suspend", or "cram" (an answer that changed no memory)
    card_id: str
    review_id: int = 0  # kind "review" only
    rating: int = 0
    duration_ms: int = 0
    leech: bool = False
    version: int = 0  # the card's memory version the undo expects to find
    moved: tuple[int | None, int | None] = (None, None)  # the due day before and after (balancer)
    taken: Taken | None = None  # what the change took out of the session's lineups


@dataclass
class Session:
    """One sitting on one deck. `clock` returns an aware UTC datetime (the interface's clock);
    `tz` decides where a study day starts (None: the machine's local time zone). Build one
    with Session.open, which reads the deck's settings once."""

    store: Store
    deck: str
    clock: Callable[[], datetime]
    settings: StudySettings
    tz: tzinfo | None = None
    ahead_until: int | None = None  # study ahead: reviews due before this count as due
    summary: Summary = field(default_factory=Summary)
    leeches: list[str] = field(default_factory=list)
    _undo: list[UndoEntry] = field(default_factory=list)
    _reviews_since_new: int = 0
    _today: Today | None = None  # today's lineups, kept answer by answer
    _generation: int = 0
    _balance: Balancer | None = None
    _showing: str | None = None  # the claim of the card last shown (Session.idle parses past it)

    calendar: Calendar = field(init=False)

    def __post_init__(self) -> None:
        self.calendar = Calendar(self.settings.rollover_hour, self.tz)

    @classmethod
    def open(cls, store: Store, deck: str, clock: Callable[[], datetime],
             tz: tzinfo | None = None) -> Session:
        return cls(store, deck, clock, StudySettings.load(store, deck), tz)

    # -- days -----------------------------------------------------------------------------------

    def study_day(self, now: datetime) -> int:
        return self.calendar.day(now)

    def day_end(self, now: datetime) -> int:
        """Unix seconds when the next study day starts."""
        return self.calendar.day_end(now)

    # -- the queue ------------------------------------------------------------------------------

    def _limits_left(self, day: int) -> tuple[int, int]:
        new_done, reviews_done = self.store.queue.done_today(self.deck, day)
        return (max(0, self.settings.new_per_day - new_done),
                max(0, self.settings.reviews_per_day - reviews_done))

    def _still(self, now: datetime) -> Today | None:
        """What the session read of today's cards, if nothing but this session changed them
        since (else None, and it is dropped): the same study day and ahead window, no other
        connection committed (data_version), this connection wrote nothing but this session's
        own changes (total_changes), and no buried card has come back since."""
        t = self._today
        if t is None:
            return None
        n = seconds(now)
        wake = t.wake()
        db = self.store.db
        if (not t.start <= t.taken_at <= n < t.end or t.ahead_until != self.ahead_until
                or (wake is not None and n >= wake)
                or t.changes != db.conn.total_changes or t.version != db.data_version()):
            self._today = None
            return None
        return t

    def _left(self, now: datetime) -> tuple[Today, int, int]:
        """Today's cards as read, with the (new, review) cards left within the limits. Counting
        and picking read the session's lineups (store.queue.Lineup), taken once and kept answer
        by answer; they are read again when another process or another part of the program
        writes, the study day turns, or a lineup runs short of the daily limit."""
        t = self._still(now)
        if t is not None:
            new, reviews = t.new_left(self.settings), t.reviews_left(self.settings)
            if new is not None and reviews is not None:
                return t, new, reviews
        t = self._take(now)
        return t, t.new_left(self.settings) or 0, t.reviews_left(self.settings) or 0

    def _take(self, now: datetime) -> Today:
        """Read today's cards afresh (a lineup takes SPARE rows past its limit: burying a few
        siblings does not send the session back to the database)."""
        n, day = seconds(now), self.study_day(now)
        db = self.store.db
        version = db.data_version()
        new_done, reviews_done = self.store.queue.done_today(self.deck, day)
        new_cap = self.settings.new_per_day - new_done
        review_cap = self.settings.reviews_per_day - reviews_done
        start, end = self.calendar.start(day), self.day_end(now)
        due_before = self.ahead_until or end
        new = reviews = None
        detail = self.settings.detail_cards
        if new_cap > 0:
            new = lineup(lambda limit: self.store.queue.new_rows(self.deck, day, limit, detail),
                          new_cap, n)
        if review_cap > 0:
            reviews = lineup(lambda limit: self.store.queue.review_rows(
                self.deck, due_before, day, limit, self.ahead), review_cap, n)
        learning = Learning(self.store.queue.learning_rows(self.deck, end + LEARN_AHEAD), n)
        self._generation += 1
        self._today = Today(start, end, self.ahead_until, version, db.conn.total_changes, n,
                            self._generation, new_done, reviews_done, new, reviews, learning)
        return self._today

    @property
    def schedules(self) -> bool:
        """Whether an answer here reschedules the card (a cram session may leave it as it is)."""
        return True

    def counts(self) -> Counts:
        """Cards left today (Anki's "new · learning · review"), within the daily limits."""
        t, new, review = self._left(self.clock())
        return Counts(new=new, learning=t.learning.count(t.end, LEARNING_SHOWN), review=review)

    def _pick(self) -> str | None:
        now = self.clock()
        n = seconds(now)
        today, new_left, reviews_left = self._left(now)
        learning = today.learning.first(n)
        if learning:
            return learning
        # spread new cards evenly through the reviews, as Anki's "mix with reviews" does
        if new_left and (not reviews_left or self._reviews_since_new >= reviews_left // new_left):
            assert today.new is not None  # cards are left: _left read them
            return today.new.first()
        if reviews_left:
            assert today.reviews is not None
            return today.reviews.first()
        # learning cards wait for their step even when studying ahead (Anki's learn-ahead
        # limit): showing them at once would loop over the same few cards
        return today.learning.first(n + LEARN_AHEAD)

    @property
    def ahead(self) -> bool:
        """Studying ahead: reviews due before ahead_until count as due."""
        return self.ahead_until is not None

    def show(self, card_id: str) -> Shown:
        """The card as it is now in the store (its memory read fresh, with its version)."""
        now = self.clock()
        card, memory, version = self.store.queue.card(card_id)
        self._showing = card.claim
        return Shown(card, memory, now, self.settings.scheduler, version, self._balancer(now))

    def _balancer(self, now: datetime) -> Balancer | None:
        """The load balancer, built at the first card from one query of the due dates of every
        scheduled card (the load the learner feels, all decks), then kept current grade by grade."""
        if not (self.settings.load_balance and self.settings.scheduler.fuzz):
            return None
        today = self.calendar.day(now)
        if self._balance is None:
            start = self.calendar.start(today)
            self._balance = Balancer(count_due_days(self.store.queue.due_times(), today, start),
                                     today, parse_easy_days(self.settings.easy_days))
        self._balance.today = today  # the study day may have turned since the last card
        return self._balance

    def _due_day(self, memory: Memory, today: int) -> int | None:
        """The balancer's day of a memory's due date (None: not counted, a new card)."""
        if memory.state == NEW or memory.due is None:
            return None
        return today + (memory.due - self.calendar.start(today)) // 86400

    def next(self) -> Shown | None:
        """The next card to show, or None when nothing is left for today."""
        card_id = self._pick()
        return self.show(card_id) if card_id else None

    # -- answering ------------------------------------------------------------------------------

    def grade(self, shown: Shown, rating: Rating, duration_ms: int) -> Graded:
        """Apply the outcome previewed for `rating`, durable before the next card is returned.
        Raises Conflict, writing nothing, when another process changed the card since it was
        shown (show it again: Session.show reads it fresh)."""
        rating = Rating(rating)
        after = shown.outcomes[rating]
        leech = is_leech(shown.memory, after)
        if leech:
            after = replace(after, suspended=True)
        now = self.clock()
        day = self.study_day(now)
        today = self._still(now)  # before the write: only what this answer changes is kept
        review_id, version = self.store.reviews.record(
            shown.card.id, rating, int(now.timestamp() * 1000), day, max(0, int(duration_ms)),
            shown.memory, after, shown.version, self._kind(shown.memory, day))
        taken = self._answered(today, shown, after, seconds(now))
        moved: tuple[int | None, int | None] = (None, None)
        if shown.balancer is not None:
            moved = (self._due_day(shown.memory, day), self._due_day(after, day))
            shown.balancer.moved(*moved)
        self._undo.append(UndoEntry("review", shown.card.id, review_id, int(rating),
                                max(0, int(duration_ms)), leech, version, moved, taken))
        self._count(rating, duration_ms, +1)
        if shown.memory.state == NEW:
            self._reviews_since_new = 0
        elif shown.memory.state == REVIEW:
            self._reviews_since_new += 1
        if leech:
            self.leeches.append(shown.card.id)
        return Graded(review_id, after, leech, self.next())

    def _answered(self, today: Today | None, shown: Shown, after: Memory, now: int) -> Taken | None:
        """Keep today's cards as a fresh read would find them after an answer: the claim's new
        and review cards are buried siblings now (studying ahead, only the card itself is out
        of the reviews: its siblings are unburied), the answer counts against its daily limit,
        and the card moves in the learning cards to its next step (or out of them)."""
        if today is None:
            return None
        card, claim, state = shown.card.id, shown.card.claim, shown.memory.state
        position = card_position(today, card)
        learning = after.state in (LEARNING, RELEARNING) and after.due is not None
        if learning and (position is None or (after.buried_until or 0) > now):
            self._today = None  # not a card this session read: read today's cards again
            return None
        new = today.new.drop_claim(claim) if today.new else []
        reviews = today.reviews or None
        out = [] if reviews is None else (reviews.drop_card(card) if self.ahead
                                          else reviews.drop_claim(claim))
        came_in = None
        went_out = today.learning.remove(card)
        if learning and not after.suspended and after.due is not None and position is not None \
                and after.due <= today.end + LEARN_AHEAD:
            came_in = (after.due, position, card)
            today.learning.add(came_in)
        taken = Taken(today.generation, new, out, int(state == NEW), int(state == REVIEW),
                      went_out, came_in)
        today.new_done += taken.new_done
        today.reviews_done += taken.reviews_done
        today.changes = self.store.db.conn.total_changes
        return taken

    def _put_back(self, today: Today | None, taken: Taken | None) -> None:
        """Undo what one change took from today's lineups (or read them again next time, when
        they are not the ones it changed)."""
        if today is None or taken is None or taken.generation != today.generation:
            self._today = None
            return
        if today.new is not None:
            today.new.restore(taken.new)
        if today.reviews is not None:
            today.reviews.restore(taken.reviews)
        if taken.learning_in is not None:
            today.learning.remove(taken.learning_in[2])
        if taken.learning_out is not None:
            today.learning.add(taken.learning_out)
        today.new_done -= taken.new_done
        today.reviews_done -= taken.reviews_done
        today.changes = self.store.db.conn.total_changes

    def _kind(self, before: Memory, day: int) -> str:
        """How the review stands in the log: a review-state card answered before its due
        day was studied early (kept out of true retention)."""
        if before.state == REVIEW:
            early = before.due is not None and self.calendar.day_of(before.due) > day
            return KIND_EARLY if early else KIND_REVIEW
        return KIND_RELEARN if before.state == RELEARNING else KIND_LEARN

    def _count(self, rating: int, duration_ms: int, sign: int) -> None:
        self.summary.reviewed += sign
        self.summary.again += sign * (rating == Rating.AGAIN)
        self.summary.duration_ms += sign * max(0, int(duration_ms))

    def undo(self) -> Shown | None:
        """Take back the last grade (or suspension): the card's state is restored exactly, its
        review removed, and it is shown again. Returns None when there is nothing to undo.
        Raises Conflict, changing nothing, when another window answered the card since."""
        if not self._undo:
            return None
        last = self._undo[-1]
        today = self._still(self.clock())
        if last.kind == "review":
            try:
                self.store.reviews.undo(last.review_id, last.version)
            finally:
                self._undo.pop()  # a conflict ends this undo too: that grade is not ours to take
            self._put_back(today, last.taken)
            if self._balance is not None and last.moved != (None, None):
                self._balance.moved(last.moved[1], last.moved[0])
            self._count(last.rating, last.duration_ms, -1)
            if last.leech:
                self.leeches.remove(last.card_id)
        else:
            self._undo.pop()
            self.store.cards.set_suspended(last.card_id, False)
            self._put_back(today, last.taken)
        return self.show(last.card_id)

    def suspend(self, card_id: str) -> Shown | None:
        """Suspend a card (undoable) and return the next one."""
        today = self._still(self.clock())
        self.store.cards.set_suspended(card_id, True)
        taken = None
        if today is not None:
            taken = Taken(today.generation, today.new.drop_card(card_id) if today.new else [],
                          today.reviews.drop_card(card_id) if today.reviews else [],
                          learning_out=today.learning.remove(card_id))
            today.changes = self.store.db.conn.total_changes
        self._undo.append(UndoEntry("suspend", card_id, taken=taken))
        return self.next()

    def unsuspend(self, card_id: str) -> None:
        self.store.cards.set_suspended(card_id, False)
        self._today = None  # the card (and only it) may be back: read today's cards again

    # -- when nothing is due --------------------------------------------------------------------

    def next_due(self) -> int | None:
        """When the next card will be shown (unix seconds): what the learner is told when
        nothing is left. New cards held back by the daily limit or by burying come back when
        the next study day starts."""
        now = self.clock()
        n, day, end = seconds(now), self.study_day(now), self.day_end(now)
        new_cap, review_cap = self._limits_left(day)
        times = [t for t in [self.store.queue.next_due(self.deck, day, end, 0 if review_cap else end)]
                 if t is not None]
        detail = self.settings.detail_cards
        if self.settings.new_per_day and self.store.queue.has_new(self.deck, detail):
            times.append(n if new_cap and self.store.queue.count_new(self.deck, day, n, 1, detail)
                         else end)
        return min(times) if times else None

    def study_ahead(self, days: int = 1) -> Shown | None:
        """Custom study: reviews due within `days` days count as due now, and buried siblings
        with them (the daily review limit still applies). A card answered today is left out,
        so the ahead queue runs down and ends."""
        self.ahead_until = self.day_end(self.clock()) + days * 86400
        return self.next()  # a new ahead window: today's cards are read again (Today.key)

    def idle(self) -> None:
        """The learner is reading a card: housekeeping that would slow an answer is done now
        (the write-ahead log folded back into the database, see store.base.Database), and
        the cards that may come next are parsed ahead."""
        self.store.db.checkpoint(IDLE_CHECKPOINT_ROWS)
        today = self._today
        if today is not None:
            lines = (today.learning, today.new, today.reviews)
            self.store.queue.prefetch([c for line in lines if line is not None
                                       for c in line.upcoming(PARSE_AHEAD, self._showing)])

    def finish(self) -> Summary:
        self.summary.next_due = self.next_due()
        return self.summary
