"""The other shapes a right typed answer takes: an abbreviation in brackets after it, a word the
question already says ("the CALIBRATE trial" for "CALIBRATE"), another form of the same word
("transplant" for "transplantation"). Used by trainer.typed; pure functions of text."""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")
ARTICLES = frozenset({"the", "a", "an"})
# nouns that name what kind of thing the answer is: typed beside the answer, they add nothing
# the question has not said already ("Which trial..." "the CALIBRATE trial"), so they may go,
# but only when the question holds them too
GENERIC = frozenset("""trial study drug agent medication medicine therapy treatment regimen
biologic antibody molecule protein enzyme cytokine cell strategy class measure marker test
score network population condition disease complication organ symptom dose level combination
response endpoint""".split())
# derivational and plural endings: "transplantation", "transplanted" and "transplants" are
# all "transplant". Longest first; a stem keeps at least MIN_STEM letters, so a short word
# ("cells", "dose") and most drug names keep their ending
SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ed", "s")
MIN_STEM = 5


def stem(word: str) -> str:
    """A word without its plural or derivational ending; words with digits stay as they are."""
    if _DIGIT.search(word):
        return word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[:-len(suffix)]
    return word


def stems(text: str) -> list[str]:
    return [stem(w) for w in text.split()]


def in_brackets(response: str) -> tuple[str, list[str]] | None:
    """(the response without its bracketed part at the end, that part), or None when it ends
    in none ("leflunomide (LEF)" -> ("leflunomide", ["LEF"]); brackets may nest, so an alias
    such as "SRI(4)" can be the part)."""
    text = response.rstrip()
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            core = text[:i]
            return (core, [text[i + 1:-1]]) if core.strip() else None
    return None


def abbreviates(short: str, name: str) -> bool:
    """Whether the letters of `short` (canonical, "lef") spell a shortening of `name`
    ("leflunomide"): its first letter first, the rest in order."""
    letters = short.replace(" ", "")
    whole = name.replace(" ", "")
    if len(letters) < 2 or not whole or letters[0] != whole[0]:
        return False
    rest = iter(whole[1:])
    return all(ch in rest for ch in letters[1:])


def singular(word: str) -> str:
    """"trials" -> "trial", "studies" -> "study"; other words as they are."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def without_implied(words: list[str], form: list[str], question: str) -> list[str] | None:
    """`words` without the articles, and without the GENERIC nouns the question holds too,
    where `form` (an accepted answer's words) has no such word; None when no word goes."""
    asked = {singular(w) for w in question.split()}
    theirs = {singular(w) for w in form}

    def implied(word: str) -> bool:
        noun = singular(word)
        return noun not in theirs and (word in ARTICLES or (noun in GENERIC and noun in asked))

    kept = [w for w in words if not implied(w)]
    return kept if len(kept) < len(words) else None
