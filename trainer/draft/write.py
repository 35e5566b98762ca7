"""Render references.toml and claims.toml in the seeds format: same input, same bytes."""

from __future__ import annotations

import re

from trainer.draft.claims import Draft
from trainer.draft.references import ParsedEntry
from trainer.seedmodel import Reference

UNPARSED_MARK = "UNPARSED reference"  # the seeds loader finds unparsed entries by this comment
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_list(values: tuple[int | str, ...] | list[str]) -> str:
    return "[" + ", ".join(str(v) if isinstance(v, int) else toml_string(v) for v in values) + "]"


def comment(text: str) -> str:
    """Text made safe for a TOML comment (no control characters: TOML forbids them there)."""
    return _CONTROL.sub(" ", text)


def references_toml(entries: list[ParsedEntry], file_name: str) -> str:
    """The reference list, by number: each entry's notes above it, unparsed entries as comments."""
    parsed = [e for e in entries if e.reference is not None]
    numbers = sorted({e.number for e in entries})
    missing = [n for n in range(numbers[0], numbers[-1] + 1) if n not in set(numbers)] if numbers else []
    head = [f"# References of {comment(file_name)}, read from its reference list: {len(entries)} entries"
            + (f" numbered {numbers[0]}-{numbers[-1]}" if numbers else "")
            + f", {len(parsed)} parsed, {len(entries) - len(parsed)} to write by hand.",
            "# Records are copied as printed; each fix and oddity is noted above its entry: check them "
            "against the source."]
    if missing:
        head.append(f"# Numbers absent from the source list: {', '.join(map(str, missing))}.")
    blocks = ["\n".join(head)]
    for entry in sorted(entries, key=lambda e: (e.number, e.reference is None, e.line)):
        if entry.reference is None:
            blocks.append(f"# {UNPARSED_MARK} {entry.number}: {comment(entry.problem).rstrip('.?!')}.\n"
                          "# Write it as a [[reference]] table from the entry as printed, then delete "
                          "these lines:\n"
                          f"#   {entry.number}. {comment(entry.raw)}")
        else:
            blocks.append("".join(f"# {comment(n)}\n" for n in entry.notes) + _reference(entry.reference))
    return "\n\n".join(blocks) + "\n"


def _reference(ref: Reference) -> str:
    lines = ["[[reference]]", f"number = {ref.number}", f"authors = {toml_string(ref.authors)}",
             f"title = {toml_string(ref.title)}", f"journal = {toml_string(ref.journal)}",
             f"year = {ref.year}"]
    for key in ("volume", "issue", "pages", "doi"):
        value = getattr(ref, key)
        if value:
            lines.append(f"{key} = {toml_string(value)}")
    return "\n".join(lines)


def claims_toml(drafts: list[Draft], source: str, file_name: str) -> str:
    """The [deck] table and one draft [[claim]] per candidate, in text order."""
    head = (
        f"# Draft claims from {comment(file_name)}: one [[claim]] per sentence that reads like a claim.\n"
        "# To finish a draft: write its question and answer (and aliases), put the statement in your own\n"
        "# words, check its cloze terms, refs, topic and category, then delete the line 'draft = true'.\n"
        "# Delete the drafts not worth a card. Drafts never become cards, and the lint lists what each one\n"
        "# still lacks. The format is in seeds/README.md.\n\n"
        "[deck]\n"
        f"name = {toml_string(source)}  # shown in the app and as the Anki deck name: the review's title\n"
        f"tag = {toml_string(source)}\n"
        'description = ""\n'
        f"source = {toml_string(file_name)}  # the review's own citation, shown on cards citing \"review\"\n")
    return "\n".join([head, *(_claim(d, file_name) for d in drafts)])


def _claim(draft: Draft, file_name: str) -> str:
    c = draft.claim
    note = f"# {draft.kind}, line {draft.line} of {comment(file_name)}"
    if draft.alias_ideas:
        note += "; aliases to consider: " + ", ".join(comment(a) for a in draft.alias_ideas)
    return "\n".join([
        note, "[[claim]]", f"id = {toml_string(c.id)}", "draft = true", f"topic = {toml_string(c.topic)}",
        f"statement = {toml_string(c.statement)}", f"source_text = {toml_string(c.source_text)}",
        'question = ""', 'answer = ""', "aliases = []", f"cloze = {toml_list(c.cloze)}",
        f"category = {toml_string(c.category)}", f"refs = {toml_list(c.refs)}",
        # a new deck's categories start empty: choice and true/false items need 4 answers of a kind
        'quiz = ["typed"]  # add "choice" and "truefalse" once 4 claims of this category are finished',
        ""])
