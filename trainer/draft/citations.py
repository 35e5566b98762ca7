"""Citation markers in a sentence: [12], [3-5], [3,5-7], (12) in a parenthesised text, superscripts."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_RANGE = 60  # '[1-1000]' is a typo, not a thousand citations
_LIST = r"\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?:\s*[,;]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*"
_BRACKET = re.compile(rf"\s*\[({_LIST})\]")
_PAREN = re.compile(rf"\s*\(({_LIST})\)")
_SUPER_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = re.compile(rf"[{_SUPER_DIGITS}]+(?:\s*[⁻,‚˒–-]\s*[{_SUPER_DIGITS}]+)*")
_UNIT_POWER = re.compile(r"(?:(?:^|[\s(/×x])\d+(?:[.,]\d+)?|(?:^|[\d/ ])c?m)$")
_FROM_SUPER = str.maketrans(_SUPER_DIGITS + "⁻‚˒", "0123456789-,,")
# superscript numbers flattened by a PDF into the text: 'disagreed.12 Anifrolumab', 'nephritis12.'
_FLAT_AFTER_STOP = re.compile(r"(?<=[a-z)\]%])\.(\d{1,3}(?:[-–,]\d{1,3})*)(?=\s+[A-Z(\[]|\s*$)")
_FLAT_ON_WORD = re.compile(r"\b([a-z]{4,})(\d{1,3}(?:[-–,]\d{1,3})*)(?=[.,;:)]?(?:\s|$))")
# a marker glued after the full stop: 'patients.[3,5-7] Class' reads as 'patients [3,5-7]. Class'
_AFTER_STOP = re.compile(rf"\.(\s*\[{_LIST}\]|[{_SUPER_DIGITS}][{_SUPER_DIGITS}⁻,‚˒–-]*)(?=\s|$)")


def expand(spec: str) -> list[int]:
    """'3,5-7' -> [3, 5, 6, 7]; a reversed or huge range keeps only its ends."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", spec.strip()):
        if not part:
            continue
        bounds = [int(x) for x in re.split(r"\s*[-–—]\s*", part) if x]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


@dataclass(frozen=True)
class Cited:
    """A sentence without its citation markers, and the reference numbers they cite (in order)."""

    text: str
    refs: tuple[int, ...]


class Markers:
    """Reads the citation markers of one document; `known` are the numbers its list holds."""

    def __init__(self, known: set[int], body: str):
        self.known = known
        # numbers in parentheses are citations only in a text that cites that way throughout
        brackets = len(_BRACKET.findall(body))
        parens = [m for m in _PAREN.finditer(body) if self._all_known(m.group(1))]
        self.parenthesised = brackets == 0 and len(parens) >= 3

    def _all_known(self, spec: str) -> bool:
        numbers = expand(spec)
        return bool(numbers) and all(n in self.known for n in numbers)

    def prepare(self, paragraph: str) -> str:
        """Markers put where a sentence splitter expects them: before the full stop, bracketed."""
        def flat_after_stop(m: re.Match[str]) -> str:
            return f" [{m.group(1)}]." if self._all_known(m.group(1)) else m.group(0)

        def flat_on_word(m: re.Match[str]) -> str:
            return f"{m.group(1)} [{m.group(2)}]" if self._all_known(m.group(2)) else m.group(0)

        def after_stop(m: re.Match[str]) -> str:
            # 'et al.[65] as': the stop is an abbreviation's, and the sentence goes on
            goes_on = re.match(r"\s+[a-z]", m.string[m.end():])
            return f". {m.group(1).strip()}" if goes_on else f" {m.group(1).strip()}."

        text = _FLAT_AFTER_STOP.sub(flat_after_stop, paragraph)
        text = _FLAT_ON_WORD.sub(flat_on_word, text)
        return _AFTER_STOP.sub(after_stop, text)

    def read(self, sentence: str) -> Cited:
        """The sentence's cited numbers (those the list holds) and its text without the markers."""
        refs: list[int] = []

        def take(m: re.Match[str]) -> str:
            if m.re is _SUPERSCRIPT and _UNIT_POWER.search(m.string[:m.start()]):
                return m.group(0)  # 'mg/m²', '10⁹/L': a power, not a citation
            spec = m.group(1) if m.re is not _SUPERSCRIPT else m.group(0).translate(_FROM_SUPER)
            numbers = expand(spec)
            if m.re is _PAREN and not all(n in self.known for n in numbers):
                return m.group(0)  # '(2019)', '(n = 12)' and the like stay
            refs.extend(n for n in numbers if n in self.known and n not in refs)
            return ""

        text = _BRACKET.sub(take, sentence)
        text = _SUPERSCRIPT.sub(take, text)
        if self.parenthesised:
            text = _PAREN.sub(take, text)
        return Cited(tidy(text), tuple(refs))


def tidy(text: str) -> str:
    """One space between words, none before punctuation, no empty brackets left by removed markers."""
    text = re.sub(r"\(\s*[,;]?\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s+([.,;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()
