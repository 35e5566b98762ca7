"""Load balancing and easy days: flatter days, previews that equal grading, lighter weekdays."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.balance import (
    Balancer,
    as_weights,
    count_due_days,
    format_easy_days,
    fuzz_range,
    parse_easy_days,
    weekday,
)
from trainer.errors import BadInput
from trainer.model import Rating
from trainer.schedule import REVIEW, Memory, SchedulerConfig, outcomes, review, seconds

FUZZY = SchedulerConfig(fuzz=True)
NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)  # a Monday
TODAY = date(2026, 3, 2).toordinal() - date(1970, 1, 1).toordinal()
DAY = 86400


def due_cards(n: int, seed: int = 5) -> list[Memory]:
    """n young review cards due now (stability 3 to 6 days: next intervals of 1 to 3 weeks)."""
    rng = random.Random(seed)
    cards = []
    for _ in range(n):
        s = rng.uniform(3, 6)
        cards.append(Memory(state=REVIEW, stability=s, difficulty=rng.uniform(3, 8),
                            due=seconds(NOW), last_review=seconds(NOW) - round(s) * DAY, reps=4))
    return cards


def day_of(m: Memory) -> int:
    return TODAY + (m.due - seconds(NOW)) // DAY


def grade_all(cards: list[Memory], balancer: Balancer | None) -> list[Memory]:
    """Grade every card Good the same day, as a session would: previews first, then the grade;
    the balancer's counts follow each grade."""
    graded = []
    for m in cards:
        shown = outcomes(m, NOW, FUZZY, balancer)
        after = shown[Rating.GOOD]
        graded.append(after)
        if balancer is not None:
            balancer.moved(TODAY, day_of(after))
    return graded


def spread(graded: list[Memory]) -> tuple[float, int]:
    """(standard deviation, peak) of the cards due per day over the days they went to."""
    days = [day_of(m) for m in graded]
    counts = [days.count(d) for d in range(min(days), max(days) + 1)]
    return statistics.pstdev(counts), max(counts)


def test_a_thousand_cards_spread_flatter_than_plain_fuzz():
    cards = due_cards(1000)
    random.seed(11)  # py-fsrs fuzz draws from the random module
    plain = grade_all(cards, None)
    balanced = grade_all(cards, Balancer({}, TODAY))
    (sd_balanced, peak_balanced), (sd_plain, peak_plain) = spread(balanced), spread(plain)
    assert sd_balanced < sd_plain * 0.7 and peak_balanced < peak_plain * 0.7
    # same cards, same range: the balancer only moves them within their fuzz ranges
    for m, p in zip(cards, balanced, strict=True):
        unfuzzed = review(m, Rating.GOOD, NOW, SchedulerConfig(fuzz=False))
        low, high = fuzz_range((unfuzzed.due - seconds(NOW)) // DAY)
        assert low <= (p.due - seconds(NOW)) // DAY <= high


def test_cards_go_around_days_that_are_already_full():
    busy = {TODAY + d: 50 for d in range(20, 26)}
    balancer = Balancer(dict(busy), TODAY)
    m = due_cards(1)[0]
    unfuzzed = review(m, Rating.GOOD, NOW, SchedulerConfig(fuzz=False))
    interval = (unfuzzed.due - seconds(NOW)) // DAY
    low, high = fuzz_range(interval)
    picked = balancer.pick(interval)
    assert low <= picked <= high
    assert busy.get(TODAY + picked, 0) == min(busy.get(TODAY + i, 0) for i in range(low, high + 1))


def test_every_preview_equals_what_grading_applies():
    balancer = Balancer({}, TODAY, parse_easy_days("sun=0%"))
    for m in due_cards(300, seed=8):
        previews = outcomes(m, NOW, FUZZY, balancer)
        for rating in Rating:  # grading recomputes nothing the preview did not show
            assert review(m, rating, NOW, FUZZY, balancer) == previews[rating]
        balancer.moved(TODAY, day_of(previews[Rating.GOOD]))


def test_a_zero_percent_day_gets_no_card_when_its_range_has_another_day():
    balancer = Balancer({}, TODAY, parse_easy_days("sat=0% sun=0%"))
    graded = grade_all(due_cards(1000), balancer)
    assert not [m for m in graded if weekday(day_of(m)) in (5, 6)]


def test_a_half_day_takes_about_half_the_load():
    balancer = Balancer({}, TODAY, parse_easy_days("wed=50%"))
    interval = 30  # its range, 27..33 days, holds each weekday once
    low, high = fuzz_range(interval)
    assert high - low + 1 == 7
    for _ in range(700):
        balancer.moved(None, TODAY + balancer.pick(interval))
    loads = {weekday(TODAY + i): balancer.due_counts.get(TODAY + i, 0) for i in range(low, high + 1)}
    others = [v for k, v in loads.items() if k != 2]
    assert loads[2] == pytest.approx(statistics.mean(others) / 2, abs=2)


def test_when_every_day_of_the_range_is_off_the_lightest_still_wins():
    off = parse_easy_days("mon=0% tue=0% wed=0% thu=0% fri=0% sat=0% sun=0%")
    balancer = Balancer({TODAY + 4: 9, TODAY + 2: 3, TODAY + 3: 7}, TODAY, off)
    assert fuzz_range(3) == (2, 4) and balancer.pick(3) == 2


def test_short_intervals_are_not_moved():
    balancer = Balancer({TODAY + 1: 100, TODAY + 2: 100}, TODAY)
    assert balancer.pick(1) == 1 and balancer.pick(2) == 2


def test_fuzz_ranges_are_anki_and_py_fsrs_ranges():
    # Anki's fuzz tests: 7 days fuzz to 5..9, 17 to 14..20, 37 to 33..41, below 2.5 not at all
    assert [fuzz_range(i) for i in (1, 2, 7, 17, 37)] == [(1, 1), (2, 2), (5, 9), (14, 20), (33, 41)]
    assert fuzz_range(100, maximum_interval=99) == (93, 99)
    # py-fsrs draws from the same range (its rounding can reach one day past the top, rarely)
    m = due_cards(1)[0]
    unfuzzed = (review(m, Rating.GOOD, NOW, SchedulerConfig(fuzz=False)).due - seconds(NOW)) // DAY
    low, high = fuzz_range(unfuzzed)
    random.seed(2)
    seen = {(review(m, Rating.GOOD, NOW, FUZZY).due - seconds(NOW)) // DAY for _ in range(400)}
    assert set(range(low, high + 1)) <= seen <= set(range(low, high + 2))


def test_due_counts_from_due_times():
    start = seconds(NOW) - 6 * 3600  # the study day began at 4 am
    dues = [start + 10, start + DAY - 1, start + DAY, start + 3 * DAY + 5]
    assert count_due_days(dues, TODAY, start) == {TODAY: 2, TODAY + 1: 1, TODAY + 3: 1}


def test_easy_days_syntax():
    assert parse_easy_days("sat=50% sun=0%") == (1, 1, 1, 1, 1, 0.5, 0.0)
    assert parse_easy_days("Saturday=50%, SUN=12.5%") == (1, 1, 1, 1, 1, 0.5, 0.125)
    assert parse_easy_days("") == (1,) * 7
    assert format_easy_days(parse_easy_days("sun=0% sat=50%")) == "sat=50% sun=0%"
    assert as_weights({"sat": 0.5, "sun": 0.0}) == parse_easy_days("sat=50% sun=0%")


@pytest.mark.parametrize("text, message", [
    ("sat=50", "'sat=50' is not a weekday and a percentage"),
    ("sunday", "'sunday' is not"),
    ("caturday=50%", "'caturday=50%' is not"),
    ("sat=150%", "over 100%"),
    ("sat=-5%", "is not"),
    ("sat=10% saturday=20%", "sat is given twice"),
])
def test_bad_easy_days_are_one_clear_error(text, message):
    with pytest.raises(BadInput, match=message):
        parse_easy_days(text)


@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_plainly(text):
    try:
        factors = parse_easy_days(text)
    except BadInput as error:
        assert str(error).startswith("easy days: ") and "\n" not in str(error)
    else:
        assert len(factors) == 7 and all(0 <= f <= 1 for f in factors)
        assert parse_easy_days(format_easy_days(factors)) == factors
