"""Load and validate seeds/<source>/{claims,references,updates}.toml; every problem is one located line."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from trainer.deckmodel import DeckInfo
from trainer.errors import BadSeed, NoSeeds
from trainer.generate.lint import OPTIONAL_RULES
from trainer.model import QUIZ_KINDS, THE_REVIEW
from trainer.seedmodel import Claim, PendingReference, Reference, Seeds, UpdateSource

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CLAIM_REQUIRED = ("id", "topic", "statement", "question", "answer", "category", "refs")
CLAIM_FIELDS = {
    "id": str, "topic": str, "statement": str, "question": str, "answer": str,
    "category": str, "refs": list, "aliases": list, "cloze": list, "extra": str,
    "reverse": (bool, str), "year": int, "quiz": list, "priority": str, "update": str,
    "update_refs": list, "lint_allow": dict,
}
PRIORITIES = ("core", "detail")  # core: what a resident applies or is examined on
DECK_FIELDS = {"name": str, "tag": str, "description": str, "source": str}
REF_REQUIRED = ("number", "authors", "title", "journal", "year")
REF_FIELDS = {
    "number": int, "authors": str, "title": str, "journal": str, "year": int, "volume": str,
    "issue": str, "pages": str, "doi": str, "uncited": str,
}
RETIRED_FIELDS = {"id": str, "reason": str}
UPDATE_REQUIRED = ("id", "authors", "title", "journal", "year")
UPDATE_FIELDS = {
    "id": str, "authors": str, "title": str, "journal": str, "year": int, "volume": str,
    "issue": str, "pages": str, "doi": str, "url": str, "note": str,
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
        self.starts = self.headers(table)

    def headers(self, table: str) -> list[int]:
        """Line numbers of every [[table]] header, in file order."""
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        return [i + 1 for i, line in enumerate(self.lines) if header.match(line)]

    def line_of(self, index: int, key: str | None = None, starts: list[int] | None = None) -> int:
        """Line of the index-th [[table]] header, or of `key = ...` inside that table.
        `starts` gives the headers of another array of tables than the file's main one."""
        starts = self.starts if starts is None else starts
        if index >= len(starts):
            return 0
        start = starts[index]
        if key is None:
            return start
        # a table ends where the next header of any kind starts
        later = [n for n in self.all_headers if n > start]
        end = later[0] if later else len(self.lines) + 1
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return start

    @property
    def all_headers(self) -> list[int]:
        if not hasattr(self, "_all_headers"):
            any_header = re.compile(r"^\s*\[")
            self._all_headers = [i + 1 for i, line in enumerate(self.lines) if any_header.match(line)]
        return self._all_headers

    def fail(self, line: int, what: str, message: str) -> BadSeed:
        return BadSeed(self.name, f"{what}{message}", line)


def _check_fields(f: _File, index: int, entry: Any, label: str, fields: Mapping[str, Any],
                  required: tuple[str, ...], table: str | None = None) -> None:
    """Table, known fields, required fields present, types right. `table` names another array of
    tables of the file than its main one ([[retired]] in claims.toml)."""
    table = table or f.table
    starts = None if table == f.table else f.headers(table)

    def at(key: str | None = None) -> int:
        return f.line_of(index, key, starts)

    if not isinstance(entry, dict):
        raise f.fail(at(), label, f"must be a table; write it as [[{table}]]")
    for key in entry:
        if key not in fields:
            known = ", ".join(fields)
            raise f.fail(at(key), label, f"unknown field '{key}'; the fields are {known} ({FIX})")
    for key in required:
        if key not in entry:
            raise f.fail(at(), label, f"missing field '{key}'; add it ({FIX})")
    for key, kind in fields.items():
        if key in entry and not (isinstance(entry[key], kind)
                                 and not (kind is int and isinstance(entry[key], bool))):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            names = "table" if kind is dict else names
            raise f.fail(at(key), label,
                         f"field '{key}' must be {names}, not {type(entry[key]).__name__}")
        if kind is str and key in entry and not entry[key].strip() and key in required:
            raise f.fail(at(key), label, f"field '{key}' is empty; write it")


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
            names = ", ".join(f"[{a}]" for a in sorted(allowed))
            raise f.fail(_line_of_key(f, key), "", f"unknown table or key '{key}'; "
                         f"this file holds only {names} ({FIX})")


def _line_of_key(f: _File, key: str) -> int:
    pattern = re.compile(rf"^\s*(\[\[?\s*{re.escape(key)}\s*\]\]?|{re.escape(key)}\s*=)")
    return next((i + 1 for i, line in enumerate(f.lines) if pattern.match(line)), 0)


def _claim(f: _File, i: int, entry: Any, refs: dict[int, Reference], seen: dict[str, int],
           updates: dict[str, UpdateSource]) -> Claim:
    cid = entry.get("id") if isinstance(entry, dict) else None
    label = f"claim '{cid}': " if isinstance(cid, str) else f"claim #{i + 1}: "
    _check_fields(f, i, entry, label, *_claim_schema(entry))
    cid = entry["id"]  # checked: a string
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
        if isinstance(ref, bool) or not (isinstance(ref, int) or ref == THE_REVIEW):
            raise f.fail(f.line_of(i, "refs"), label,
                         f"refs holds {ref!r}; use reference numbers or \"{THE_REVIEW}\"")
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
    priority = entry.get("priority", "core")
    if priority not in PRIORITIES:
        raise f.fail(f.line_of(i, "priority"), label,
                     f"priority is {priority!r}; use \"core\" (what a resident applies or is "
                     "examined on) or \"detail\"")
    update, update_refs = entry.get("update", ""), entry.get("update_refs", [])
    _check_update(f, i, label, update, update_refs, updates)
    allow = entry.get("lint_allow", {})
    for rule, reason in allow.items():
        if rule not in OPTIONAL_RULES:
            raise f.fail(f.line_of(i, "lint_allow"), label,
                         f"lint_allow names {rule!r}, which cannot be allowed; the rules that can "
                         f"are {', '.join(sorted(OPTIONAL_RULES))}")
        if not isinstance(reason, str) or not reason.strip():
            raise f.fail(f.line_of(i, "lint_allow"), label,
                         f"lint_allow.{rule} needs a reason: rule-id = \"why this is an exception\"")
    return _with_draft_fields(entry, Claim(
        id=cid, topic=entry["topic"], statement=entry["statement"], question=entry.get("question", ""),
        answer=entry.get("answer", ""), category=entry["category"], refs=tuple(entry["refs"]),
        aliases=tuple(entry.get("aliases", ())), cloze=tuple(entry.get("cloze", ())),
        extra=entry.get("extra", ""), reverse=entry.get("reverse", False),
        quiz=tuple(entry.get("quiz", QUIZ_KINDS)),
        year=entry.get("year"), priority=priority, update=update,
        update_refs=tuple(update_refs), lint_allow=tuple(sorted(allow.items())), line=f.line_of(i),
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


def _check_update(f: _File, i: int, label: str, update: str, refs: list,
                  updates: dict[str, UpdateSource]) -> None:
    """An update is one line and cites at least one update source, and a source needs an update."""
    if "\n" in update:
        raise f.fail(f.line_of(i, "update"), label, "update is one line; shorten it")
    if update.strip() and not refs:
        raise f.fail(f.line_of(i, "update"), label,
                     "update has no source; cite it in update_refs = [\"<id in updates.toml>\"]")
    if refs and not update.strip():
        raise f.fail(f.line_of(i, "update_refs"), label,
                     "update_refs without an update; write update = \"what changed\"")
    for ref in refs:
        if not isinstance(ref, str) or ref not in updates:
            known = ", ".join(sorted(updates)) or "none"
            raise f.fail(f.line_of(i, "update_refs"), label,
                         f"update_refs holds {ref!r}, which updates.toml does not have "
                         f"(it has: {known}); add the source or fix the id")


def load_updates(path: Path) -> dict[str, UpdateSource]:
    """seeds/<source>/updates.toml: [[source]] tables of sources published after the review."""
    f = _File(path, "source")
    _only_tables(f, {"source"})
    out: dict[str, UpdateSource] = {}
    for i, entry in enumerate(f.data.get("source", [])):
        sid = entry.get("id") if isinstance(entry, dict) else None
        label = f"source '{sid}': " if isinstance(sid, str) else f"source #{i + 1}: "
        _check_fields(f, i, entry, label, UPDATE_FIELDS, UPDATE_REQUIRED)
        sid = entry["id"]  # checked: a string
        if not SLUG.match(sid):
            raise f.fail(f.line_of(i, "id"), label,
                         "id must be a slug (lowercase letters, digits and single '-'); rename it")
        if sid in out:
            raise f.fail(f.line_of(i, "id"), label,
                         f"duplicate id (first used on line {out[sid].line}); give each source its own")
        if not entry.get("doi", "").strip() and not entry.get("url", "").strip():
            raise f.fail(f.line_of(i), label, "missing field 'doi'; add the DOI (or, only when "
                         "the source has none, a url)")
        out[sid] = UpdateSource(**entry, line=f.line_of(i))
    return out


def _retired(f: _File) -> dict[str, str]:
    """[[retired]] tables of claims.toml: ids of removed claims, never to be given out again."""
    entries = f.data.get("retired", [])
    if not isinstance(entries, list):
        raise f.fail(_line_of_key(f, "retired"), "", "retired ids must be [[retired]] tables")
    out: dict[str, str] = {}
    starts = f.headers("retired")
    for i, entry in enumerate(entries):
        rid = entry.get("id") if isinstance(entry, dict) else None
        label = f"retired '{rid}': " if isinstance(rid, str) else f"retired #{i + 1}: "
        _check_fields(f, i, entry, label, RETIRED_FIELDS, ("id", "reason"), table="retired")
        rid = entry["id"]  # checked: a string
        if rid in out:
            raise f.fail(f.line_of(i, "id", starts), label, "retired twice; keep one entry")
        out[rid] = entry["reason"]
    return out


def load_source(folder: Path) -> Seeds:
    """Load one seeds/<source>/ folder; raises BadSeed naming file, line and claim."""
    ref_path = folder / "references.toml"
    refs = load_references(ref_path) if ref_path.exists() else {}
    upd_path = folder / "updates.toml"
    updates = load_updates(upd_path) if upd_path.exists() else {}
    f = _File(folder / "claims.toml", "claim")
    _only_tables(f, {"deck", "claim", "retired"})
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
    claims = tuple(_claim(f, i, entry, refs, seen, updates) for i, entry in enumerate(entries))
    pending = load_pending_references(ref_path) if ref_path.exists() else ()
    return Seeds(deck=deck, claims=claims, references=refs, claims_path=f.name,
                 references_path=display(ref_path), updates=updates, retired=_retired(f),
                 updates_path=display(upd_path) if upd_path.exists() else "",
                 pending_references=pending)


def find_sources(seeds_dir: Path) -> list[Path]:
    """The source folders under seeds_dir (those holding a claims.toml), in name order."""
    if not seeds_dir.is_dir():
        raise NoSeeds(display(seeds_dir), "no seeds folder here")
    folders = sorted(p.parent for p in seeds_dir.glob("*/claims.toml"))
    if not folders:
        raise NoSeeds(display(seeds_dir), "no <source>/claims.toml inside; see seeds/README.md "
                                          "for the layout")
    return folders
