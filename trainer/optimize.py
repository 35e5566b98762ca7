"""Fitting FSRS-6 parameters to a learner's review log (fsrs-rs, no torch), with before/after figures.

The input is the review log as plain `ReviewEvent` records, one per answer (ours, or a row of an
Anki revlog), in any order. It is turned into training items the way Anki prepares a revlog for
the fsrs-rs optimizer (`reviews_for_fsrs` in Anki's rslib), rule by rule:

1. **Cram answers are dropped** (`Kind.CRAM`: custom study with scheduling off, Anki's filtered
   decks without rescheduling): they neither count nor break a card's history.
2. **A card's history starts at its last learning run**: reading its log backwards from the
   latest answer, the history begins at the first answer of the last unbroken run of learning
   answers (`Kind.LEARN`). Whatever came before (an earlier life of the card, ended by a reset)
   is ignored.
3. **Cards without that start are left out**: a card with no learning answer (its first
   answers were never logged, e.g. imported reviews only), or one graded after a reset
   (`Kind.RESET`) without being learnt again, has an incomplete history.
4. **Entries without a grade are dropped** from what is kept: resets, set-due-date and other
   manual changes (`Kind.MANUAL`), and any rating outside 1-4.
5. **Early answers stay** (`Kind.EARLY`: studied ahead of the due date, Anki's filtered decks
   with rescheduling): they are ordinary reviews with a shorter elapsed time, which the memory
   model takes as it was.
6. **Elapsed time is in whole study days**: delta_t is the difference of the study day numbers
   (`ReviewEvent.day`, rollover applied) of two consecutive kept answers; the first is 0.
   Several answers on one day are kept in the history (delta_t 0, the short-term model), but
   no item is trained on an answer that came the same day as the previous one.
7. **One item per later-day answer**: every kept answer after a card's first, given on a later
   study day than the answer before it, makes one item (the history up to and including it);
   items are ordered by the time of that answer, which the time-series evaluation needs.

fsrs-rs then drops outlier items (`filter_outlier`), returns its defaults below 8 items and fits
only the four initial stabilities below 64. This module asks for at least `MIN_ITEMS` (64) items
after that filter before fitting: below it the library would move only the initial stabilities,
from a handful of first reviews, and a before/after comparison on so little history cannot tell
a gain from noise. Fewer gives `NotEnoughHistory` (how many more reviews are needed), never an
exception. The count is the library's own, after its filter, which drops the items of rare
(first rating, first interval) pairs, at least about 20 on a small log: a few dozen cards may
never get there however often they are reviewed; more cards do.

Evaluation uses the library's time-series splits where it can (train on the past, predict the
next sixth of the history, five times): `after` is that out-of-sample figure for fitting, and
`before` is the current parameters predicting the same answers. The in-sample figures of the
final fit on the whole history come along too. Everything is deterministic given the input:
fsrs-rs trains with a fixed seed, and items are ordered by (time, card, position).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from trainer.errors import BadInput

MIN_ITEMS = 64  # fsrs-rs fits all 21 parameters only from this many items
PARAMETER_COUNT = 21
FIGURE_DECIMALS = 5


class Kind(StrEnum):
    """What an answer was, as the optimizer needs to know it."""

    LEARN = "learn"  # a new or learning card (our prev_state 0 or 1; Anki revlog type 0)
    REVIEW = "review"  # a review-state card on or after its due day (prev_state 2; type 1)
    RELEARN = "relearn"  # a lapsed card in its relearning steps (prev_state 3; type 2)
    EARLY = "early"  # a review-state card studied before its due day (type 3 with a factor)
    CRAM = "cram"  # custom study with scheduling off (type 3 with factor 0)
    RESET = "reset"  # the card was forgotten, back to new (type 4 with factor 0)
    MANUAL = "manual"  # set due date or another ungraded change (type 4 with a factor, type 5)


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """One line of the review log. `day` is the local study day number (rollover applied);
    `rating` is 1-4 (0 for ungraded entries); `card` is any hashable card key."""

    card: str | int
    reviewed_at_ms: int
    day: int
    rating: int
    duration_ms: int
    kind: Kind


def kind_of(prev_state: int, early: bool = False, cram: bool = False) -> Kind:
    """The kind of one of our own reviews: from its state before (0 new, 1 learning, 2 review,
    3 relearning), whether it was studied before the day it was due, and whether it was a cram
    answer (scheduling left untouched)."""
    if cram:
        return Kind.CRAM
    if prev_state in (0, 1):
        return Kind.LEARN
    if prev_state == 3:
        return Kind.RELEARN
    return Kind.EARLY if early else Kind.REVIEW


def kind_from_anki(revlog_type: int, factor: int, ease: int) -> Kind:
    """The kind of an Anki revlog row (`type`, `factor`, `ease`), as Anki reads it for FSRS."""
    if revlog_type == 3:
        return Kind.CRAM if factor == 0 else Kind.EARLY
    if revlog_type == 4:
        return Kind.RESET if factor == 0 else Kind.MANUAL
    if revlog_type == 5 or ease == 0:
        return Kind.MANUAL
    return {0: Kind.LEARN, 1: Kind.REVIEW, 2: Kind.RELEARN}.get(revlog_type, Kind.MANUAL)


@dataclass(frozen=True)
class Evaluation:
    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class Fitted:
    """Parameters fitted to the history, and how well they and the current ones predict it."""

    parameters: tuple[float, ...]  # 21 values, within the scheduler's bounds
    reviews: int  # answers kept in the histories used
    items: int  # training items after the library's outlier filter
    cards: int  # cards whose history was used
    scope: str  # "full", or "initial" when the library moved only the initial stabilities
    before: Evaluation  # current parameters, on the answers the time-series splits predict
    after: Evaluation  # fitted out of sample (time-series splits), or in sample if not offered
    time_series: bool  # whether `before`/`after` come from the time-series splits
    before_in_sample: Evaluation  # current parameters on the whole history
    after_in_sample: Evaluation  # the final fit on the whole history

    @property
    def better(self) -> bool:
        """Fitting predicts the learner's answers better than the current parameters
        (a lower log loss out of sample): the condition for storing the fit."""
        return self.after.log_loss < self.before.log_loss


@dataclass(frozen=True)
class NotEnoughHistory:
    """Too little history to fit: nothing was fitted."""

    reviews: int  # answers in the complete histories
    items: int  # training items the library would keep (after its outlier filter)
    needed: int  # more items to reach the minimum: reviews on a later day than the card's last
    minimum: int = MIN_ITEMS

    def __str__(self) -> str:
        return f"not enough history: {self.needed} more reviews needed"


def _graded(event: ReviewEvent) -> bool:
    return 1 <= event.rating <= 4 and event.kind not in (Kind.RESET, Kind.MANUAL, Kind.CRAM)


def card_history(events: Sequence[ReviewEvent]) -> list[ReviewEvent]:
    """The part of one card's log (in time order) that trains the model (rules 1-4 above);
    empty when the card's history is incomplete."""
    log = [e for e in events if e.kind != Kind.CRAM]
    start = None
    for i in range(len(log) - 1, -1, -1):
        e = log[i]
        if e.kind == Kind.LEARN and 1 <= e.rating <= 4:
            start = i
        elif start is not None:
            break  # the run of learning answers is over: earlier life ignored
        elif e.kind == Kind.RESET:
            return []  # graded after a reset without being learnt again
    if start is None:
        return []
    return [e for e in log[start:] if _graded(e)]


Sequence_ = tuple[tuple[int, int], ...]  # (rating, delta_t in days) of each answer of an item


def _prepared(events: Iterable[ReviewEvent]) -> tuple[list[tuple[tuple, list, int]], int, int]:
    """([(sort key, the card's (rating, delta_t) list, item length)], answers kept, cards used):
    each item is a prefix of its card's list, so the list is built once per card."""
    by_card: dict = {}
    for e in events:
        by_card.setdefault(e.card, []).append(e)
    keyed: list[tuple[tuple, list, int]] = []
    reviews = cards = 0
    for card, log in by_card.items():
        log.sort(key=lambda e: e.reviewed_at_ms)  # stable: same-millisecond answers keep order
        kept = card_history(log)
        if not kept:
            continue
        reviews += len(kept)
        steps = [(kept[0].rating, 0)]
        steps += [(e.rating, max(0, e.day - p.day)) for p, e in itertools.pairwise(kept)]
        ends = [i + 1 for i in range(1, len(steps)) if steps[i][1] > 0]
        keyed += [((kept[end - 1].reviewed_at_ms, str(card), end), steps, end) for end in ends]
        cards += bool(ends)
    keyed.sort(key=lambda entry: entry[0])
    return keyed, reviews, cards


def training_items(events: Iterable[ReviewEvent]) -> tuple[list[Sequence_], int, int]:
    """(items in time order, answers kept, cards used) from the whole log (rules 1-7 above).
    An item is the (rating, delta_t) of each answer of one card up to the one it trains on."""
    keyed, reviews, cards = _prepared(events)
    return [tuple(steps[:end]) for _, steps, end in keyed], reviews, cards


def _fsrs_items(keyed: list[tuple[tuple, list, int]]) -> list:
    from fsrs_rs_python import FSRSItem, FSRSReview

    converted: dict[int, list] = {}  # one FSRSReview list per card, shared by its items
    items = []
    for _, steps, end in keyed:
        reviews = converted.get(id(steps))
        if reviews is None:
            reviews = converted[id(steps)] = [FSRSReview(r, d) for r, d in steps]
        items.append(FSRSItem(reviews[:end]))
    return items


def _filtered(items: list) -> list:
    """The items fsrs-rs trains on: those with one long-term review first, then the rest,
    after its outlier filter (as its `prepare_training_data` does)."""
    from fsrs_rs_python import filter_outlier

    first = [i for i in items if i.long_term_review_cnt() == 1]
    rest = [i for i in items if i.long_term_review_cnt() != 1]
    if not first:
        return rest
    first, rest = filter_outlier(first, rest)
    return list(first) + list(rest)


def _evaluate(parameters: Sequence[float], items: list) -> Evaluation:
    from fsrs_rs_python import FSRS

    return _figures(FSRS(list(parameters)).evaluate(items))


def _figures(e: Any) -> Evaluation:
    """fsrs-rs sums RMSE(bins) over a hash map, so its last float bits vary from run to run:
    five decimals keep the figures (and the result) the same for the same input."""
    return Evaluation(round(float(e.log_loss), FIGURE_DECIMALS),
                      round(float(e.rmse_bins), FIGURE_DECIMALS))


def fit(events: Iterable[ReviewEvent], current: Sequence[float] | None = None,
        relearning_steps: int = 1) -> Fitted | NotEnoughHistory:
    """Fit FSRS-6 parameters to the review log. `current` are the parameters in use (None:
    the defaults), `relearning_steps` the number of relearning steps the scheduler uses."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, evaluate_with_time_series_splits

    current = check_parameters(current) if current is not None else tuple(DEFAULT_PARAMETERS)
    keyed, reviews, cards = _prepared(events)
    items = _fsrs_items(keyed)
    usable = len(_filtered(items)) if items else 0
    if usable < MIN_ITEMS:
        return NotEnoughHistory(reviews, usable, MIN_ITEMS - usable)
    model = FSRS(list(DEFAULT_PARAMETERS))
    try:
        raw = model.compute_parameters(items, enable_short_term=True,
                                       num_relearning_steps=relearning_steps)
    except ValueError:  # fsrs-rs: NotEnoughData (no first reviews left after the filter)
        return NotEnoughHistory(reviews, usable, MIN_ITEMS)
    parameters = clamp(raw)
    scope = "full" if any(abs(a - b) > 1e-6 for a, b in zip(raw[4:], DEFAULT_PARAMETERS[4:],
                                                             strict=True)) else "initial"
    before_all, after_all = _evaluate(current, items), _evaluate(parameters, items)
    # time-series splits: the library predicts items[n // 6:] from models trained on the past
    tested = items[len(items) // 6:]
    try:
        series = evaluate_with_time_series_splits(items, enable_short_term=True,
                                                  num_relearning_steps=relearning_steps)
        before, after = _evaluate(current, tested), _figures(series)
        time_series = True
    except ValueError:  # a split too small to train on: compare in sample instead
        before, after, time_series = before_all, after_all, False
    return Fitted(parameters=parameters, reviews=reviews, items=usable, cards=cards, scope=scope,
                  before=before, after=after, time_series=time_series,
                  before_in_sample=before_all, after_in_sample=after_all)


def bounds() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The scheduler's (py-fsrs's) lower and upper bound of each parameter."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    return tuple(LOWER_BOUNDS_PARAMETERS), tuple(UPPER_BOUNDS_PARAMETERS)


def clamp(values: Sequence[float]) -> tuple[float, ...]:
    """Values rounded to 6 decimals (fsrs-rs computes in 32-bit floats: more digits are noise)
    and brought within the scheduler's bounds: fsrs-rs clips to bounds of its own, and the
    scheduler refuses a value a hair outside its own."""
    low, high = bounds()
    return tuple(min(max(round(float(v), 6), lo), hi)
                 for v, lo, hi in zip(values, low, high, strict=True))


def check_parameters(values: Sequence[float]) -> tuple[float, ...]:
    """The values as scheduler parameters, or BadInput saying what is wrong with them."""
    try:
        floats = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise BadInput("FSRS parameters must be numbers") from None
    if len(floats) != PARAMETER_COUNT:
        raise BadInput(f"FSRS-6 takes {PARAMETER_COUNT} parameters, got {len(floats)}")
    low, high = bounds()
    for i, (v, lo, hi) in enumerate(zip(floats, low, high, strict=True)):
        if not lo <= v <= hi:
            raise BadInput(f"FSRS parameter {i} is {v}, outside {lo}..{hi}")
    return floats
