"""The study calendar: rollover at the hour, day bounds on the wall clock across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from trainer.days import Calendar, DaySpan, date_day, day_date

PARIS = ZoneInfo("Europe/Paris")  # DST: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00


def at(tz, *args) -> datetime:
    return datetime(*args, tzinfo=tz).astimezone(UTC)


def test_a_study_day_starts_at_the_rollover_hour():
    cal = Calendar(4, timezone(timedelta(hours=2)))
    tz = cal.tz
    before = at(tz, 2026, 3, 3, 3, 59, 59)
    after = at(tz, 2026, 3, 3, 4, 0, 0)
    assert cal.day(after) == cal.day(before) + 1
    assert cal.date(cal.day(before)).isoformat() == "2026-03-02"
    assert cal.date(cal.day(after)).isoformat() == "2026-03-03"
    assert cal.start(cal.day(after)) == int(after.timestamp())
    assert cal.day_end(before) == int(after.timestamp())


def test_another_rollover_hour_moves_the_boundary():
    cal = Calendar(0, UTC)
    assert cal.day(datetime(2026, 3, 3, 0, 0, tzinfo=UTC)) == date_day(day_date(0)) + \
        (datetime(2026, 3, 3).toordinal() - datetime(1970, 1, 1).toordinal())


@pytest.mark.parametrize(("date", "hours"), [((2026, 3, 28), 23), ((2026, 10, 24), 25),
                                             ((2026, 6, 1), 24)])
def test_a_day_holding_a_dst_change_is_as_long_as_on_the_wall_clock(date, hours):
    cal = Calendar(4, PARIS)
    day = cal.day(at(PARIS, *date, 12, 0))
    assert (cal.end(day) - cal.start(day)) == hours * 3600
    # the bounds are 4 am local on both sides
    assert datetime.fromtimestamp(cal.start(day), PARIS).hour == 4
    assert datetime.fromtimestamp(cal.end(day), PARIS).hour == 4


def test_a_rollover_inside_the_repeated_or_skipped_hour_is_still_one_boundary_a_day():
    cal = Calendar(2, PARIS)  # 02:00 does not exist on 29 March and happens twice on 25 October
    for month, day in ((3, 29), (10, 25)):
        d = cal.day(at(PARIS, 2026, month, day, 12, 0))
        start = cal.start(d)
        assert cal.day_of(start) == d and cal.day_of(start - 1) == d - 1


def test_every_second_of_a_week_belongs_to_the_day_whose_bounds_hold_it():
    cal = Calendar(4, PARIS)
    moment = at(PARIS, 2026, 10, 22, 0, 0)
    for _ in range(7 * 24 * 4):
        d = cal.day(moment)
        assert cal.start(d) <= moment.timestamp() < cal.end(d)
        moment += timedelta(minutes=15)


def test_weekday_of_a_study_day():
    cal = Calendar(4, UTC)
    monday = cal.day(datetime(2026, 3, 2, 12, tzinfo=UTC))
    assert cal.weekday(monday) == 0 and cal.weekday(monday + 6) == 6


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "Australia/Lord_Howe",
                                  "Asia/Kolkata", "UTC"])
@pytest.mark.parametrize("rollover", [0, 2, 3, 4])
def test_a_span_of_days_names_every_moment_as_the_calendar_does(zone, rollover):
    # a span over a year and its DST changes (Lord Howe's is half an hour), tried at each
    # day's bounds and at moments in between, and before and after the span
    cal = Calendar(rollover, ZoneInfo(zone))
    first, last = int(at(UTC, 2025, 12, 30, 17).timestamp()), int(at(UTC, 2026, 12, 31, 5).timestamp())
    span = DaySpan(cal, first, last)
    moments = [first - 86_400 * 3, first, last, last + 86_400 * 3]
    for day in range(cal.day_of(first) - 2, cal.day_of(last) + 3):
        start = cal.start(day)
        moments += [start - 1, start, start + 1, start + 4 * 3600 + 17, start + 23 * 3600 - 1]
        assert span.end(day) == cal.end(day), (zone, rollover, day)
    for moment in moments:
        assert span.day_of(moment) == cal.day_of(moment), (zone, rollover, moment)


def test_a_span_wider_than_a_century_asks_the_calendar():
    cal = Calendar(4, PARIS)
    span = DaySpan(cal, 0, 200 * 366 * 86_400)  # a device clock gone wrong
    assert span.starts == []
    assert span.day_of(1_800_000_000) == cal.day_of(1_800_000_000)
    assert span.end(20_000) == cal.end(20_000)
    backwards = DaySpan(cal, 1_800_000_000, 1_700_000_000)  # moments given the wrong way round
    assert backwards.day_of(1_750_000_000) == cal.day_of(1_750_000_000)
