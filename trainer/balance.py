"""Load balancing and easy days: a fuzzed review goes to the lightest day of its fuzz range.

Anki's load balancer replaces the random fuzz of a review interval by a choice, within the same
fuzz range, of a day with few cards already due, and lets a learner lighten chosen weekdays
("easy days"). Anki draws that day at random (seeded per card), weighting each day by about
1 / cards due^2 and 1 / interval^3. This one chooses without randomness, so the outcome
previewed on a grade button is exactly what grading applies:

- The range is the fuzz range (`fuzz_range`), with the bounds py-fsrs and Anki both compute:
  none below 3 days; otherwise the interval plus or minus 1 day, plus 15% of the part between
  2.5 and 7 days, 10% of the part between 7 and 20 days and 5% beyond 20, rounded, at least
  2 days and at most the maximum interval. (py-fsrs rounds its random draw, so its fuzz now and
  then lands one day past the top; Anki's and this one never do.)
- Each day of the range scores (cards due that day + 1) / its weekday's load factor; the lowest
  score wins, then the day nearest the unfuzzed interval, then the earlier one. A 50% day so
  fills at half the rate of a full day; a 0% day is never chosen while the range holds a day
  with some load allowed (if every day of the range is a 0% day, the plain load decides).
- Long intervals are balanced too (Anki stops at 90 days and falls back to random fuzz, which
  would break the preview): a review costs one dictionary look-up per day of its range (about
  a tenth of the interval), and the scan, from the middle out, stops at the first empty day at
  full load.
- Siblings are not kept apart (Anki's balancer also avoids days holding a sibling); the study
  queue buries them instead.

The caller keeps `due_counts` (study day number -> cards due that day) current: one query when a
session starts (`count_due_days`), then `Balancer.moved` after every grade, and a new `today`
when the study day turns. Day numbers are days since 1970-01-01 of the local study day
(rollover applied), as the review log's `day` column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from trainer.errors import BadInput

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NO_EASY_DAYS = (1.0,) * 7
EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, float("inf"), 0.05))
_ENTRY = re.compile(r"^([a-z]+)=(\d+(?:\.\d+)?)%$")


def weekday(day: int) -> int:
    """0 Monday .. 6 Sunday, of a study day number."""
    return (day + EPOCH_WEEKDAY) % 7


@lru_cache(maxsize=4096)  # a handful of intervals recur all day; this runs three times a card
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
        self._top = max(self.weights)
        self._day: int | None = None
        self._by_offset: tuple[float, ...] = ()

    def _rotated(self) -> tuple[float, ...]:
        """Weights indexed by interval % 7 for today (recomputed when `today` moves on)."""
        if self._day != self.today:
            shift = self.today + EPOCH_WEEKDAY
            self._by_offset = tuple(self.weights[(shift + k) % 7] for k in range(7))
            self._day = self.today
        return self._by_offset

    def pick(self, interval: int, maximum_interval: int = 36500) -> int:
        """The balanced interval (days) for an unfuzzed `interval`, within its fuzz range."""
        low, high = fuzz_range(interval, maximum_interval)
        if low == high:
            return low
        get, today, weights, top = self.due_counts.get, self.today, self._rotated(), self._top
        if not top or (min(weights) == 0 and not any(
                weights[i % 7] for i in range(low, min(high, low + 6) + 1))):
            weights, top = NO_EASY_DAYS, 1.0  # every day of the range is off: the load decides
        center = min(max(interval, low), high)
        best, best_key = center, float("inf")
        # from the middle out (center, center-1, center+1, ...), so ties go to the nearest day
        for offset in range(max(center - low, high - center) + 1):
            for i in (center - offset, center + offset):
                if low <= i <= high:
                    w = weights[i % 7]
                    if w:
                        load = get(today + i, 0)
                        key = (load + 1) / w
                        if key < best_key:
                            if not load and w == top:
                                return i  # the lowest score possible, and the nearest
                            best, best_key = i, key
                if not offset:
                    break
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
