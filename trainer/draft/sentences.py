"""Split a review's body into sentences, each with its line and the section heading above it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from trainer.draft.reflist import join_lines

# section headings that say where in the paper, not what about: no topic comes from them
STRUCTURAL = {
    "abstract", "introduction", "background", "methods", "materials and methods", "results",
    "discussion", "conclusion", "conclusions", "summary", "keywords", "key words", "main subjects",
    "key messages", "key points", "highlights", "objectives", "objective", "purpose", "aim",
    "aims", "overview", "perspectives", "future directions", "future perspectives", "outlook",
    "concluding remarks", "limitations", "search strategy", "article info", "original article",
    "review article", "review",
}
MAX_HEADING_WORDS = 8
_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*–-]|\(?[a-z]\)|\(?\d{1,2}\))\s+")
# abbreviations after which a splitter may cut although the sentence goes on
_ABBREVIATIONS = re.compile(
    r"\b(?:approx|ca|cf|resp|incl|excl|no|nos|vol|fig|figs|tab|ref|refs|eq|vs|al|e\.g|i\.e|wk|wks|"
    r"mo|mos|yr|yrs|min|max|sc|iv|po|bid|tid|qd|d|Dr|Prof|St|Mr|Ms|Mrs|Jr)\.$", re.IGNORECASE)
_OPENS_WITH_MARKER = re.compile(r"^(?:\[[\d,;\s–—-]+\]|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻,]+)\s*")
_ENDS = re.compile(r"[.!?][\"'”’)\]]*$")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int  # line of the source file where the sentence starts
    heading: str = ""  # the section heading above it ("" under none, or a structural one)


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int
    heading: str
    starts: tuple[int, ...]  # offset in text where each of its source lines starts
    lines: tuple[int, ...]  # the source line of each of those starts


def is_heading(line: str) -> bool:
    """A short line standing alone, without a full stop, comma or colon: a section title."""
    text = _SECTION_NUMBER.sub("", line.strip())
    if not text or len(text) > 80 or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if text[-1] in ".,;:!?" or ", " in text or ":" in text or not text[0].isupper():
        return False
    return sum(ch.isalpha() for ch in text) >= 3


def paragraphs(body: str, first_line: int = 1) -> list[Paragraph]:
    """Paragraphs of the body (blank lines and bullets part them; wrapped lines are joined)."""
    out: list[Paragraph] = []
    heading = ""
    lines = body.split("\n")
    block: list[tuple[int, str]] = []

    def close() -> None:
        if not block:
            return
        starts, numbers, texts = [], [], []
        offset = 0
        for number, text in block:
            starts.append(offset)
            numbers.append(number)
            texts.append(text)
            offset = len(join_lines(texts)) + 1
        out.append(Paragraph(join_lines(texts), block[0][0], heading, tuple(starts), tuple(numbers)))
        block.clear()

    for i, text in enumerate(lines):
        number = first_line + i
        if not text.strip():
            close()
            continue
        follows = lines[i + 1].strip() if i + 1 < len(lines) else ""
        # a heading stands after a blank line; a short first line whose sentence goes on is no heading
        alone = (i == 0 or not lines[i - 1].strip()) and not follows[:1].islower()
        if alone and not block and is_heading(text):
            name = _SECTION_NUMBER.sub("", text.strip())
            heading = "" if name.casefold() in STRUCTURAL else name
            continue
        if _BULLET.match(text):
            close()
            text = _BULLET.sub("", text)
        block.append((number, text))
    close()
    return out


def split_sentences(body: str, prepare: Callable[[str], str] = lambda text: text) -> list[Sentence]:
    """Every sentence of the body, in order. `prepare` may rewrite a paragraph first (citation markers)."""
    from sentencex import segment

    out: list[Sentence] = []
    for para in paragraphs(body):
        text = prepare(para.text)
        pieces = [p.strip() for p in segment("en", text) if p.strip()]
        cursor = 0
        for piece in _mend(pieces):
            at = text.find(piece[:40], cursor)
            if at >= 0:
                cursor = at + 1
            line = para.lines[max(0, bisect.bisect_right(para.starts, max(at, 0)) - 1)]
            out.append(Sentence(piece, line, para.heading))
    return out


def _mend(pieces: list[str]) -> list[str]:
    """Join pieces a splitter cut wrongly: after an abbreviation, before a marker or a lower-case word."""
    out: list[str] = []
    for piece in pieces:
        if out:
            marker = _OPENS_WITH_MARKER.match(piece)
            if marker:  # '[3,5-7] Class III...': the marker belongs to the sentence before
                out[-1] += " " + marker.group(0).strip()
                piece = piece[marker.end():]
                if not piece:
                    continue
            starts_low = piece[0].islower() or (piece[0].isdigit() and _ABBREVIATIONS.search(out[-1]))
            fragment = len(piece.split()) == 1 and not piece[0].isupper()  # '24.' cut off
            if starts_low or not _ENDS.search(out[-1]) or fragment:
                out[-1] += " " + piece
                continue
        out.append(piece)
    return out


def is_complete(sentence: str) -> bool:
    """Ends like a sentence (not a caption, a heading or a fragment of a list)."""
    return bool(_ENDS.search(sentence)) and (sentence[:1].isupper() or sentence[:1].isdigit())
