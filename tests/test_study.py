"""Study sessions on a fixed clock: queue order, limits, rollover, siblings, undo, leeches."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tests.conftest import TZ
from tests.helpers import make_due
from trainer.model import Rating
from trainer.schedule import LEARNING, NEW, REVIEW, Memory, SchedulerConfig, seconds
from trainer.study import Session
from trainer.studysettings import StudySettings

EXACT = SchedulerConfig(fuzz=False)


def make(store, clock, **settings):
    return Session(store, "mini", clock, tz=TZ, settings=StudySettings(scheduler=EXACT, **settings))


def make_due_review(store, card_id, clock, days_overdue=1):
    make_due(store, card_id, clock, overdue=days_overdue * 86400, reps=3, last_review_days=6)


def test_new_cards_come_in_deck_order_with_siblings_buried(session):
    first = session.next()
    assert first.card.id == "hcq-every-patient/qa" and first.is_new
    second = session.grade(first, Rating.GOOD, 4000).next
    # the cloze card of the same claim is buried for the day: the next claim comes up
    assert second.card.id == "hcq-preeclampsia/qa"


def test_grade_writes_the_review_and_the_previewed_state(session, store):
    shown = session.next()
    assert shown.preview(Rating.GOOD) == "10m" and shown.preview(Rating.AGAIN) == "1m"
    session.grade(shown, Rating.GOOD, 2500)
    assert store.cards.memory(shown.card.id) == shown.outcomes[Rating.GOOD]
    [log] = store.reviews.of_card(shown.card.id)
    assert (log.rating, log.duration_ms, log.before, log.after) == (
        3, 2500, Memory(), shown.outcomes[Rating.GOOD])


def test_fuzzed_preview_is_exactly_what_is_applied(store, clock):
    session = Session(store, "mini", clock, tz=TZ, settings=StudySettings())  # fuzz on
    make_due_review(store, "belimumab-blys/qa", clock, days_overdue=0)
    store.cards.set_memory("belimumab-blys/qa", replace(store.cards.memory("belimumab-blys/qa"),
                                                  stability=60.0, due=seconds(clock()) - 1))
    shown = session.show("belimumab-blys/qa")
    session.grade(shown, Rating.EASY, 1000)
    assert store.cards.memory("belimumab-blys/qa").due == shown.outcomes[Rating.EASY].due


def test_learning_cards_come_first_when_due(session, clock):
    first = session.next()
    session.grade(first, Rating.AGAIN, 1000)  # learning, due in 1 minute
    assert session.next().card.id != first.card.id
    clock.advance(minutes=1)
    assert session.next().card.id == first.card.id


def test_learning_card_shown_early_when_nothing_else_is_left(store, clock):
    session = make(store, clock, new_per_day=1)
    first = session.next()
    graded = session.grade(first, Rating.GOOD, 1000)  # due in 10 min, within learn-ahead
    assert graded.next is not None and graded.next.card.id == first.card.id
    graded = session.grade(graded.next, Rating.GOOD, 1000)  # graduates to review, days away
    assert graded.next is None


def test_new_limit_and_counts(store, clock):
    session = make(store, clock, new_per_day=3)
    assert session.counts().new == 3
    for _ in range(3):
        session.grade(session.next(), Rating.EASY, 1000)
    assert session.counts().new == 0
    assert session.next() is None


def test_review_limit(store, clock):
    for card in ("hcq-tlr/qa", "mmf-impdh/qa", "belimumab-blys/qa"):
        make_due_review(store, card, clock)
    session = make(store, clock, new_per_day=0, reviews_per_day=2)
    assert session.counts().review == 2
    session.grade(session.next(), Rating.GOOD, 1000)
    session.grade(session.next(), Rating.GOOD, 1000)
    assert session.counts().review == 0 and session.next() is None


def test_reviews_in_due_order_and_new_cards_interleaved(store, clock):
    reviews = ["hcq-tlr/qa", "mmf-impdh/qa", "belimumab-blys/qa", "anifrolumab-ifnar/qa"]
    for overdue, card in enumerate(reviews):
        make_due_review(store, card, clock, days_overdue=10 - overdue)
    session = make(store, clock, new_per_day=2)
    order = []
    shown = session.next()
    while shown:
        order.append((shown.card.id, shown.memory.state))
        shown = session.grade(shown, Rating.EASY, 1000).next
    kinds = ["new" if state == NEW else "review" for _, state in order]
    assert kinds == ["review", "new", "review", "review", "new", "review"]  # spread out
    assert [c for c, s in order if s == REVIEW] == reviews  # most overdue first


def test_day_rollover_at_four_am_local(store, clock):
    clock.now = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)  # 23:00 local
    session = make(store, clock, new_per_day=1)
    session.grade(session.next(), Rating.EASY, 1000)
    assert session.counts().new == 0
    clock.now = datetime(2026, 3, 3, 1, 59, tzinfo=UTC)  # 03:59 local: same study day
    assert session.study_day(clock()) == session.study_day(
        datetime(2026, 3, 2, 21, 0, tzinfo=UTC))
    assert session.counts().new == 0
    clock.now = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # 04:00 local: a new day
    assert session.counts().new == 1


def test_rollover_hour_is_settable(store, clock):
    store.settings.set("mini", "rollover_hour", 0)
    session = Session.open(store, "mini", clock, tz=TZ)
    assert session.settings.rollover_hour == 0
    end = session.day_end(clock())
    assert datetime.fromtimestamp(end, TZ).hour == 0


def test_buried_sibling_returns_the_next_day(session, clock):
    session.grade(session.next(), Rating.EASY, 1000)
    assert session.next().card.id == "hcq-preeclampsia/qa"
    clock.advance(days=1)
    assert session.next().card.id == "hcq-every-patient/cloze"


def test_undo_restores_state_exactly_and_removes_the_review(session, store):
    first = session.next()
    before = store.cards.memory(first.card.id)
    second = session.grade(first, Rating.GOOD, 1000).next
    session.grade(second, Rating.AGAIN, 1000)
    assert store.reviews.count() == 2
    again = session.undo()
    assert again.card.id == second.card.id and store.cards.memory(second.card.id) == Memory()
    back = session.undo()
    assert back.card.id == first.card.id and store.cards.memory(first.card.id) == before
    assert store.reviews.count() == 0 and session.summary.reviewed == 0
    assert session.undo() is None


def test_suspend_skips_the_card_and_undo_brings_it_back(session, store):
    first = session.next()
    following = session.suspend(first.card.id)
    assert store.cards.memory(first.card.id).suspended
    assert following.card.id != first.card.id
    assert session.undo().card.id == first.card.id
    assert not store.cards.memory(first.card.id).suspended


def test_unsuspend(session, store):
    session.suspend("hcq-tlr/qa")
    session.unsuspend("hcq-tlr/qa")
    assert not store.cards.memory("hcq-tlr/qa").suspended


def test_leech_is_suspended_and_reported(store, clock):
    store.cards.set_memory("hcq-tlr/qa", Memory(state=REVIEW, stability=1.0, difficulty=9.0,
                                          due=seconds(clock()) - 60,
                                          last_review=seconds(clock()) - 86400, reps=30, lapses=7))
    session = make(store, clock, new_per_day=0)
    shown = session.next()
    graded = session.grade(shown, Rating.AGAIN, 1000)
    assert graded.leech and session.leeches == ["hcq-tlr/qa"]
    assert store.cards.memory("hcq-tlr/qa").suspended and store.cards.memory("hcq-tlr/qa").lapses == 8
    session.undo()
    assert session.leeches == [] and not store.cards.memory("hcq-tlr/qa").suspended


def test_nothing_due_then_study_ahead(store, clock):
    make_due_review(store, "hcq-tlr/qa", clock, days_overdue=-3)  # due in three days
    session = make(store, clock, new_per_day=0)
    assert session.next() is None
    assert session.next_due() == store.cards.memory("hcq-tlr/qa").due
    assert session.study_ahead(days=1) is None  # not within one day
    assert session.study_ahead(days=3).card.id == "hcq-tlr/qa"


def test_summary(store, clock):
    session = make(store, clock, new_per_day=2)
    shown = session.next()
    shown = session.grade(shown, Rating.AGAIN, 3000).next
    shown = session.grade(shown, Rating.GOOD, 2000).next
    summary = session.finish()
    assert (summary.reviewed, summary.again, summary.duration_ms) == (2, 1, 5000)
    assert summary.again_rate == 0.5
    assert summary.next_due == seconds(clock()) + 60  # the card answered Again, in a minute


def test_next_due_is_when_a_card_will_really_show(store, clock):
    session = make(store, clock, new_per_day=1)
    shown = session.next()
    session.grade(shown, Rating.EASY, 1000)  # days away; its cloze sibling is buried
    # the sibling's day ends at 04:00 local tomorrow: new cards (limit used up) come back then
    assert session.next() is None
    assert session.next_due() == session.day_end(clock())
    make_due_review(store, "hcq-every-patient/cloze", clock)  # a due review, but a sibling
    assert session.next() is None and session.next_due() == session.day_end(clock())
    assert session.study_ahead(days=1).card.id == "hcq-every-patient/cloze"  # unburied


def test_new_cards_with_no_daily_allowance_are_never_due(store, clock):
    session = make(store, clock, new_per_day=0)
    assert session.next() is None and session.next_due() is None


def test_learning_count_includes_cards_due_later_today(session):
    session.grade(session.next(), Rating.GOOD, 1000)
    counts = session.counts()
    assert counts.learning == 1 and counts.new == 19  # one of the 20 new is used


def test_settings_cascade_defaults_global_deck(store, clock):
    store.settings.set("global", "new_per_day", 5)
    store.settings.set("global", "desired_retention", 0.85)
    store.settings.set("mini", "new_per_day", 7)
    store.settings.set("mini", "learning_steps", [30, 300])
    settings = StudySettings.load(store, "mini")
    assert settings.new_per_day == 7 and settings.reviews_per_day == 200
    assert settings.scheduler == SchedulerConfig(desired_retention=0.85, learning_steps=(30, 300))
    shown = Session.open(store, "mini", clock, tz=TZ).next()
    assert shown.preview(Rating.AGAIN) == "<1m" and shown.outcomes[Rating.AGAIN].state == LEARNING


def introduced(session, clock, limit=60) -> list[str]:
    """Card ids in the order the session introduces them as new (each graded Easy)."""
    seen = []
    shown = session.next()
    while shown is not None and len(seen) < limit:
        if shown.is_new:
            seen.append(shown.card.id)
        clock.advance(seconds=30)
        shown = session.grade(shown, Rating.EASY, 1000).next
    return seen


def test_core_cards_are_introduced_before_any_detail_card(store, clock):
    session = make(store, clock, new_per_day=100)
    order = introduced(session, clock)
    priority = {c: store.cards.get(c).priority for c in order}
    assert "detail" in priority.values()
    first_detail = [priority[c] for c in order].index("detail")
    assert all(p == "detail" for p in [priority[c] for c in order][first_detail:])


def test_detail_cards_can_be_left_out_of_new_cards(store, clock):
    store.settings.set("mini", "detail_cards", False)
    session = Session.open(store, "mini", clock, TZ)
    session.settings = replace(session.settings, new_per_day=100,
                               scheduler=SchedulerConfig(fuzz=False))
    order = introduced(session, clock)
    assert order and {store.cards.get(c).priority for c in order} == {"core"}
