"""Fitting the scheduler to the learner's own log, and the workload each desired retention costs.

Parameters live in the settings as `parameters`, in a deck's scope or the global one; the study
session reads them like any other setting (a deck's own, else the global ones, else FSRS-6's
defaults). Fitted parameters are stored only when they predict the learner's answers better
than the ones in use, out of sample (see trainer.optimize).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trainer.errors import BadInput
from trainer.optimize import Fitted, NotEnoughHistory, check_parameters, fit
from trainer.simulate import DEFAULT_RETENTIONS, Workload, costs_from_reviews, simulate
from trainer.store import Store
from trainer.studysettings import GLOBAL, StudySettings

KEY = "parameters"  # the setting's name
MAX_DAYS = 3650  # ten years: the simulation's cost grows with every day
OWN, INHERITED, DEFAULTS = "own", "global", "defaults"  # where a scope's parameters come from


def default_parameters() -> tuple[float, ...]:
    """What the scheduler uses when none are stored: py-fsrs's FSRS-6 defaults (the same
    values as fsrs-rs's, without its 32-bit float noise)."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return check_parameters(DEFAULT_PARAMETERS)


def parameters_in_use(store: Store, scope: str) -> tuple[tuple[float, ...], str]:
    """The parameters the scheduler uses for a deck (or globally), and where they come from:
    OWN (stored for this scope), INHERITED (the global ones, for a deck) or DEFAULTS."""
    own = store.settings.get(scope, KEY)
    if own is not None:
        return check_parameters(own), OWN
    shared = store.settings.get(GLOBAL, KEY) if scope != GLOBAL else None
    if shared is not None:
        return check_parameters(shared), INHERITED
    return default_parameters(), DEFAULTS


# -- fitting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Optimized:
    """What one run of the optimizer found, and whether the fit was stored."""

    scope: str  # a deck id, or GLOBAL
    current: tuple[float, ...]  # the parameters in use before this run
    outcome: Fitted | NotEnoughHistory
    applied: bool

    @property
    def unchanged(self) -> bool:
        """The fit gave the parameters already in use (the same history fitted again)."""
        return self.fitted is not None and self.fitted.parameters == self.current

    @property
    def fitted(self) -> Fitted | None:
        return self.outcome if isinstance(self.outcome, Fitted) else None

    def as_json(self) -> dict[str, object]:
        f = self.fitted
        # "reviews": every answer of the histories read; "counted": those a fit learns from (an
        # answer on a later day than the card's previous one), what "needed" more of are wanted
        needed = getattr(self.outcome, "needed", 0)
        return {"parameters": list(f.parameters) if f else None, "reviews": self.outcome.reviews,
                "counted": self.outcome.items, "needed": needed,
                "log_loss_before": f.before.log_loss if f else None,
                "log_loss_after": f.after.log_loss if f else None,
                "rmse_before": f.before.rmse_bins if f else None,
                "rmse_after": f.after.rmse_bins if f else None, "applied": self.applied}


@dataclass(frozen=True)
class Removed:
    """Stored parameters removed: the scope falls back to the global ones or the defaults."""

    scope: str
    had: bool  # there were parameters stored for the scope
    now: tuple[float, ...]  # what the scheduler uses from now on
    source: str  # INHERITED or DEFAULTS


def optimize(store: Store, deck: str | None, apply: bool = False,
             reset: bool = False) -> Optimized | Removed:
    """Fit FSRS-6 to the log of `deck` (None: every deck, stored globally). `apply` stores the
    fit when it is better than the parameters in use; `reset` removes the stored parameters
    instead of fitting. Too little history fits nothing and changes nothing."""
    scope = deck or GLOBAL
    if reset:
        had = store.settings.get(scope, KEY) is not None
        if had:
            store.settings.delete(scope, KEY)
        now, source = parameters_in_use(store, scope)
        return Removed(scope, had, now, source)
    current, _ = parameters_in_use(store, scope)
    steps = len(StudySettings.load(store, scope).scheduler.relearning_steps)
    outcome = fit(store.history.events(deck), current, relearning_steps=steps)
    # the same history fits the same parameters again: nothing to store, whatever the figures
    # (they compare the fitting against the parameters in use, which it produced itself)
    applied = (isinstance(outcome, Fitted) and apply and outcome.better
               and outcome.parameters != current)
    if applied:
        assert isinstance(outcome, Fitted)
        store.settings.set(scope, KEY, list(outcome.parameters))
    return Optimized(scope, current, outcome, applied)


# -- the workload -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkloadReport:
    """The simulated workload of a deck (or of every deck, summed) per desired retention."""

    deck: str | None
    days: int
    cards: int  # cards in play: what the simulation learns, `new_per_day` a day
    new_per_day: int
    parameters: str  # OWN, INHERITED or DEFAULTS; "mixed" when decks differ
    answers: int  # answers the learner's own times come from (0: the library's defaults)
    current: float | None  # the desired retention in use (None when decks differ)
    workloads: tuple[Workload, ...]  # one per retention, lowest first

    def as_json(self) -> dict[str, object]:
        return {"deck": self.deck, "days": self.days, "cards": self.cards,
                "new_per_day": self.new_per_day, "parameters": self.parameters,
                "answers": self.answers, "desired_retention": self.current,
                "retentions": [{
                    "retention": w.retention, "reviews_per_day": round(w.reviews_per_day, 2),
                    "minutes_per_day": round(w.minutes_per_day, 2),
                    "remembered": round(w.remembered, 1), "new_per_day": round(w.new_per_day, 2),
                    "daily_reviews": list(w.daily_reviews),
                    "daily_minutes": [round(m, 2) for m in w.daily_minutes]}
                    for w in self.workloads]}


def check_request(days: int, retentions: Sequence[float]) -> tuple[float, ...]:
    """The retentions to simulate (sorted, once each), or BadInput: a retention the settings
    would refuse (see trainer.limits), no retention, or days outside 1..MAX_DAYS. Worded as
    `trainer config` words a bad value ("allowed: 0.70-0.99"), naming the option."""
    from trainer.limits import bounds_text, problem

    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"option --days: {days} is out of range; allowed: 1-{MAX_DAYS}")
    if not retentions:
        raise BadInput("give at least one desired retention to simulate")
    for r in retentions:
        if found := problem("desired_retention", r):
            raise BadInput(f"option --retention: {r:g} is {found}; "
                           f"allowed: {bounds_text('desired_retention')}")
    return tuple(sorted(set(float(r) for r in retentions)))


def workload(store: Store, deck: str | None, days: int = 365,
             retentions: Sequence[float] = DEFAULT_RETENTIONS) -> WorkloadReport:
    """Each desired retention's reviews and minutes a day, and the cards remembered at the end,
    from learning the deck (None: each deck, summed) at its own pace with its own parameters
    and the learner's own answer times."""
    wanted = check_request(days, retentions)
    decks = [deck] if deck is not None else [d.id for d in store.decks.all()]
    parts = [_deck_workload(store, d, days, wanted) for d in decks]
    if not parts:
        empty = simulate(default_parameters(), 0, days, wanted)
        return WorkloadReport(None, days, 0, 0, DEFAULTS, 0, None, tuple(empty))
    sources = {p.parameters for p in parts}
    currents = {p.current for p in parts}
    return WorkloadReport(
        deck=deck, days=days, cards=sum(p.cards for p in parts),
        new_per_day=sum(p.new_per_day for p in parts),
        parameters=sources.pop() if len(sources) == 1 else "mixed",
        answers=sum(p.answers for p in parts),
        current=currents.pop() if len(currents) == 1 else None,
        workloads=tuple(_summed([p.workloads[i] for p in parts]) for i in range(len(wanted))))


def _deck_workload(store: Store, deck: str, days: int,
                   retentions: tuple[float, ...]) -> WorkloadReport:
    settings = StudySettings.load(store, deck)
    sched = settings.scheduler
    parameters, source = parameters_in_use(store, deck)
    costs = costs_from_reviews(store.history.events(deck))
    cards = store.history.active_cards(deck)
    result = simulate(parameters, cards, days, retentions, new_per_day=settings.new_per_day,
                      reviews_per_day=settings.reviews_per_day,
                      maximum_interval=sched.maximum_interval,
                      learning_steps=len(sched.learning_steps),
                      relearning_steps=len(sched.relearning_steps), costs=costs)
    return WorkloadReport(deck, days, cards, settings.new_per_day, source, costs.answers,
                          sched.desired_retention, tuple(result))


def _summed(parts: list[Workload]) -> Workload:
    """The workload of several decks studied side by side: every figure added up."""
    if len(parts) == 1:
        return parts[0]

    def add(series: list[tuple]) -> tuple:
        return tuple(sum(day) for day in zip(*series, strict=True))

    return Workload(
        retention=parts[0].retention, reviews_per_day=sum(p.reviews_per_day for p in parts),
        new_per_day=sum(p.new_per_day for p in parts),
        minutes_per_day=sum(p.minutes_per_day for p in parts),
        remembered=sum(p.remembered for p in parts),
        daily_reviews=add([p.daily_reviews for p in parts]),
        daily_minutes=add([p.daily_minutes for p in parts]),
        daily_remembered=add([p.daily_remembered for p in parts]))
