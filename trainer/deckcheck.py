"""The shape of a deck file's records, checked before any is built: types, card kinds, text.

A deck file may come from someone else, so every field of every card and quiz item is checked
against the shape `trainer generate` writes: a string, a list of strings, an int, a source
record. Text holding a control character (C0 but tab and newline, DEL, C1, so ESC too) is
refused: it would reach the terminal as a command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trainer.model import CARD_KINDS, QUIZ_KINDS
from trainer.text import CONTROL

Check = Callable[[Any], str]  # "" when the value is fine, else what is wrong with it


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return f"is {type(value).__name__}, not text"
    return "holds a control character" if CONTROL.search(value) else ""


def _int(value: Any) -> str:
    return "" if isinstance(value, int) and not isinstance(value, bool) else \
        f"is {type(value).__name__}, not a whole number"


def _optional_int(value: Any) -> str:
    return "" if value is None else _int(value)


def _texts(value: Any) -> str:
    if not isinstance(value, list):
        return f"is {type(value).__name__}, not a list of text"
    return next((f"item {i + 1} {p}" for i, v in enumerate(value) if (p := _text(v))), "")


def _refs(value: Any) -> str:
    if not isinstance(value, list):
        return f"is {type(value).__name__}, not a list of references"
    bad = next((v for v in value if _int(v) and _text(v)), None)
    return f"holds {bad!r}, not a reference number or name" if bad is not None else ""


def _one_of(options: tuple[str, ...]) -> Check:
    def check(value: Any) -> str:
        return "" if value in options else f"is {value!r}, not one of {', '.join(options)}"
    return check


SOURCE: dict[str, Check] = {"short": _text, "citation": _text, "doi": _text, "url": _text}


def _sources(value: Any) -> str:
    if not isinstance(value, list):
        return f"is {type(value).__name__}, not a list of sources"
    for i, source in enumerate(value):
        if not isinstance(source, dict):
            return f"item {i + 1} is not a source record"
        if "ref" not in source or (_int(source["ref"]) and _text(source["ref"])):
            return f"item {i + 1} has no reference number or name"
        unknown = set(source) - set(SOURCE) - {"ref"}
        if unknown:
            return f"item {i + 1} has an unknown field {sorted(unknown)[0]!r}"
        problem = next((f"item {i + 1} field {k!r} {p}" for k, check in SOURCE.items()
                        if k in source and (p := check(source[k]))), "")
        if problem:
            return problem
    return ""


_COMMON: dict[str, Check] = {
    "id": _text, "claim": _text, "topic": _text, "answer": _text, "content_hash": _text,
    "tags": _texts, "refs": _refs, "sources": _sources, "extra": _text, "year": _optional_int,
    "priority": _one_of(("core", "detail")), "update": _text, "update_sources": _sources,
}
CARD: dict[str, Check] = {**_COMMON, "kind": _one_of(CARD_KINDS), "question": _text,
                          "cloze": _text, "changed_at": _int}
QUIZ: dict[str, Check] = {**_COMMON, "kind": _one_of(QUIZ_KINDS), "question": _text,
                          "options": _texts, "statement": _text, "false_statement": _text,
                          "aliases": _texts}
DECK: dict[str, Check] = {"id": _text, "name": _text, "tag": _text, "description": _text,
                          "source": _text}
DECK_REQUIRED = ("id", "name", "tag")
CARD_REQUIRED = ("id", "claim", "kind", "topic", "question", "answer", "content_hash")
QUIZ_REQUIRED = ("id", "claim", "kind", "topic", "answer", "content_hash")


def problem(entry: Any, schema: dict[str, Check], required: tuple[str, ...]) -> str:
    """What is wrong with one card or quiz item as the deck file holds it ("" when nothing)."""
    if not isinstance(entry, dict):
        return "is not an object"
    for key in required:
        if key not in entry:
            return f"lacks or mangles {key!r}"
    for key, value in entry.items():
        check = schema.get(key)
        if check is None:
            return f"has an unknown field {key!r}"
        found = check(value)
        if found:
            return f"field {key!r} {found}"
    return ""
