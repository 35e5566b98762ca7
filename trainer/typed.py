"""Typed quiz answers, graded fairly: case, accents, small typos and listed aliases forgiven,
another drug of the same class refused (rapidfuzz edit distances)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from trainer.deckmodel import Deck
from trainer.text import normalize
from trainer.typed_forms import abbreviates, in_brackets, stems, without_implied

GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
         "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
         "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
         "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega"}
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7",
         "viii": "8", "ix": "9", "x": "10"}
# a roman numeral is read as a number only after these words ("type I" = "type 1"), so the
# pronoun or a letter elsewhere is left alone
NUMBERED = {"type", "class", "phase", "grade", "stage", "group", "subtype", "part", "subunit"}
ARTICLES = {"the", "a", "an"}
_DIGITS = re.compile(r"\d+")
# characters: more than any answer with what a learner may add to it; a pasted page of text
# is refused at once instead of compared with every name of the deck
MAX_TYPED = 300

# Drug names that lie within a typo or two of each other. A typed answer that is (or is
# closer to) one of these is another drug, never a near miss of the right one. Only one
# spelling of each drug is listed, so a variant spelling of the answer is not refused.
SIMILAR_NAMES = (
    "prednisone", "prednisolone", "methylprednisolone", "dexamethasone", "betamethasone",
    "hydrocortisone", "budesonide", "deflazacort", "triamcinolone",
    "chloroquine", "hydroxychloroquine", "quinacrine",
    "azathioprine", "methotrexate", "leflunomide", "teriflunomide", "cyclophosphamide",
    "cyclosporine", "voclosporin", "tacrolimus", "sirolimus", "everolimus", "pimecrolimus",
    "mycophenolate mofetil", "thalidomide", "lenalidomide", "iberdomide", "dapsone",
    "rituximab", "obinutuzumab", "ocrelizumab", "ofatumumab", "belimumab", "tabalumab",
    "blisibimod", "atacicept", "telitacicept", "anifrolumab", "sifalimumab", "rontalizumab",
    "ustekinumab", "secukinumab", "abatacept", "epratuzumab", "daratumumab", "infliximab",
    "adalimumab", "etanercept", "tocilizumab", "litifilimab", "ianalumab", "baricitinib",
    "tofacitinib", "upadacitinib", "deucravacitinib", "fingolimod", "amiselimod", "cenerimod",
)


@dataclass(frozen=True)
class TypedVerdict:
    """How a typed answer was graded: `matched` is the accepted form it was taken for."""

    correct: bool
    near_miss: bool
    expected: str
    matched: str = ""


# longest first, so "<=" is not read as "<" then "="
COMPARISONS = (("<=", "le"), (">=", "ge"), ("≤", "le"), ("≥", "ge"), ("<", "lt"), (">", "gt"))


def canonical(text: str) -> str:
    """The form typed answers are compared in: normalised (case, accents, punctuation), Greek
    letters spelled out, "&" read as "and", "type I" as "type 1", a leading article dropped.
    Comparison signs are kept as words: "<7.5 mg" and "7.5 mg" are different answers."""
    text = text.replace("&", " and ")
    for sign, word in COMPARISONS:
        text = text.replace(sign, f" {word} ")
    words = []
    for word in normalize(text).split():
        spelled = "".join(f" {GREEK[ch]} " if ch in GREEK else ch for ch in word)
        words.extend(spelled.split())
    for i, word in enumerate(words):
        if i and word in ROMAN and words[i - 1] in NUMBERED:
            words[i] = ROMAN[word]
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def typo_allowance(length: int) -> int:
    """Edits forgiven in a word or phrase of `length` letters: none in short words and
    abbreviations ("HCQ", "CD40"), where one letter is another name; then one, two, three."""
    if length < 5:
        return 0
    if length < 12:
        return 1
    return 2 if length < 24 else 3


def is_abbreviation(form: str) -> bool:
    """"IMPDH", "CD40L", "BLyS", "pDCs": short and mostly capitals. One letter more or less
    is another name (IMPD, CD40), so these are matched exactly, never as near misses."""
    letters = [ch for ch in form if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return (" " not in form.strip() and upper >= 2 and upper * 2 >= len(letters)
            and len(canonical(form).replace(" ", "")) <= 6)


def _same(response: str, form: str) -> bool:
    """Equal apart from spacing ("hydroxy chloroquine") or word order ("IL-23 and IL-12");
    spacing never joins numbers ("846" is not "84.6")."""
    if response == form or sorted(response.split()) == sorted(form.split()):
        return True
    return (response.replace(" ", "") == form.replace(" ", "")
            and _DIGITS.findall(response) == _DIGITS.findall(form))


def _typo_distance(response: str, form: str) -> int | None:
    """Edits between a response and an accepted form, or None when they are too many to be
    typos. Numbers must match exactly: IL-12 is not IL-13, 2008 is not 2009."""
    if _DIGITS.findall(response) != _DIGITS.findall(form):
        return None
    got, want = response.split(), form.split()
    compact = "".join(want)
    if len(got) == len(want):
        steps = [OSA.distance(g, w) for g, w in zip(got, want, strict=True)]
        if any(s > typo_allowance(len(w)) for s, w in zip(steps, want, strict=True)):
            return None
        total = sum(steps)
    else:
        joined = "".join(got)
        total = OSA.distance(joined, compact)
        # words run together or split apart: short words ("B" in "B cells") must still be there
        if any(len(w) < 5 and w not in joined for w in want):
            return None
    return total if total <= typo_allowance(len(compact)) else None


def grade_typed(response: str, answer: str, aliases: Iterable[str] = (),
                rivals: Iterable[str] = (), question: str = "") -> TypedVerdict:
    """Grade a typed answer against the answer and its aliases.

    Accepted: the answer or an alias, after `canonical` (case, accents, punctuation, spacing,
    word order, Greek letters forgiven); also with an abbreviation or an accepted form in
    brackets after it ("leflunomide (LEF)"), and with articles and generic nouns that the
    `question` holds too ("the CALIBRATE trial" when it asks which trial). Accepted as a near
    miss: another form of the same words ("transplant" for "transplantation", `stem`), and a
    few typos, scaled to the length (`typo_allowance`), with every number exact. Refused: an
    empty answer, one longer than MAX_TYPED characters; any other name in `rivals` (other
    answers of the deck, distractors, similar drug names), and any response at least as close
    to a rival as to the answer, so "chloroquine" never passes for "hydroxychloroquine" nor
    "prednisone" for "prednisolone". Abbreviations count only when listed as aliases or
    bracketed after the name they shorten, and only exactly (`is_abbreviation`).
    """
    wrong = TypedVerdict(False, False, answer)
    if len(response) > MAX_TYPED:
        return wrong  # a pasted page is no answer: refused before any comparison
    forms = [(form, canonical(form)) for form in (answer, *aliases)]
    forms = [(form, c) for form, c in forms if c]
    typed = canonical(response)
    if not typed:
        return wrong
    for form, c in forms:
        if _same(typed, c):
            return TypedVerdict(True, False, answer, form)
    accepted = {c for _, c in forms}
    others = {canonical(r) for r in rivals} - accepted - {""}
    if any(_same(typed, other) for other in others):
        return wrong
    shapes = list(dict.fromkeys([typed, *(x for x in _shapes(response, forms, others, canonical(question))
                                          if not any(_same(x, other) for other in others))]))
    for shape in shapes[1:]:
        for form, c in forms:
            if _same(shape, c):
                return TypedVerdict(True, False, answer, form)
    for shape in shapes:
        for form, c in forms:
            if _same_words(shape, c) and not any(_same_words(shape, o) for o in others):
                return TypedVerdict(True, True, answer, form)
    near = [(d, form, c, shape) for shape in shapes for form, c in forms
            if not is_abbreviation(form) and (d := _typo_distance(shape, c)) is not None]
    if not near:
        return wrong
    _, form, c, shape = min(near, key=lambda n: n[0])
    squeezed = shape.replace(" ", "")
    distance = OSA.distance(squeezed, c.replace(" ", ""))
    # a tie is ambiguous: the learner may well have meant the other name
    if any(OSA.distance(squeezed, o.replace(" ", "")) <= distance for o in others):
        return wrong
    return TypedVerdict(True, True, answer, form)


def _shapes(response: str, forms: list[tuple[str, str]], others: set[str],
            question: str) -> list[str]:
    """The response without what a learner may add to a right answer: an abbreviation or an
    accepted form in brackets, and articles and generic nouns the question holds too."""
    cores = [canonical(response)]
    split = in_brackets(response)
    if split is not None:
        core, inside = split
        names = [c for _, c in forms]
        if all(_bracketed_ok(part, names, others) for part in inside):
            cores.insert(0, canonical(core))
    words = [w for _, c in forms for w in c.split()]
    out = []
    for core in cores:
        reduced = without_implied(core.split(), words, question)
        out += [core] + ([" ".join(reduced)] if reduced else [])
    return [x for x in out if x]


def _bracketed_ok(part: str, names: list[str], others: set[str]) -> bool:
    """Whether a bracketed part only repeats the answer: empty, an accepted form, or an
    abbreviation spelled from one ("LEF" after "leflunomide"), never another name."""
    c = canonical(part)
    if not c or c in names:
        return True
    return c not in others and is_abbreviation(part.strip()) and any(abbreviates(c, n) for n in names)


def _same_words(response: str, form: str) -> bool:
    """The same words in other forms ("kidney transplant", "kidney transplantation"), in the
    same or any order; numbers exact."""
    if _DIGITS.findall(response) != _DIGITS.findall(form):
        return False
    mine, theirs = stems(response), stems(form)
    return mine == theirs or sorted(mine) == sorted(theirs)


def deck_rivals(deck: Deck) -> tuple[str, ...]:
    """Every answer, alias and option of a deck, plus the similar drug names: what a typed
    answer must not be mistaken for (grade_typed drops the item's own answer and aliases)."""
    names = set(SIMILAR_NAMES)
    for item in deck.quiz:
        names.add(item.answer)
        names.update(item.aliases)
        names.update(item.options)
    return tuple(sorted(names))


# -- topics ------------------------------------------------------------------------------------

