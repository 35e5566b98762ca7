"""FSRS-6 scheduling (the `fsrs` package): a card's memory, the four outcomes, interval labels."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from trainer.model import Rating

if TYPE_CHECKING:
    import fsrs

    from trainer.balance import Balancer

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3  # 0 is ours: fsrs has no "never seen" state
STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}
LEECH_LAPSES = 8


@dataclass(frozen=True)
class SchedulerConfig:
    """Per-deck scheduling settings (Anki's defaults for FSRS)."""

    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (60, 600)  # seconds: 1m, 10m
    relearning_steps: tuple[int, ...] = (600,)  # seconds: 10m
    maximum_interval: int = 36500  # days
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None  # FSRS-6's 21 weights; None: fsrs's defaults


# Memory.to_json of a card with a memory (stability and difficulty set): its fields in order,
# as json.dumps writes them with no spaces
_ANSWERED_JSON = "[%d,%s,%r,%r,%s,%s,%d,%d,%s,%s]"


@dataclass(frozen=True, init=False)
class Memory:
    """What the trainer remembers about a card; times are unix seconds (UTC)."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: int | None
    last_review: int | None
    reps: int
    lapses: int
    suspended: bool
    buried_until: int | None

    def __init__(self, state: int = NEW, step: int | None = None, stability: float | None = None,
                 difficulty: float | None = None, due: int | None = None,
                 last_review: int | None = None, reps: int = 0, lapses: int = 0,
                 suspended: bool = False, buried_until: int | None = None):
        # the instance's fields in one write, where a frozen dataclass's own __init__ makes ten
        # object.__setattr__ calls: 2.0 -> 0.7 us a memory, and replaying 100k answers brought
        # from Anki builds 100k of them
        object.__setattr__(self, "__dict__", {
            "state": state, "step": step, "stability": stability, "difficulty": difficulty,
            "due": due, "last_review": last_review, "reps": reps, "lapses": lapses,
            "suspended": suspended, "buried_until": buried_until})

    def to_dict(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict deep-copies every value, which made it the slowest part
        # of writing a review (and of replaying a history imported from Anki)
        return {"state": self.state, "step": self.step, "stability": self.stability,
                "difficulty": self.difficulty, "due": self.due, "last_review": self.last_review,
                "reps": self.reps, "lapses": self.lapses, "suspended": self.suspended,
                "buried_until": self.buried_until}

    def to_json(self) -> str:
        """The memory as the review log stores it: its fields in order as a JSON array (the log
        holds two per answer, and objects with their keys took 2.6 times the bytes), written by
        hand (a review writes two, an import from Anki two per answer: json.dumps was most of it)."""
        step, stability, difficulty, due = self.step, self.stability, self.difficulty, self.due
        last, buried = self.last_review, self.buried_until
        if stability is not None and difficulty is not None:
            # %r of a float is what json.dumps writes for it; %-formatting a template is
            # faster than an f-string calling repr() (an import encodes 100k memories)
            return _ANSWERED_JSON % (self.state, "null" if step is None else step, stability,
                                     difficulty, "null" if due is None else due,
                                     "null" if last is None else last, self.reps, self.lapses,
                                     "true" if self.suspended else "false",
                                     "null" if buried is None else buried)
        return json.dumps(list(self.to_dict().values()), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Memory:
        """A memory as the review log holds it: an array (schema v7 on) or an object (before)."""
        fields = json.loads(text)
        return cls(*fields) if isinstance(fields, list) else cls(**fields)


def utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def warm_up() -> None:
    """Import fsrs ahead of need (the TUI calls this in a thread after its first paint):
    importing it lazily keeps it off the path to the first card on screen."""
    import fsrs  # noqa: F401


@lru_cache(maxsize=32)
def scheduler(config: SchedulerConfig) -> fsrs.Scheduler:
    import fsrs

    extra = {} if config.parameters is None else {"parameters": tuple(config.parameters)}
    return fsrs.Scheduler(
        **extra,
        desired_retention=config.desired_retention,
        learning_steps=tuple(timedelta(seconds=s) for s in config.learning_steps),
        relearning_steps=tuple(timedelta(seconds=s) for s in config.relearning_steps),
        maximum_interval=config.maximum_interval,
        enable_fuzzing=config.fuzz,
    )


@lru_cache(maxsize=32)
def _unfuzzed(config: SchedulerConfig) -> SchedulerConfig:
    return replace(config, fuzz=False)


def _to_fsrs(memory: Memory, now: datetime) -> fsrs.Card:
    import fsrs

    # card_id is given so fsrs does not read the clock (and sleep 1 ms) to invent one
    if memory.state == NEW:
        return fsrs.Card(card_id=1, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=1, state=fsrs.State(memory.state), step=memory.step, stability=memory.stability,
        difficulty=memory.difficulty, due=utc(memory.due) if memory.due is not None else now,
        last_review=utc(memory.last_review) if memory.last_review is not None else None,
    )


DAY = 86_400  # seconds


def review(memory: Memory, rating: Rating, now: datetime, config: SchedulerConfig,
           balancer: Balancer | None = None, lower: dict[Rating, Memory] | None = None) -> Memory:
    """The memory after answering `rating` at `now` (aware UTC). Pure: the input is not changed.
    With a `balancer` and fuzz on, a review-state outcome goes to the day the balancer picks in
    the fuzz range instead of fsrs's random one, so the same call gives the same answer.
    Good and Easy are kept at least a day past the button before them, as Anki keeps its own
    FSRS buttons (fsrs works out each on its own, and a young card could show Good 1d, Easy 1d);
    `lower` holds the results already worked out for the buttons before (outcomes passes them,
    so the rule holds against the very intervals on screen)."""
    after = _answer(memory, rating, now, config, balancer)
    if rating in (Rating.GOOD, Rating.EASY) and after.state == REVIEW:
        below = Rating(rating - 1)
        before = lower[below] if lower is not None and below in lower else \
            review(memory, below, now, config, balancer)
        if before.state == REVIEW and after.due is not None and before.due is not None:
            at = seconds(now)
            days = min(max(after.due - at, before.due - at + DAY) // DAY, config.maximum_interval)
            after = replace(after, due=at + days * DAY)
    return after


def _answer(memory: Memory, rating: Rating, now: datetime, config: SchedulerConfig,
            balancer: Balancer | None) -> Memory:
    """What fsrs makes of one answer (with the balancer's day, if any)."""
    import fsrs

    balanced = balancer is not None and config.fuzz
    sched = scheduler(_unfuzzed(config) if balanced else config)
    card, _ = sched.review_card(_to_fsrs(memory, now), fsrs.Rating(int(rating)), now)
    due = card.due
    if balancer is not None and balanced and card.state == fsrs.State.Review:
        due = now + timedelta(days=balancer.pick((card.due - now).days, config.maximum_interval))
    lapsed = memory.state == REVIEW and rating == Rating.AGAIN
    # the constructor, not dataclasses.replace: this runs for every button and every replay
    return Memory(
        state=int(card.state), step=card.step, stability=card.stability,
        difficulty=card.difficulty, due=seconds(due), last_review=seconds(now),
        reps=memory.reps + 1, lapses=memory.lapses + lapsed, suspended=memory.suspended,
        buried_until=memory.buried_until,
    )


def outcomes(memory: Memory, now: datetime, config: SchedulerConfig,
             balancer: Balancer | None = None) -> dict[Rating, Memory]:
    """The four possible results, computed once: fsrs fuzz is random, so the preview shown on
    a button must be the very result that grading applies (with a balancer it is not random,
    as long as its due counts do not change between the preview and the grade)."""
    out: dict[Rating, Memory] = {}
    for rating in Rating:  # in order: each button after the one it must stay past
        out[rating] = review(memory, rating, now, config, balancer, lower=out)
    return out


def retrievability(memory: Memory, now: datetime, config: SchedulerConfig) -> float | None:
    if memory.state == NEW or memory.stability is None:
        return None
    return scheduler(config).get_card_retrievability(_to_fsrs(memory, now), now)


def is_leech(before: Memory, after: Memory) -> bool:
    """A lapse that brings the card to the leech threshold (Anki's: 8 lapses)."""
    return after.lapses > before.lapses and after.lapses >= LEECH_LAPSES


def interval_label(now: int, due: int | None) -> str:
    """Anki-style short interval: "<1m", "10m", "3h", "4d", "2.5mo", "1.2y"."""
    if due is None:
        return ""
    span = max(0, due - now)
    if span < 60:
        return "<1m"
    if span < 3600:
        return f"{round(span / 60)}m"
    if span < 86400:
        return f"{round(span / 3600)}h"
    days = span / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")
