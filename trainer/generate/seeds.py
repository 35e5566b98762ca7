"""Load and validate seeds/<source>/{claims,references}.toml; every problem is one located line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from trainer.errors import BadSeed, NoSeeds
from trainer.model import QUIZ_KINDS, REVIEW, Claim, DeckInfo, PendingReference, Reference, Seeds

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CLAIM_REQUIRED = ("id", "topic", "statement", "question", "answer", "category", "refs")
CLAIM_FIELDS = {
    "id": str, "topic": str, "statement": str, "question": str, "answer": str,
    "category": str, "refs": list, "aliases": list, "cloze": list, "extra": str,
    "reverse": (bool, str), "year": int, "quiz": list,
}
DECK_FIELDS = {"name": str, "tag": str, "description": str, "source": str}
REF_REQUIRED = ("number", "authors", "title", "journal", "year")
REF_FIELDS = {
    "number": int, "authors": str, "title": str, "journal": str, "year": int, "volume": str,
    "issue": str, "pages": str, "doi": str, "uncited": str,
}
FIX = "see seeds/README.md"


def display(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _File:
    """A TOML file's text and parsed data, with line look-ups for error messages."""

    def __init__(self, path: Path, table: str):
        self.path, self.name, self.table = path, display(path), table
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise BadSeed(self.name, f"cannot read ({exc.strerror}); check the path") from None
        try:
            self.text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise BadSeed(self.name, "not UTF-8 text; save the file as UTF-8", line) from None
        try:
            self.data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            m = re.search(r"\(at line (\d+), column \d+\)", msg)
            reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)
            raise BadSeed(self.name, f"invalid TOML: {reason}; fix the syntax",
                          int(m.group(1)) if m else 0) from None
        self.lines = self.text.splitlines()
        header = re.compile(rf"^\s*\[\[\s*{table}\s*\]\]")
        self.starts = [i + 1 for i, line in enumerate(self.lines) if header.match(line)]

    def line_of(self, index: int, key: str | None = None) -> int:
        """Line of the index-th [[table]] header, or of `key = ...` inside that table."""
        if index >= len(self.starts):
            return 0
        start = self.starts[index]
        if key is None:
            return start
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines) + 1
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return start

    def fail(self, line: int, what: str, message: str) -> BadSeed:
        return BadSeed(self.name, f"{what}{message}", line)


def _check_fields(f: _File, index: int, entry: Any, label: str,
                  fields: dict[str, type], required: tuple[str, ...]) -> None:
    if not isinstance(entry, dict):
        raise f.fail(f.line_of(index), label, f"must be a table; write it as [[{f.table}]]")
    for key in entry:
        if key not in fields:
            known = ", ".join(fields)
            raise f.fail(f.line_of(index, key), label,
                         f"unknown field '{key}'; the fields are {known} ({FIX})")
    for key in required:
        if key not in entry:
            raise f.fail(f.line_of(index), label, f"missing field '{key}'; add it ({FIX})")
    for key, kind in fields.items():
        if key in entry and not (isinstance(entry[key], kind)
                                 and not (kind is int and isinstance(entry[key], bool))):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise f.fail(f.line_of(index, key), label,
                         f"field '{key}' must be {names}, not {type(entry[key]).__name__}")
        if kind is str and key in entry and not entry[key].strip() and key in required:
            raise f.fail(f.line_of(index, key), label, f"field '{key}' is empty; write it")


def load_references(path: Path) -> dict[int, Reference]:
    f = _File(path, "reference")
    _only_tables(f, {"reference"})
    refs: dict[int, Reference] = {}
    for i, entry in enumerate(f.data.get("reference", [])):
        label = f"reference #{i + 1}: " if not isinstance(entry, dict) or "number" not in entry \
            else f"reference {entry['number']}: "
        _check_fields(f, i, entry, label, REF_FIELDS, REF_REQUIRED)
        number = entry["number"]
        if number in refs:
            raise f.fail(f.line_of(i, "number"), label,
                         "duplicate reference number; give each reference its own number")
        refs[number] = Reference(**entry, line=f.line_of(i))
    return refs


def _only_tables(f: _File, allowed: set[str]) -> None:
    for key in f.data:
        if key not in allowed:
            names = " and ".join(f"[{a}]" for a in sorted(allowed))
            raise f.fail(_line_of_key(f, key), "", f"unknown table or key '{key}'; "
                         f"this file holds only {names} ({FIX})")


def _line_of_key(f: _File, key: str) -> int:
    pattern = re.compile(rf"^\s*(\[\[?\s*{re.escape(key)}\s*\]\]?|{re.escape(key)}\s*=)")
    return next((i + 1 for i, line in enumerate(f.lines) if pattern.match(line)), 0)


def _claim(f: _File, i: int, entry: Any, refs: dict[int, Reference], seen: dict[str, int]) -> Claim:
    cid = entry.get("id") if isinstance(entry, dict) else None
    label = f"claim '{cid}': " if isinstance(cid, str) else f"claim #{i + 1}: "
    _check_fields(f, i, entry, label, *_claim_schema(entry))
    strict = not _is_draft(entry)  # a draft may cite a reference still to write, and lose a cloze term
    if not SLUG.match(cid):
        raise f.fail(f.line_of(i, "id"), label,
                     "id must be a slug (lowercase letters, digits and single '-'); rename it")
    if cid in seen:
        raise f.fail(f.line_of(i, "id"), label,
                     f"duplicate id (first used on line {seen[cid]}); ids are unique and never reused")
    seen[cid] = f.line_of(i)
    for key in ("aliases", "cloze"):
        if not all(isinstance(x, str) and x.strip() for x in entry.get(key, [])):
            raise f.fail(f.line_of(i, key), label, f"'{key}' must be a list of non-empty strings")
    for ref in entry["refs"]:
        if isinstance(ref, bool) or not (isinstance(ref, int) or ref == REVIEW):
            raise f.fail(f.line_of(i, "refs"), label,
                         f"refs holds {ref!r}; use reference numbers or \"{REVIEW}\"")
        if isinstance(ref, int) and ref not in refs and strict:
            raise f.fail(f.line_of(i, "refs"), label,
                         f"cites reference {ref}, which references.toml does not have; "
                         "add the reference or fix the number")
    for kind in entry.get("quiz", []):
        if kind not in QUIZ_KINDS:
            raise f.fail(f.line_of(i, "quiz"), label,
                         f"quiz holds {kind!r}; use some of {', '.join(QUIZ_KINDS)}")
    for term in entry.get("cloze", []):
        if term not in entry["statement"] and strict:
            raise f.fail(f.line_of(i, "cloze"), label,
                         f"cloze term {term!r} is not in the statement; copy it exactly from there")
    return _with_draft_fields(entry, Claim(
        id=cid, topic=entry["topic"], statement=entry["statement"], question=entry.get("question", ""),
        answer=entry.get("answer", ""), category=entry["category"], refs=tuple(entry["refs"]),
        aliases=tuple(entry.get("aliases", ())), cloze=tuple(entry.get("cloze", ())),
        extra=entry.get("extra", ""), reverse=entry.get("reverse", False),
        quiz=tuple(entry.get("quiz", QUIZ_KINDS)),
        year=entry.get("year"), line=f.line_of(i),
    ))


# -- draft claims (`trainer draft`): accepted with question and answer still empty; lint lists what
# each lacks and generate skips them. A claim stops being a draft when `draft = true` is deleted.
DRAFT_FIELDS: dict[str, type | tuple[type, ...]] = {"draft": bool, "source_text": str}
DRAFT_MAY_LEAVE = ("question", "answer")
_UNPARSED = re.compile(r"^#\s*UNPARSED reference (\d+):\s*(.*?)\.?\s*$")


def _is_draft(entry: Any) -> bool:
    return isinstance(entry, dict) and entry.get("draft") is True


def _claim_schema(entry: Any) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The fields a claim may hold and those it must: a draft may leave question and answer empty."""
    fields = {**CLAIM_FIELDS, **DRAFT_FIELDS}
    # 'draft = "yes"' counts as meant to be a draft here, so the error is its type, not its question
    if not isinstance(entry, dict) or entry.get("draft") in (None, False):
        return fields, CLAIM_REQUIRED
    return fields, tuple(k for k in CLAIM_REQUIRED if k not in DRAFT_MAY_LEAVE)


def _with_draft_fields(entry: dict[str, Any], claim: Claim) -> Claim:
    if "draft" not in entry and "source_text" not in entry:
        return claim
    return replace(claim, draft=entry.get("draft", False), source_text=entry.get("source_text", ""))


def load_pending_references(path: Path) -> tuple[PendingReference, ...]:
    """The entries `trainer draft` left as comments ('# UNPARSED reference 12: why')."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ()  # load_references has already said what is wrong with the file
    return tuple(PendingReference(int(m.group(1)), i + 1, m.group(2))
                 for i, line in enumerate(lines) if (m := _UNPARSED.match(line)))


def load_source(folder: Path) -> Seeds:
    """Load one seeds/<source>/ folder; raises BadSeed naming file, line and claim."""
    ref_path = folder / "references.toml"
    refs = load_references(ref_path) if ref_path.exists() else {}
    f = _File(folder / "claims.toml", "claim")
    _only_tables(f, {"deck", "claim"})
    deck_table = f.data.get("deck", {})
    if not isinstance(deck_table, dict):
        raise f.fail(_line_of_key(f, "deck"), "", "'deck' must be a table: [deck]")
    for key, value in deck_table.items():
        if key not in DECK_FIELDS or not isinstance(value, str):
            raise f.fail(_line_of_key(f, key), "[deck]: ",
                         f"'{key}' is not a text field of [deck] ({', '.join(DECK_FIELDS)})")
    tag = deck_table.get("tag", folder.name)
    if not tag or any(ch.isspace() for ch in tag):
        raise f.fail(_line_of_key(f, "tag"), "[deck]: ", "tag must be one word (Anki tags have no spaces)")
    deck = DeckInfo(id=folder.name, name=deck_table.get("name", folder.name), tag=tag,
                    description=deck_table.get("description", ""),
                    source=deck_table.get("source", ""))
    entries = f.data.get("claim", [])
    if not isinstance(entries, list):
        raise f.fail(_line_of_key(f, "claim"), "", "claims must be [[claim]] tables")
    seen: dict[str, int] = {}
    claims = tuple(_claim(f, i, entry, refs, seen) for i, entry in enumerate(entries))
    pending = load_pending_references(ref_path) if ref_path.exists() else ()
    return Seeds(deck=deck, claims=claims, references=refs,
                 claims_path=f.name, references_path=display(ref_path), pending_references=pending)


def find_sources(seeds_dir: Path) -> list[Path]:
    """The source folders under seeds_dir (those holding a claims.toml), in name order."""
    if not seeds_dir.is_dir():
        raise NoSeeds(display(seeds_dir), "no seeds folder here")
    folders = sorted(p.parent for p in seeds_dir.glob("*/claims.toml"))
    if not folders:
        raise NoSeeds(display(seeds_dir), "no <source>/claims.toml inside; see seeds/README.md "
                                          "for the layout")
    return folders
