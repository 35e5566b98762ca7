"""Study settings a user can change (`trainer config`): names, parsing, validation, defaults."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, NoReturn

from trainer.errors import BadInput
from trainer.limits import bounds_text, problem
from trainer.schedule import SchedulerConfig
from trainer.store import Store
from trainer.studysettings import GLOBAL, StudySettings, applied

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(s|m|h|d)$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Setting:
    name: str
    help: str  # what it is, for the listing and after an error
    kind: str  # int, float, bool, steps, parameters, easy_days
    hint: str = ""  # how to write it, for the listing only (an error says what is allowed)

    @property
    def described(self) -> str:
        return f"{self.help} ({self.hint})" if self.hint else self.help


SETTINGS = {s.name: s for s in (
    Setting("new_per_day", "new cards introduced per study day", "int"),
    Setting("reviews_per_day", "reviews per study day", "int"),
    Setting("rollover_hour", "local hour when a study day starts", "int", "0-23"),
    Setting("desired_retention", "chance of recall FSRS aims for at review time", "float",
            "0.70-0.99"),
    Setting("learning_steps", "steps for new cards", "steps", "e.g. '1m 10m'"),
    Setting("relearning_steps", "steps after a lapse", "steps", "e.g. '10m'"),
    Setting("maximum_interval", "longest interval, in days", "int"),
    Setting("fuzz", "spread intervals a little so cards do not clump", "bool", "true/false"),
    Setting("detail_cards", "introduce detail cards as new cards too", "bool",
            "false: core cards only"),
    Setting("parameters", "FSRS-6's 21 memory weights, fitted to your reviews by the optimizer",
            "parameters"),
    Setting("load_balance", "spread reviews to the lightest day of their fuzz range", "bool",
            "true/false"),
    Setting("easy_days", "lighter weekdays for the load balancer", "easy_days",
            "e.g. 'sat=50% sun=0%'"),
)}


def require(name: str) -> Setting:
    if name not in SETTINGS and name.replace("-", "_") in SETTINGS:
        raise BadInput(f"unknown setting '{name}'; did you mean '{name.replace('-', '_')}'?")
    if name not in SETTINGS:
        raise BadInput(f"unknown setting '{name}'; the settings are: {', '.join(SETTINGS)}")
    return SETTINGS[name]


def parse(name: str, text: str) -> Any:
    """The stored value for `name` from what the user typed; one clear error otherwise."""
    setting = require(name)
    text = text.strip()
    value: Any
    try:
        if setting.kind == "int":
            value = int(text)
        elif setting.kind == "float":
            value = float(text)
        elif setting.kind == "parameters":
            return _parameters(name, text)
        elif setting.kind == "easy_days":
            from trainer.balance import format_easy_days, parse_easy_days

            value = format_easy_days(parse_easy_days(text))  # its own one-line error if wrong
        elif setting.kind == "bool":
            value = {"true": True, "yes": True, "on": True, "1": True,
                     "false": False, "no": False, "off": False, "0": False}[text.lower()]
        else:
            value = [_seconds(part) for part in text.replace(",", " ").split()]
    except (ValueError, KeyError):
        _refuse(name, repr(text), problem(name, text))  # the text itself: "not a whole number"
    if found := problem(name, value):
        _refuse(name, show(name, value), found)
    return value


def _parameters(name: str, text: str) -> list[float]:
    """21 numbers, separated by spaces or commas, within the scheduler's bounds."""
    from trainer.optimize import check_parameters

    try:
        return list(check_parameters([float(v) for v in text.replace(",", " ").split()]))
    except BadInput as exc:
        raise BadInput(f"setting '{name}': {exc}") from None


def _seconds(part: str) -> int:
    m = _DURATION.match(part)
    if not m:
        raise ValueError(part)
    return round(float(m.group(1)) * _UNIT[m.group(2)])


def _refuse(name: str, shown: str, found: str) -> NoReturn:
    raise BadInput(f"setting '{name}': {shown} is {found}; allowed: {bounds_text(name)} "
                   f"({SETTINGS[name].help})")


def show(name: str, value: Any, full: bool = False) -> str:
    """A value as the user would type it ('1m 10m', 'true', '0.9'); FSRS parameters in short
    unless `full` (the first four, the initial stabilities, tell one fit from another)."""
    if SETTINGS[name].kind == "parameters":
        if value is None:
            return "defaults"
        if full:
            return " ".join(str(float(v)) for v in value)
        return " ".join(f"{v:.4g}" for v in value[:4]) + f" … ({len(value)})"
    if SETTINGS[name].kind == "steps" and isinstance(value, list | tuple):
        return " ".join(_duration(v) if isinstance(v, int) else repr(v) for v in value) or "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if SETTINGS[name].kind == "easy_days":
        return value or "(none)"
    return str(value)


def _duration(seconds: int) -> str:
    for unit in ("d", "h", "m"):
        if seconds and seconds % _UNIT[unit] == 0:
            return f"{seconds // _UNIT[unit]}{unit}"
    return f"{seconds}s"


def effective(store: Store, deck: str | None) -> dict[str, Any]:
    """Every setting's value for a deck (or globally): defaults < global < the deck's own."""
    settings = StudySettings.load(store, deck or GLOBAL)
    values = {**asdict(settings), **asdict(settings.scheduler)}
    values.pop("scheduler")
    return {name: list(values[name]) if isinstance(values[name], tuple) else values[name]
            for name in SETTINGS}


DECK, ALL_DECKS, DEFAULT = "deck", "all decks", "default"  # where a value comes from


def sources(store: Store, deck: str | None) -> dict[str, str]:
    """Where each setting's value comes from, as `effective` finds it: DECK (set for this
    deck), ALL_DECKS (set globally, with no value of the deck's own) or DEFAULT."""
    found = applied(store, deck or GLOBAL)
    return {name: DEFAULT if name not in found else ALL_DECKS if found[name][0] == GLOBAL else DECK
            for name in SETTINGS}


def defaults() -> dict[str, Any]:
    values = {**asdict(StudySettings()), **asdict(SchedulerConfig())}
    return {name: list(v) if isinstance(v, tuple) else v
            for name, v in values.items() if name in SETTINGS}


def set_value(store: Store, deck: str | None, name: str, text: str) -> Any:
    value = parse(name, text)
    store.settings.set(deck or GLOBAL, name, value)
    return value


def reset(store: Store, deck: str | None, name: str | None) -> int:
    """Remove one stored setting, or with no name every setting of the scope (the deck's, or
    the global ones); how many were removed."""
    if name is None:
        kept = {k: v for k, v in store.settings.scope(deck or GLOBAL).items() if k not in SETTINGS}
        removed = store.settings.clear(deck or GLOBAL)
        for key, value in kept.items():  # not study settings (the theme): they stay
            store.settings.set(deck or GLOBAL, key, value)
        return removed - len(kept)
    require(name)
    existed = name in store.settings.scope(deck or GLOBAL)
    store.settings.delete(deck or GLOBAL, name)
    return int(existed)


def stored_problems(store: Store, deck: str | None) -> list[str]:
    """Stored values out of their bounds (written by an older version, or by hand): reported by
    `trainer config`, ignored by study sessions, which use the default instead."""
    out = []
    for scope in dict.fromkeys([GLOBAL, deck or GLOBAL]):
        for key, value in store.settings.scope(scope).items():
            if key in SETTINGS and problem(key, value):
                where = "all decks" if scope == GLOBAL else f"deck {scope}"
                out.append(f"{key} = {value!r} ({where}) is {problem(key, value)}; using the default "
                           f"instead; allowed: {bounds_text(key)}")
    return out
