"""Stats figures on a synthetic history with known answers: every number checked exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from tests.conftest import TZ
from trainer.days import Calendar, day_date
from trainer.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory, seconds
from trainer.stats import as_json, report, weakest

ROLLOVER = 4
# cards of the mini deck by topic
HCQ = ["hcq-every-patient/qa", "hcq-every-patient/cloze", "hcq-preeclampsia/qa"]
BIO = ["belimumab-blys/qa", "belimumab-blys/cloze", "anifrolumab-ifnar/qa"]
LN = ["multitarget-tacrolimus/qa", "tacrolimus-vs-azathioprine/qa"]


# -- a synthetic history, written through the store ---------------------------------------------


def today_of(clock) -> int:
    return Calendar(ROLLOVER, TZ).day(clock())


def local_time(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware UTC moment at hour:minute local time (TZ) on a study day's date."""
    return datetime.combine(day_date(day), time(hour, minute), tzinfo=TZ).astimezone(UTC)


def add_review(store, card: str, day: int, rating: int, prev: int = REVIEW,
               hour: int = 10) -> None:
    """One review on a study day at `hour` local time; the card's memory becomes its result."""
    t = seconds(local_time(day, hour))
    before = Memory() if prev == NEW else Memory(state=prev, stability=3.0, difficulty=5.0,
                                                 due=t, last_review=t - 86400, reps=1)
    after = Memory(state=REVIEW if rating > 1 else RELEARNING, stability=4.0, difficulty=5.0,
                   due=t + 3 * 86400, last_review=t, reps=2)
    kind = {REVIEW: "review", RELEARNING: "relearn"}.get(prev, "learn")
    store.cards.set_memory(card, before)  # the memory the answer met, as a session reads it
    store.reviews.record(card, rating, t * 1000, day, 1500, before, after,
                         store.cards.version(card), kind)


def add_attempt(store, topic: str, correct: bool, item: str = "x/choice") -> None:
    """One quiz answer (straight into quiz_attempts, so these tests do not lean on the quiz
    engine's API)."""
    with store.db.write() as c:
        c.execute("INSERT INTO quiz_attempts (run, item, claim, kind, topic, deck, answered_at, "
                  "response, correct, duration_ms) VALUES ('run', ?, 'x', 'choice', ?, 'mini', 0, "
                  "'a', ?, 1000)", (item, topic, int(correct)))


def scheduled(store, card: str, due: datetime, state: int = REVIEW, stability: float = 10.0,
              **extra) -> None:
    store.cards.set_memory(card, Memory(state=state, stability=stability, difficulty=5.0,
                                  due=seconds(due), last_review=seconds(due) - 86400, reps=1,
                                  **extra))


STUDY_DAYS = (0, 1, 2, 4, 5, 6, 7, 8)  # days back: a gap three days ago
AGAIN = {HCQ[0]: {4}, BIO[0]: {1, 5}, BIO[1]: {2}, LN[0]: {1, 5, 7}, LN[1]: {1, 5, 7}}


def history(store, today: int) -> None:
    """The scenario the TUI tests and snapshots share: eight study days with a gap (streak 3,
    best 5); retention Hydroxychloroquine 23/24, Biologics 21/24, Lupus nephritis 10/16; quiz
    Biologics 5/6, Lupus nephritis 2/5."""
    for back in sorted(STUDY_DAYS, reverse=True):  # oldest first: memory ends at the last
        for card in HCQ + BIO + LN:
            add_review(store, card, today - back, 1 if back in AGAIN.get(card, ()) else 3)
    for ok in (True, True, False, True, True, True):
        add_attempt(store, "Biologics", ok)
    for ok in (False, False, True, False, True):
        add_attempt(store, "Lupus nephritis", ok)


# -- the figures -----------------------------------------------------------------------------------


def test_a_fresh_collection_has_only_new_cards(store, clock):
    r = report(store, clock(), TZ)
    assert r.states == {"new": 27, "learning": 0, "review": 0, "suspended": 0, "retired": 0}
    assert (r.streak, r.longest_streak, r.studied_today) == (0, 0, False)
    assert r.forecast == (0,) * 30 and r.overdue == 0 and sum(r.reviews) == 0
    assert r.retention[7].value is None and r.average_stability is None
    assert r.topics == () and r.weakest == () and r.quiz.total == 0
    figures = as_json(r)
    assert figures["retention_30d"] is None and figures["reviews_by_day"] == []


def test_true_retention_counts_only_review_state_cards_in_each_window(store, clock):
    today = today_of(clock)
    # inside 7 days (today - 6 is the oldest day in): 4 kept, 1 Again
    for day, rating in [(today, 3), (today, 4), (today - 3, 2), (today - 6, 3), (today - 6, 1)]:
        add_review(store, HCQ[0], day, rating)
    # days 8 to 30 (today - 29 is the oldest day in): 2 kept, 2 Again
    for day, rating in [(today - 7, 3), (today - 15, 1), (today - 29, 3), (today - 29, 1)]:
        add_review(store, BIO[0], day, rating)
    add_review(store, BIO[1], today - 30, 1)  # a day too old for either window
    for prev in (NEW, LEARNING, RELEARNING):  # not review-state: never part of true retention
        add_review(store, LN[0], today, 1, prev=prev)
    r = report(store, clock(), TZ)
    assert (r.retention[7].hits, r.retention[7].total) == (4, 5)
    assert (r.retention[30].hits, r.retention[30].total) == (6, 9)
    assert r.basic.retention_30d == round(6 / 9, 4) and r.basic.retention_30d_reviews == 9
    figures = as_json(r)["retention"]
    assert figures["7d"] == {"rate": 0.8, "reviews": 5}
    assert figures["30d"] == {"rate": round(6 / 9, 4), "reviews": 9}


def test_retention_per_topic(store, clock):
    today = today_of(clock)
    for card, rating in zip(HCQ, (3, 3, 1), strict=True):
        add_review(store, card, today - 1, rating)
    for card, rating in zip(BIO, (1, 1, 3), strict=True):
        add_review(store, card, today - 2, rating)
    add_review(store, LN[0], today - 40, 1)  # outside the 30 days
    by_topic = as_json(report(store, clock(), TZ))["retention"]["by_topic"]
    assert by_topic == {"Hydroxychloroquine": {"rate": round(2 / 3, 4), "reviews": 3},
                        "Biologics": {"rate": round(1 / 3, 4), "reviews": 3}}


def test_reviews_per_day_and_again(store, clock):
    today = today_of(clock)
    add_review(store, HCQ[0], today, 3)
    add_review(store, HCQ[1], today, 1, prev=NEW)
    add_review(store, BIO[0], today - 2, 1)
    add_review(store, BIO[1], today - 364, 3)  # the oldest day of the year shown
    add_review(store, BIO[2], today - 365, 3)  # one day too old
    r = report(store, clock(), TZ)
    assert len(r.reviews) == 365
    assert (r.reviews[-1], r.again[-1]) == (2, 1)
    assert (r.reviews[-3], r.again[-3]) == (1, 1)
    assert r.reviews[0] == 1 and sum(r.reviews) == 4 and r.recent(30)[-3:] == (1, 0, 2)
    assert as_json(r)["reviews_by_day"] == [
        {"date": "2025-03-03", "reviews": 1, "again": 0},
        {"date": "2026-02-28", "reviews": 1, "again": 1},
        {"date": "2026-03-02", "reviews": 2, "again": 1}]
    assert r.basic.reviews_today == 2 and r.basic.reviews == 5


def test_a_review_before_the_rollover_hour_counts_for_the_day_before(clock):
    today = today_of(clock)
    early = local_time(today, 3, 30)  # 03:30 local: still yesterday's study day
    assert Calendar(ROLLOVER, TZ).day(early) == today - 1


@pytest.mark.parametrize("days, streak, longest, studied_today", [
    ([], 0, 0, False),
    ([0, 1, 2, 4, 5, 6, 7], 3, 4, True),  # a gap three days ago
    ([1, 2, 3], 3, 3, False),  # today not yet studied: the streak lives until the day ends
    ([2, 3], 0, 2, False),  # yesterday missed: the streak is broken
    ([0], 1, 1, True),
])
def test_streaks(store, clock, days, streak, longest, studied_today):
    today = today_of(clock)
    for back in days:
        add_review(store, HCQ[0], today - back, 3)
        add_review(store, HCQ[1], today - back, 3)  # two reviews on a day are one study day
    r = report(store, clock(), TZ)
    assert (r.streak, r.longest_streak, r.studied_today) == (streak, longest, studied_today)
    assert as_json(r)["streak"] == {"current": streak, "longest": longest,
                                    "studied_today": studied_today}


def test_forecast_by_study_day(store, clock):
    today = today_of(clock)
    scheduled(store, HCQ[0], local_time(today - 2))  # overdue: apart from the forecast
    scheduled(store, HCQ[1], local_time(today, 23))  # later today
    scheduled(store, HCQ[2], local_time(today, 9), state=LEARNING)  # learning counts too
    scheduled(store, BIO[0], local_time(today + 1, 3, 59))  # before 4 am: still today
    scheduled(store, BIO[1], local_time(today + 1, 4))  # the next study day
    scheduled(store, BIO[2], local_time(today + 29, 12))  # the last day shown
    scheduled(store, LN[0], local_time(today + 30, 12))  # one day too far
    scheduled(store, LN[1], local_time(today + 3), suspended=True)  # suspended: never due
    r = report(store, clock(), TZ)
    assert r.overdue == 1
    assert (r.forecast[0], r.forecast[1], r.forecast[29]) == (3, 1, 1)
    assert sum(r.forecast) == 5 and len(r.forecast) == 30
    figures = as_json(r)
    assert figures["forecast"][0] == {"date": "2026-03-02", "due": 3}
    assert figures["forecast"][29]["date"] == "2026-03-31" and figures["overdue"] == 1


def test_states_and_average_stability(store, clock, decks_dir):
    from trainer.collection import sync_decks

    now = clock()
    scheduled(store, HCQ[0], now, stability=10.0)
    scheduled(store, HCQ[1], now, state=LEARNING, stability=2.0)
    scheduled(store, HCQ[2], now, state=RELEARNING, stability=3.0)
    scheduled(store, BIO[0], now, stability=5.0, suspended=True)
    store.cards.set_suspended(BIO[1], True)  # a suspended new card
    deck = json.loads((decks_dir / "mini.json").read_text())
    deck["cards"] = [c for c in deck["cards"] if c["id"] != LN[0]]
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    sync_decks(store, decks_dir, seconds(now))  # LN[0] leaves the deck: retired
    r = report(store, now, TZ)
    assert r.states == {"new": 21, "learning": 2, "review": 1, "suspended": 2, "retired": 1}
    assert r.average_stability == pytest.approx((10 + 2 + 3 + 5) / 4)
    assert r.basic.cards == 26


def test_quiz_accuracy_per_topic_and_attempts(store, clock):
    for ok in (True, False, True, True):
        add_attempt(store, "Biologics", ok)
    add_attempt(store, "Pipeline", False)
    figures = as_json(report(store, clock(), TZ))
    assert figures["quiz_attempts"] == 5 and figures["quiz_accuracy"] == 0.6
    assert figures["quiz_accuracy_by_topic"] == {
        "Biologics": {"accuracy": 0.75, "attempts": 4},
        "Pipeline": {"accuracy": 0.0, "attempts": 1}}


def test_weakest_topics_need_a_sample_and_sit_below_the_target(store, clock):
    history(store, today_of(clock))
    for ok in (False,) * 4:  # 0% but only 4 answers: too few to judge
        add_attempt(store, "Pipeline", ok)
    r = report(store, clock(), TZ)
    # Lupus nephritis: retention 10/16, quiz 2/5; Biologics: retention 21/24, quiz 5/6;
    # Hydroxychloroquine: retention 23/24, above the 90% target
    assert [(w.topic, w.basis, round(w.score, 4), w.sample) for w in r.weakest] == [
        ("Lupus nephritis", "quiz", 0.4, 5), ("Biologics", "quiz", round(5 / 6, 4), 6)]
    assert as_json(r)["weakest_topics"][0] == {"topic": "Lupus nephritis", "score": 0.4,
                                              "basis": "quiz", "sample": 5}
    assert (r.streak, r.longest_streak) == (3, 5)
    assert as_json(r)["retention"]["by_topic"]["Lupus nephritis"] == {"rate": 0.625,
                                                                      "reviews": 16}


def test_weakest_rule_orders_ties_by_sample_then_name():
    from trainer.stats import Rate, TopicFigures

    topics = [TopicFigures("B", Rate(4, 8), Rate(0, 0)), TopicFigures("A", Rate(5, 10), Rate(0, 0)),
              TopicFigures("C", Rate(3, 6), Rate(0, 0)), TopicFigures("D", Rate(1, 4), Rate(0, 0)),
              TopicFigures("E", Rate(10, 10), Rate(9, 10))]
    assert [w.topic for w in weakest(topics, 0.9)] == ["A", "B", "C"]  # D: 4 < MIN_SAMPLE


def test_review_days_follow_undo_and_are_rebuilt_when_out_of_step(store, clock, session):
    from trainer.model import Rating

    session.grade(session.next(), Rating.AGAIN, 1000)
    session.grade(session.next(), Rating.GOOD, 1000)
    session.undo()
    assert report(store, clock(), TZ).basic.reviews_today == 1
    store.db.conn.execute("DELETE FROM review_days")  # as if a tool had rewritten the table
    r = report(store, clock(), TZ)
    assert r.reviews[-1] == 1 and r.again[-1] == 1 and r.basic.reviews == 1


def test_day_start_matches_study_day_across_a_dst_change():
    paris = ZoneInfo("Europe/Paris")  # clocks go forward on 29 March 2026
    for when in (datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 30, 12, tzinfo=UTC)):
        day = Calendar(ROLLOVER, paris).day(when)
        start = datetime.fromtimestamp(Calendar(ROLLOVER, paris).start(day), UTC)
        assert Calendar(ROLLOVER, paris).day(start) == day
        assert Calendar(ROLLOVER, paris).day(start - timedelta(seconds=1)) == day - 1


# -- `trainer stats` ---------------------------------------------------------------------------------


@pytest.fixture
def run(clock, monkeypatch):
    """`trainer ARGS` with the test clock, so the history falls in its windows."""
    from trainer.cli import app
    from trainer.commands import progress

    monkeypatch.setattr(progress, "clock", clock)
    return lambda *args: CliRunner().invoke(app, list(args))


def test_stats_json_keys(store, clock, decks_dir, run):
    history(store, today_of(clock))
    result = run("--db", store.path, "--decks", str(decks_dir), "stats", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert {"cards", "reviews", "reviews_today", "due_now", "retention_30d", "reviews_by_day",
            "forecast", "retention", "states", "quiz_accuracy_by_topic", "quiz_attempts",
            "streak", "weakest_topics", "average_stability"} <= figures.keys()
    assert figures["quiz_attempts"] == 11 and figures["reviews"] == 64
    assert figures["quiz_accuracy_by_topic"]["Lupus nephritis"] == {"accuracy": 0.4,
                                                                    "attempts": 5}


def test_stats_text_fits_one_screen(store, clock, decks_dir, run):
    history(store, today_of(clock))
    result = run("--db", store.path, "--decks", str(decks_dir), "stats")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) <= 23 and max(map(len, lines)) <= 80
    text = result.stdout
    assert "reviews     64 in all" in text and "study next  Lupus nephritis 40%" in text
    assert "reviews a day, last 30 days" in text and "due a day, next 30 days" in text
    assert "Lupus nephritis  62% of 16  40% of 5  ◀" in text


def test_stats_text_on_an_empty_collection(tmp_path, decks_dir, run):
    result = run("--db", str(tmp_path / "t.db"), "--decks", str(decks_dir), "stats")
    assert result.exit_code == 0, result.output
    assert "retention   no reviews of learned cards in 30 days yet" in result.stdout
    assert "no reviews of learned cards" in result.stdout and "or quiz answers yet" in result.stdout
