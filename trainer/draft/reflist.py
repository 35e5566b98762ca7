"""Find a review's reference list (a 'References' heading or the numbered tail) and split it into entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "12. Surname I...", "[12] Surname I...", "12) Surname I..."
_NUMBERED = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)])\s+(?=\S)")
# under a heading, a bare number may open an entry: "12 Surname I..."
_BARE = re.compile(r"^\s*(\d{1,4})\s+(?=[A-ZÀ-Þ])")
_HEADING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:references?|reference list|bibliography|literature cited|"
    r"works cited|cited literature|cited references)\s*:?\s*$", re.IGNORECASE)
# sections that may follow the list; they end it
_AFTER = re.compile(
    r"^\s*(?:tables?|figures?|figure legends?|legends?|appendix|appendices|supplementary\b.*|"
    r"acknowledge?ments?|funding|conflicts? of interest|competing interests|author contributions|"
    r"abbreviations)\s*:?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
# between two numbered entries of a list: at most this many wrapped lines (a long entry in a PDF)
MAX_WRAPPED = 8
MIN_TAIL_ENTRIES = 3
MAX_GAP = 10  # numbers missing between two entries, at most ('55.' then '57.' is a gap of 1)


@dataclass(frozen=True)
class RawEntry:
    """One entry of the list as printed, its lines joined, with the line where it starts."""

    number: int
    text: str
    line: int


@dataclass(frozen=True)
class Layout:
    """The body of the review (text before the list) and the list's entries."""

    body: str
    entries: tuple[RawEntry, ...]
    heading: str = ""  # the heading the list was found under, "" for a numbered tail
    numbered: bool = True  # False when the entries carried no numbers and were counted


def split_document(text: str) -> Layout | None:
    """The reference list and the body before it, or None when the text has no list."""
    lines = text.split("\n")
    layout = _under_heading(lines)
    return layout if layout is not None else _numbered_tail(lines)


def _under_heading(lines: list[str]) -> Layout | None:
    for at in reversed([i for i, line in enumerate(lines) if _HEADING.match(line)]):
        end = next((j for j in range(at + 1, len(lines)) if _AFTER.match(lines[j])), len(lines))
        block = lines[at + 1:end]
        entries = _numbered_entries(block, at + 1, _NUMBERED) or _numbered_entries(block, at + 1, _BARE)
        numbered = bool(entries)
        if not entries:
            entries = _unnumbered_entries(block, at + 1)
        if entries:
            return Layout("\n".join(lines[:at]), tuple(entries), lines[at].strip(), numbered)
    return None


def _numbered_entries(block: list[str], first_line: int, start: re.Pattern[str]) -> list[RawEntry]:
    """Entries that open with their number; lines before the first one are not part of the list. A
    number that does not follow the one before ('1128.' of a wrapped page range) continues the entry."""
    entries: list[RawEntry] = []
    current: list[str] = []
    number = line = 0
    for offset, text in enumerate(block):
        m = start.match(text)
        found = int(next(g for g in m.groups() if g)) if m else 0
        if m and (not current or number < found <= number + MAX_GAP):
            if current:
                entries.append(RawEntry(number, join_lines(current), line))
            number = found
            current, line = [text[m.end():]], first_line + offset + 1
        elif current and text.strip():
            current.append(text)
    if current:
        entries.append(RawEntry(number, join_lines(current), line))
    return entries


def _unnumbered_entries(block: list[str], first_line: int) -> list[RawEntry]:
    """Entries without numbers: one per paragraph when entries wrap, else one per line."""
    paragraphs: list[tuple[int, list[str]]] = []
    for offset, text in enumerate(block):
        if not text.strip():
            if paragraphs and paragraphs[-1][1]:
                paragraphs.append((0, []))
            continue
        if not paragraphs or not paragraphs[-1][1]:
            if paragraphs:
                paragraphs.pop()
            paragraphs.append((first_line + offset + 1, []))
        paragraphs[-1][1].append(text)
    paragraphs = [p for p in paragraphs if p[1]]
    if (paragraphs and all(len(p[1]) == 1 for p in paragraphs)) or len(paragraphs) == 1:
        lines = [(first_line + i + 1, t) for i, t in enumerate(block) if t.strip()]
        paragraphs = [(n, [t]) for n, t in lines]
    return [RawEntry(i + 1, join_lines(p), n) for i, (n, p) in enumerate(paragraphs)
            if _YEAR.search(" ".join(p))]


def _numbered_tail(lines: list[str]) -> Layout | None:
    """The last run of numbered entries that read like references (numbers rise, years inside)."""
    starts = [(i, m) for i, line in enumerate(lines) if (m := _NUMBERED.match(line))]
    runs: list[list[int]] = []
    previous_number, previous_line = -1, -10**9
    for i, m in starts:
        number = int(next(g for g in m.groups() if g))
        wrapped = sum(1 for t in lines[previous_line + 1:i] if t.strip())
        if runs and previous_number < number <= previous_number + MAX_GAP and wrapped <= MAX_WRAPPED:
            runs[-1].append(i)
        else:
            runs.append([i])
        previous_number, previous_line = number, i
    for run in reversed(runs):
        if len(run) < MIN_TAIL_ENTRIES:
            continue
        end = run[-1] + 1
        while end < len(lines) and lines[end].strip() and not _NUMBERED.match(lines[end]) \
                and not _AFTER.match(lines[end]) and end - run[-1] <= MAX_WRAPPED:
            end += 1
        entries = _numbered_entries(lines[run[0]:end], run[0], _NUMBERED)
        dated = sum(1 for e in entries if _YEAR.search(e.text))
        if dated * 10 >= len(entries) * 6:
            return Layout("\n".join(lines[:run[0]]), tuple(entries))
    return None


def join_lines(lines: list[str]) -> str:
    """An entry's printed lines as one: a line broken after a hyphen or a slash joins without a space."""
    out = ""
    for text in (t.strip() for t in lines):
        if not text:
            continue
        if out and not out.endswith(("-", "/")):
            out += " "
        out += text
    return re.sub(r" {2,}", " ", out)
