"""Load balancing and easy days: a fuzzed review goes to the lightest day of its fuzz range.

Anki's load balancer replaces the random fuzz of a review interval by a choice, within the same
fuzz range, of a day with few cards already due, and lets a learner lighten chosen weekdays
("easy days"). This one does the same without randomness, so the outcome previewed on a grade
button is exactly what grading applies:

- The range is py-fsrs's fuzz range (`fuzz_range`): none below 3 days; otherwise the interval
  plus or minus 1 day, plus 15% of the part between 2.5 and 7 days, 10% of the part between 7
  and 20 days and 5% beyond 20, rounded, at least 2 days and at most the maximum interval.
- Each day of the range scores (cards due that day + 1) / its weekday's load factor; the lowest
  score wins, then the day nearest the unfuzzed interval, then the earlier one. A 50% day so
  fills at half the rate of a full day; a 0% day is never chosen while the range holds a day
  with some load allowed (if every day of the range is a 0% day, the plain load decides).
- Unlike Anki, long intervals are balanced too (Anki stops at 90 days and falls back to random
  fuzz, which would break the preview); the scan stops at the first empty full-weight day from
  the middle out, so a far-off review costs no more than a near one.

The caller keeps `due_counts` (study day number -> cards due that day) current: one query when a
session starts, then `Balancer.moved` after every grade. Day numbers are days since 1970-01-01
of the local study day (rollover applied), as the review log's `day` column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from trainer.errors import BadInput

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NO_EASY_DAYS = (1.0,) * 7
EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, float("inf"), 0.05))
_ENTRY = re.compile(r"^([a-z]+)=(\d+(?:\.\d+)?)%$")


def weekday(day: int) -> int:
    """0 Monday .. 6 Sunday, of a study day number."""
    return (day + EPOCH_WEEKDAY) % 7


def fuzz_range(interval: int, maximum_interval: int = 36500) -> tuple[int, int]:
    """The intervals (days) fuzz may turn `interval` into, as py-fsrs computes them."""
    if interval < 2.5:
        return interval, interval
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(interval), end) - start, 0.0)
    low = max(2, round(interval - delta))
    high = min(round(interval + delta), maximum_interval)
    return min(low, high), high


_DAY_NAMES = {name: i for i, full in enumerate(("monday", "tuesday", "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"))
              for name in (full, full[:3])}


def parse_easy_days(text: str) -> tuple[float, ...]:
    """"sat=50% sun=0%" -> the load factor of each weekday, Monday first (days not named keep
    100%). Names are three letters or whole ("saturday=50%"); entries are separated by spaces
    or commas; empty text means no easy days."""
    factors = list(NO_EASY_DAYS)
    seen = set()
    for entry in re.split(r"[\s,]+", text.strip().lower()):
        if not entry:
            continue
        match = _ENTRY.match(entry)
        if not match or match.group(1) not in _DAY_NAMES:
            raise BadInput(f"easy days: '{entry}' is not a weekday and a percentage such as "
                           "sat=50% (days: mon tue wed thu fri sat sun)")
        day, percent = _DAY_NAMES[match.group(1)], float(match.group(2))
        if percent > 100:
            raise BadInput(f"easy days: '{entry}' is over 100%")
        if day in seen:
            raise BadInput(f"easy days: {WEEKDAYS[day]} is given twice")
        seen.add(day)
        factors[day] = percent / 100
    return tuple(factors)


def format_easy_days(factors: Iterable[float]) -> str:
    """The user syntax back: "sat=50% sun=0%" (days at 100% left out; "" for none)."""
    return " ".join(f"{name}={round(f * 100, 2):g}%" for name, f in zip(WEEKDAYS, factors,
                                                                           strict=True) if f != 1)


def count_due_days(dues: Iterable[int], today: int, today_start: int) -> dict[int, int]:
    """Cards due per study day, from due times (unix seconds) of the cards to balance against:
    a due moment d falls on day today + (d - today_start) // 86400, the same arithmetic the
    scheduler uses for an interval (the moment now + n days falls on today + n)."""
    counts: dict[int, int] = {}
    for due in dues:
        day = today + (due - today_start) // 86400
        counts[day] = counts.get(day, 0) + 1
    return counts


@dataclass
class Balancer:
    """Picks the day of a fuzzed review. `due_counts` maps a study day number to the cards
    already due that day; `today` is the study day of the answer; `weights` the load factor of
    each weekday, Monday first."""

    due_counts: dict[int, int] = field(default_factory=dict)
    today: int = 0
    weights: tuple[float, ...] = NO_EASY_DAYS

    def __post_init__(self) -> None:
        if len(self.weights) != 7 or any(not 0 <= w <= 1 for w in self.weights):
            raise BadInput("easy days: give seven load factors between 0 and 1")

    def pick(self, interval: int, maximum_interval: int = 36500) -> int:
        """The balanced interval (days) for an unfuzzed `interval`, within its fuzz range."""
        low, high = fuzz_range(interval, maximum_interval)
        if low == high:
            return low
        counts, weights, today = self.due_counts, self.weights, self.today
        center = min(max(interval, low), high)
        best_key, best = None, center
        allowed = any(weights[weekday(today + i)] > 0 for i in range(low, min(high, low + 6) + 1))
        top = max(weights)
        # from the middle out: center, center-1, center+1, center-2, ... so ties go nearest
        for offset in range(max(center - low, high - center) + 1):
            for i in ((center - offset, center + offset) if offset else (center,)):
                if not low <= i <= high:
                    continue
                w = weights[weekday(today + i)] if allowed else 1.0
                if w == 0:
                    continue
                load = counts.get(today + i, 0)
                key = (load + 1) / w
                if best_key is None or key < best_key:
                    best_key, best = key, i
                    if load == 0 and w == top:
                        return i  # nothing nearer scored lower, nothing farther can
        return best

    def moved(self, old_day: int | None, new_day: int | None) -> None:
        """A graded card's due day changed: keep the counts current (None: not counted)."""
        if old_day is not None and self.due_counts.get(old_day, 0) > 0:
            self.due_counts[old_day] -= 1
        if new_day is not None:
            self.due_counts[new_day] = self.due_counts.get(new_day, 0) + 1


def as_weights(factors: Mapping[str, float] | Iterable[float]) -> tuple[float, ...]:
    """Load factors from {"sat": 0.5, "sun": 0.0} or seven values, Monday first."""
    if isinstance(factors, Mapping):
        unknown = [k for k in factors if k not in WEEKDAYS]
        if unknown:
            raise BadInput(f"easy days: '{unknown[0]}' is not a weekday "
                           "(days: mon tue wed thu fri sat sun)")
        return tuple(float(factors.get(day, 1.0)) for day in WEEKDAYS)
    return tuple(float(f) for f in factors)
