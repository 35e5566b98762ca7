"""What a question gives away or leans on: word stems it shares with its answer, the
authors it names, acronyms that make two claims one fact (used by lint, and by the deck
quality figures)."""

from __future__ import annotations

import re

from trainer.seedmodel import Reference, Seeds, UpdateSource
from trainer.text import normalize

MIN_STEM = 5  # letters two words must share at their start to count as one stem
# words of five or more letters that carry no content: sharing one gives nothing away
FUNCTION_WORDS = frozenset("""which whose where there their these those about after under until
while other every since before between during without within among against through would could
should""".split())
# Latin and Greek prefixes: "interferon" and "interleukin" are not one stem
PREFIXES = frozenset("inter intra trans super hyper multi ultra extra micro macro".split())
ATTRIBUTION = re.compile(r"\bet al\b|\b(the|this) review\b|\breview's\b", re.IGNORECASE)
CAPITALISED = re.compile(r"[A-ZÀ-Þ][\w'’-]*")
# a surname has at most this many words ("van Vollenhoven", "de la Cruz"); more is a group
GROUP_AUTHOR_WORDS = 3
ACRONYM_STOP = frozenset("a an and the of in on for to via with by".split())


def content_words(text: str) -> set[str]:
    """Normalised words of MIN_STEM+ letters that carry content."""
    return {w for w in normalize(text).split()
            if len(w) >= MIN_STEM and w not in FUNCTION_WORDS and not w.isdigit()}


def shared_stem(a: str, b: str) -> str:
    """The common start of two words when it is MIN_STEM+ letters and not a bare prefix, else ""."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    stem = a[:n]
    if n < MIN_STEM or (stem in PREFIXES and n == len(stem) and a != b):
        return ""
    return stem


def leak(given: str, text: str) -> tuple[str, str] | None:
    """(word of `given`, word of `text`) sharing a stem, or None."""
    theirs = content_words(text)
    for mine in sorted(content_words(given)):
        for other in sorted(theirs):
            if shared_stem(mine, other):
                return mine, other
    return None


def author_names(seeds: Seeds) -> frozenset[str]:
    """Surnames of every author of the references and update sources (as printed, capitalised)."""
    names: set[str] = set()
    records: list[Reference | UpdateSource] = [*seeds.references.values(), *seeds.updates.values()]
    for record in records:
        for person in record.authors.split(","):
            words = person.replace(".", " ").split()
            if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3:
                words = words[:-1]  # the initials
            if len(words) > GROUP_AUTHOR_WORDS:
                continue  # a group author ("KDIGO Lupus Nephritis Work Group"): its words are no names
            names.update(w for w in words if len(w) >= 3 and w[0].isupper() and not w.isupper()
                         and w.casefold() not in ("al", "et"))
    return frozenset(names)


def attribution(question: str, authors: frozenset[str]) -> str:
    """What in the question names a source: "et al.", "the review", or an author's surname."""
    m = ATTRIBUTION.search(question)
    if m:
        return m.group(0)
    # the first word is capitalised anyway ("Park" could open a sentence)
    for m in list(CAPITALISED.finditer(question))[1:] if question else []:
        word = re.sub(r"['’]s$", "", m.group(0))
        for part in {word, *word.split("-")}:
            if part in authors:
                return word
    return ""


def acronym_keys(phrase: str) -> set[str]:
    """Initials of a phrase, with and without its small words ("Lupus Low Disease Activity
    State" -> {"lldas"}, "Definitions of Remission in SLE" -> {"doris", "drs"})."""
    words = normalize(phrase).split()
    if len(words) < 2:
        return set()
    keys = {"".join(w[0] for w in words),
            "".join(w[0] for w in words if w not in ACRONYM_STOP)}
    return {k for k in keys if len(k) >= 2}


def as_acronym(answer: str) -> str:
    """The answer as an acronym key when it looks like one (one word, mostly capitals), else ""."""
    token = answer.strip()
    if " " in token or len(token) < 2:
        return ""
    letters = [ch for ch in token if ch.isalpha()]
    if not letters or sum(ch.isupper() for ch in letters) < max(2, len(letters) - 1):
        return ""
    key = "".join(ch for ch in token.casefold() if ch.isalpha())
    return key[:-1] if token.endswith("s") and not token.endswith("S") else key
