"""Study settings as a session uses them: defaults, the global scope, a deck's own values."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import tzinfo
from typing import Any

from trainer.days import DEFAULT_ROLLOVER, Calendar
from trainer.limits import BOUNDS, problem
from trainer.schedule import SchedulerConfig
from trainer.store import Store

GLOBAL = "global"  # the settings scope that applies to every deck


@dataclass(frozen=True)
class StudySettings:
    """Per-deck settings: the scheduler's plus daily limits and the day rollover hour."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = DEFAULT_ROLLOVER
    detail_cards: bool = True  # introduce detail cards as new cards (False: core cards only)
    load_balance: bool = True  # with fuzz on: a review goes to the lightest day of its fuzz range
    easy_days: str = ""  # lighter weekdays for the balancer: "sat=50% sun=0%"
    scheduler: SchedulerConfig = field(default_factory=SchedulerConfig)

    @classmethod
    def load(cls, store: Store, deck: str) -> StudySettings:
        """Defaults, overridden by the global scope, overridden by the deck's own settings."""
        values = {k: v for k, (_, v) in applied(store, deck).items()}
        sched_keys = {f.name for f in fields(SchedulerConfig)}
        sched: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v
                                 for k, v in values.items() if k in sched_keys}
        own = {k: v for k, v in values.items() if k in {f.name for f in fields(cls)} - {"scheduler"}}
        return cls(**own, scheduler=SchedulerConfig(**sched))


def applied(store: Store, deck: str) -> dict[str, tuple[str, Any]]:
    """The stored values a deck's sessions use, by key, each with the scope it comes from
    (the deck's id or GLOBAL): the deck's own value wins over the global one."""
    stored = {k: (GLOBAL, v) for k, v in store.settings.scope(GLOBAL).items()}
    if deck != GLOBAL:
        stored.update({k: (deck, v) for k, v in store.settings.scope(deck).items()})
    # a stored value out of bounds (an older version's, or hand-made) falls back to the
    # default: `trainer config` reports it (settings.stored_problems)
    return {k: (scope, v) for k, (scope, v) in stored.items() if k not in BOUNDS or not problem(k, v)}


def calendar(store: Store, tz: tzinfo | None = None) -> Calendar:
    """The learner's study days, from the global rollover setting."""
    return Calendar(StudySettings.load(store, GLOBAL).rollover_hour, tz)
