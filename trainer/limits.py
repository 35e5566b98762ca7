"""The documented bounds of every study setting, checked where a value is typed and where a
stored one is read (a value an older version stored, or a hand-edited database)."""

from __future__ import annotations

import math
from typing import Any

DAY = 86400
STEP_MIN, STEP_MAX = 1, 30 * DAY  # seconds: a learning step of one second up to 30 days
MAX_STEPS = 10

# name -> (kind, lowest, highest); Anki's ranges where it has them
BOUNDS: dict[str, tuple[str, float | None, float | None]] = {
    "new_per_day": ("int", 0, 9999),
    "reviews_per_day": ("int", 0, 9999),
    "rollover_hour": ("int", 0, 23),
    "desired_retention": ("float", 0.70, 0.99),
    "maximum_interval": ("int", 1, 36500),
    "learning_steps": ("steps", None, None),
    "relearning_steps": ("steps", None, None),
    "fuzz": ("bool", None, None),
    "detail_cards": ("bool", None, None),
    "parameters": ("parameters", None, None),
    "load_balance": ("bool", None, None),
    "easy_days": ("easy_days", None, None),
}


def bounds_text(name: str) -> str:
    """What a value may be, as the user reads it: "0-9999", "0.70-0.99", steps "each 1s-30d"."""
    kind, low, high = BOUNDS[name]
    if kind == "easy_days":
        return "weekday=percent pairs such as 'sat=50% sun=0%', or '' for none"
    if kind == "parameters":
        return "21 numbers, each within FSRS-6's bounds, as 'trainer optimize --apply' sets them"
    if kind == "steps":
        return f"steps such as '1m 10m' or '1h 1d', each 1s-30d, at most {MAX_STEPS}, or '' for none"
    if kind == "float":
        return f"{low:.2f}-{high:.2f}"
    if kind == "int":
        return f"{int(low or 0)}-{int(high or 0)}"
    return "true or false, yes or no, on or off, 1 or 0"


def problem(name: str, value: Any) -> str:
    """What is wrong with a value of setting `name` ("" when it is fine)."""
    kind, low, high = BOUNDS[name]
    if kind == "easy_days":
        from trainer.balance import parse_easy_days
        from trainer.errors import BadInput

        try:
            parse_easy_days(value if isinstance(value, str) else "?")
        except BadInput:
            return "not a list of weekday=percent pairs"
        return ""
    if kind == "parameters":
        from trainer.errors import BadInput
        from trainer.optimize import check_parameters

        try:
            check_parameters(value)
        except (BadInput, TypeError, ValueError):
            return "not a valid set of FSRS-6 parameters"
        return ""
    if kind == "bool":
        return "" if isinstance(value, bool) else "not true or false"
    if kind == "steps":
        if not isinstance(value, list | tuple) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            return "not a list of steps"
        if len(value) > MAX_STEPS or any(not STEP_MIN <= v <= STEP_MAX for v in value):
            return "out of range"
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            kind == "int" and not isinstance(value, int)):
        return f"not {'a whole number' if kind == 'int' else 'a number'}"
    if not math.isfinite(value) or (low is not None and value < low) or (
            high is not None and value > high):
        return "out of range"
    return ""
