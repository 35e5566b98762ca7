"""Study days: which local day a moment belongs to, when a day starts and ends (pure, no I/O).

A study day starts at the rollover hour in local time (Anki's default: 4 am), so a review at
1 am counts for the day before. Days are numbered from 1970-01-01 (day 0). Day bounds are
computed in the time zone's own rules, so a day that holds a daylight-saving change is 23 or
25 hours long, as it is on the wall clock.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

EPOCH = date(1970, 1, 1).toordinal()
DEFAULT_ROLLOVER = 4  # Anki's: 4 am local time
QUARTER = 900  # seconds
MAX_QUARTERS = 100_000  # about three years of quarter hours: the cache stays a few MB


def day_date(day: int) -> date:
    """The calendar date of a study-day number."""
    return date.fromordinal(day + EPOCH)


def date_day(d: date) -> int:
    """The study-day number of a calendar date."""
    return d.toordinal() - EPOCH


@dataclass(frozen=True)
class Calendar:
    """The learner's study days: a rollover hour and a time zone (None: the machine's own)."""

    rollover_hour: int = DEFAULT_ROLLOVER
    tz: tzinfo | None = None
    # study day by quarter hour of unix time: every zone's offset and every rollover is a whole
    # number of quarter hours, so a quarter hour never spans two study days; a replayed review
    # log asks for the same few thousand quarters again and again
    _quarters: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    _starts: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    def local(self, moment: datetime) -> datetime:
        """`moment` (aware) on the local wall clock."""
        return moment.astimezone(self.tz) if self.tz else moment.astimezone()

    def day(self, moment: datetime) -> int:
        """The study day `moment` (aware) belongs to (asked several times per answer: the
        time zone's rules are asked once per quarter hour)."""
        return self.day_of(int(moment.timestamp()))

    def day_of(self, unix_seconds: int) -> int:
        quarter = unix_seconds // QUARTER
        day = self._quarters.get(quarter)
        if day is None:
            if len(self._quarters) > MAX_QUARTERS:
                self._quarters.clear()
            moment = datetime.fromtimestamp(quarter * QUARTER, UTC)
            day = date_day((self.local(moment) - timedelta(hours=self.rollover_hour)).date())
            self._quarters[quarter] = day
        return day

    def start(self, day: int) -> int:
        """Unix seconds when study day `day` begins: its date at the rollover hour, local time."""
        start = self._starts.get(day)
        if start is None:
            if len(self._starts) > MAX_QUARTERS:
                self._starts.clear()
            wall = datetime.combine(day_date(day), time(self.rollover_hour))
            # a zone's own rules place the wall time (fold 0 when a DST change repeats the
            # hour); astimezone() on a naive time asks the machine's rules the same question
            aware = wall.replace(tzinfo=self.tz) if self.tz else wall.astimezone()
            start = self._starts[day] = int(aware.timestamp())
        return start

    def end(self, day: int) -> int:
        """Unix seconds when study day `day` ends (the next one starts)."""
        return self.start(day + 1)

    def day_end(self, moment: datetime) -> int:
        """Unix seconds when the study day holding `moment` ends."""
        return self.end(self.day(moment))

    def date(self, day: int) -> date:
        return day_date(day)

    def weekday(self, day: int) -> int:
        """0 = Monday ... 6 = Sunday, of the study day's date."""
        return day_date(day).weekday()


# the most days a DaySpan lists: a century (36.5k starts, a few MB): a span wider than that
# (a clock gone wrong on some device) is asked of the calendar instead
MAX_SPAN_DAYS = 36_525


class DaySpan:
    """The study days from one moment to another, listed once, so the day of a moment inside
    them is a bisection (an import asks it of each of a year of answers, and each new quarter
    hour cost the calendar a time-zone lookup); outside them, the calendar is asked."""

    def __init__(self, cal: Calendar, first: int, last: int):
        self.cal = cal
        self.first_day = cal.day_of(first)
        count = cal.day_of(last) - self.first_day + 1
        # starts[i]: when day first_day + i begins; the last entry ends the span
        days = range(self.first_day, self.first_day + count + 1) if 0 < count <= MAX_SPAN_DAYS else ()
        self.starts = [cal.start(day) for day in days]

    def day_of(self, unix_seconds: int) -> int:
        i = bisect_right(self.starts, unix_seconds) - 1
        if 0 <= i < len(self.starts) - 1:
            return self.first_day + i
        return self.cal.day_of(unix_seconds)

    def end(self, day: int) -> int:
        i = day - self.first_day + 1
        if 0 < i < len(self.starts):
            return self.starts[i]
        return self.cal.end(day)
