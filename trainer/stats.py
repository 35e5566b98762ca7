"""Progress figures for `trainer stats` and the stats screen (computed in SQL by the store)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, tzinfo

from trainer.days import Calendar, day_date
from trainer.schedule import seconds
from trainer.store import Store
from trainer.store.views import BasicStats
from trainer.study import Session
from trainer.studysettings import GLOBAL, StudySettings

HISTORY_DAYS = 365  # reviews per day and the calendar look back this far
FORECAST_DAYS = 30
RETENTION_WINDOW = 30  # days: the headline retention, per-topic retention and weak topics
RETENTION_DAYS = (7, RETENTION_WINDOW)
MIN_SAMPLE = 5  # fewer answers than this say too little about a topic to call it weak
WEAKEST = 3


def basic(store: Store, now: datetime, cal: Calendar) -> BasicStats:
    """cards, reviews, reviews today, due now, retention over the last RETENTION_WINDOW days."""
    today = cal.day(now)
    return store.stats.basic(seconds(now), today, today - RETENTION_WINDOW + 1)


@dataclass(frozen=True)
class DeckCounts:
    """A deck with what is left today (limits applied, as Anki shows)."""

    id: str
    name: str
    cards: int
    new: int
    learning: int
    due: int

    def as_json(self) -> dict:
        return asdict(self)


def deck_counts(store: Store, clock: Callable[[], datetime],
                tz: tzinfo | None = None) -> list[DeckCounts]:
    out = []
    for deck in store.decks.all():
        counts = Session.open(store, deck.id, clock, tz).counts()
        out.append(DeckCounts(deck.id, deck.name, deck.cards, counts.new, counts.learning,
                              counts.review))
    return out


@dataclass(frozen=True)
class Rate:
    """hits out of total: kept reviews, or correct quiz answers."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def as_json(self, name: str, count: str) -> dict:
        return {name: None if self.value is None else round(self.value, 4), count: self.total}


@dataclass(frozen=True)
class TopicFigures:
    topic: str
    retention: Rate  # reviews of review-state cards in the last RETENTION_WINDOW study days
    quiz: Rate  # every quiz answer on the topic

    def score(self) -> tuple[float, str] | None:
        """The lower of retention and quiz accuracy, counting each only with MIN_SAMPLE answers;
        None when neither has enough."""
        rates = [(r.hits / r.total, name)
                 for r, name in ((self.retention, "retention"), (self.quiz, "quiz"))
                 if r.total >= MIN_SAMPLE]
        return min(rates) if rates else None


@dataclass(frozen=True)
class Weak:
    topic: str
    score: float
    basis: str  # "retention" or "quiz": the figure that made it weak
    sample: int


def weakest(topics: list[TopicFigures], target: float) -> list[Weak]:
    """The topics to study next: those scoring below the desired retention (with enough
    answers to judge), lowest first; ties go to the larger sample, then the name."""
    weak = []
    for t in topics:
        scored = t.score()
        if scored and scored[0] < target:
            sample = t.retention.total if scored[1] == "retention" else t.quiz.total
            weak.append(Weak(t.topic, scored[0], scored[1], sample))
    weak.sort(key=lambda w: (w.score, -w.sample, w.topic))
    return weak[:WEAKEST]


@dataclass(frozen=True)
class Report:
    """Every figure of the stats screen and `trainer stats`, as of one moment."""

    today: int  # study-day number
    basic: BasicStats
    reviews: tuple[int, ...]  # per study day, the last HISTORY_DAYS days, oldest first
    again: tuple[int, ...]
    streak: int
    longest_streak: int
    # due per study day from today on; the backlog is apart, or it would flatten every bar
    forecast: tuple[int, ...]
    overdue: int  # scheduled cards due before today began
    states: dict[str, int]  # new, learning, review, suspended, retired
    average_stability: float | None  # days
    retention: dict[int, Rate]  # by window length in days
    topics: tuple[TopicFigures, ...]
    quiz: Rate
    weakest: tuple[Weak, ...]
    target: float  # desired retention: the bar a topic must clear

    @property
    def studied_today(self) -> bool:
        return self.reviews[-1] > 0

    def recent(self, days: int) -> tuple[int, ...]:
        return self.reviews[-days:]

    def date(self, offset: int = 0) -> date:
        """The date `offset` study days from today."""
        return day_date(self.today + offset)


def report(store: Store, now: datetime, tz: tzinfo | None = None) -> Report:
    """All the figures, one query per series; `now` is the interface's clock (aware UTC)."""
    settings = StudySettings.load(store, GLOBAL)
    cal = Calendar(settings.rollover_hour, tz)
    today = cal.day(now)
    headline = basic(store, now, cal)  # first: it checks review_days against the log
    reviews, again = _per_day(store, today)
    overdue, forecast = _forecast(store, today, cal)
    card_states = store.stats.card_states()
    states = {k: v for k, v in asdict(card_states).items() if k != "average_stability"}
    stability = card_states.average_stability
    kept = store.stats.retention_since([today - d + 1 for d in RETENTION_DAYS])
    topics = _topics(store, today - RETENTION_WINDOW + 1)
    quiz = Rate(sum(t.quiz.hits for t in topics), sum(t.quiz.total for t in topics))
    target = settings.scheduler.desired_retention
    return Report(
        today=today, basic=headline, reviews=reviews, again=again,
        streak=store.stats.current_streak(today), longest_streak=store.stats.longest_streak(today),
        forecast=forecast, overdue=overdue, states=states, average_stability=stability,
        retention={d: Rate(*k) for d, k in zip(RETENTION_DAYS, kept, strict=True)},
        topics=tuple(topics), quiz=quiz, weakest=tuple(weakest(topics, target)), target=target)


def _per_day(store: Store, today: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Reviews and Agains for each of the last HISTORY_DAYS study days, oldest first."""
    first = today - HISTORY_DAYS + 1
    reviews, again = [0] * HISTORY_DAYS, [0] * HISTORY_DAYS
    for day, n, lapsed in store.stats.reviews_per_day(first, today):
        reviews[day - first], again[day - first] = n, lapsed
    return tuple(reviews), tuple(again)


def _forecast(store: Store, today: int, cal: Calendar) -> tuple[int, tuple[int, ...]]:
    """(overdue, due on each of the next FORECAST_DAYS study days), by local day bounds."""
    starts = [cal.start(today + k) for k in range(FORECAST_DAYS + 1)]
    overdue, *days = store.stats.due_per_window(
        [(-2 ** 62, starts[0]), *list(itertools.pairwise(starts))])
    return overdue, tuple(days)


def _topics(store: Store, first_day: int) -> list[TopicFigures]:
    kept = {t: Rate(k, n) for t, k, n in store.stats.retention_by_topic(first_day)}
    quiz = {t: Rate(k, n) for t, k, n in store.stats.quiz_by_topic()}
    none = Rate(0, 0)
    return [TopicFigures(t, kept.get(t, none), quiz.get(t, none))
            for t in sorted(kept.keys() | quiz.keys())]


def as_json(r: Report) -> dict:
    """The report for scripts (`trainer stats --json`): the engine's keys, then the series."""
    first = r.today - HISTORY_DAYS + 1
    return {
        **asdict(r.basic),
        "study_day": r.date().isoformat(),
        "reviews_by_day": [
            {"date": day_date(first + i).isoformat(), "reviews": n, "again": r.again[i]}
            for i, n in enumerate(r.reviews) if n],
        "streak": {"current": r.streak, "longest": r.longest_streak,
                   "studied_today": r.studied_today},
        "forecast": [{"date": r.date(k).isoformat(), "due": n} for k, n in enumerate(r.forecast)],
        "overdue": r.overdue,
        "retention": {
            **{f"{d}d": rate.as_json("rate", "reviews") for d, rate in r.retention.items()},
            "by_topic": {t.topic: t.retention.as_json("rate", "reviews")
                         for t in r.topics if t.retention.total}},
        "states": r.states,
        "average_stability": None if r.average_stability is None
        else round(r.average_stability, 2),
        "quiz_attempts": r.quiz.total,
        "quiz_accuracy": r.quiz.as_json("accuracy", "attempts")["accuracy"],
        "quiz_accuracy_by_topic": {t.topic: t.quiz.as_json("accuracy", "attempts")
                                   for t in r.topics if t.quiz.total},
        "weakest_topics": [{"topic": w.topic, "score": round(w.score, 4), "basis": w.basis,
                            "sample": w.sample} for w in r.weakest],
    }
