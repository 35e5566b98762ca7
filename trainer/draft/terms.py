"""Cloze terms: names from a lexicon (our decks' answers, abbreviations the text defines, drug-name
stems), doses, numbers with units and time points, each with the category it suggests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# how likely a term is the answer, best first: a name our decks know, a name by its shape (a drug
# stem, a trial, a guideline, the subject of a recommendation), an abbreviation the text defines;
# numbers rank QUANTITY * 10 and up, and an abbreviation of unknown kind (WEAK) after them
NAME = 0
SHAPE = 1
DEFINED = 2
QUANTITY = 2
WEAK = 35

# International nonproprietary name stems: -mab antibodies, -cept fusion proteins, -nib kinase
# inhibitors, -limus and -sporin calcineurin/mTOR inhibitors, -imod modulators, and a few more
_DRUG_STEM = re.compile(
    r"\b[A-Za-z][a-z]{2,}(?:mab|cept|nib|limus|sporin|imod|oquine|isone|olone|phosphamide|trexate|"
    r"thioprine|domide|statin|pril|sartan|olol|azole|cillin|mycin|floxacin|parin|xaban|gatran|"
    r"phenolate)\b"
    r"(?:\s+(?:pegol|mofetil|sodium|alfa|beta))?")
_NOT_DRUGS = {"concept", "except", "accept", "intercept", "precept", "percept", "preconcept",
              "misconcept", "steroid", "cortisone"}
# capitals that open a trial's name but are not one ('the SLE cohort', 'an RCT study')
_NOT_TRIALS = {"SLE", "CLE", "DLE", "SCLE", "LN", "RA", "SSC", "APS", "USA", "UK", "EU", "FDA", "EMA",
               "MMF", "HCQ", "CYC", "AZA", "MTX", "RCT", "RCTS", "NIH", "DNA", "RNA", "ANA", "GC", "GCS"}
_TARGET_WORDS = re.compile(
    r"\b(?:receptors?|kinases?|ligands?|interleukin-?\d*|IL-\d+[A-Z]?|CD\d+[A-Z]?|interferons?|IFN-?[αβγλ]?|"
    r"TNF-?α?|BLyS|BAFF|APRIL|pathways?|cytokines?|complement|integrins?|JAK\d?|TYK2|BTK|S1P\d?|"
    r"TLR\d*|IFNAR\d?|FcRn|proteasome|calcineurin|mTOR|IMPDH|dehydrogenase|phosphatase)\b")
_GUIDELINE = re.compile(
    r"\b(?:the\s+)?(?:\d{4}\s+)?(?:[A-Z][A-Za-z]*[A-Z][A-Za-z/-]*|American College of Rheumatology|"
    r"European Alliance of Associations for Rheumatology)(?:[/-][A-Z][A-Za-z]+)*(?:\s+\d{4})?\s+"
    r"(?:recommendations?|guidelines?|criteria|consensus(?: statement)?|classification criteria)\b")
_TRIAL = re.compile(
    r"\b[A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]+)*(?:[- ]\d{1,3})?(?:\s+(?:and|or)\s+[A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]+)*"
    r"(?:[- ]\d{1,3})?)?(?=\s+(?:phase\s+[IV\d]+[ab]?\s+)?(?:trials?|stud(?:y|ies)|programmes?|programs?|"
    r"cohorts?|registry)\b)")
_NUMBER = r"\d+(?:[.,]\d+)?"
_RANGE = rf"{_NUMBER}(?:\s*(?:-|–|to)\s*{_NUMBER})?"
_DOSE = re.compile(
    rf"(?<![\w.]){_RANGE}\s*(?:mg|g|µg|μg|mcg|ng|IU|U|mL|ml)\b(?:\s*/\s*(?:kg|m2|m²|day|d|dL|mL|L|week|wk|h))*"
    r"(?:\s+(?:daily|per day|a day|twice daily|once daily|weekly|per week|intravenously|orally|"
    r"subcutaneously|every \d+ (?:weeks|days|months)))?")
_PERCENT = re.compile(
    rf"(?<![\w.]){_RANGE}\s*%(?:\s*(?:vs\.?|versus|compared with|and|to|-|–)\s*{_NUMBER}\s*%)?")
_MEASURE = re.compile(
    rf"(?<![\w.]){_RANGE}\s*(?:mm\s?Hg|ng/mL|mg/dL|g/dL|mL/min(?:/1\.73\s?m[2²])?|µmol/L|mmol/L|"
    r"g/L|mg/24 ?h|g/24 ?h|-?fold|times)(?![\w])")
_TIME = re.compile(rf"\b(?:(?:week|month|day|year)\s+\d+|{_RANGE}\s+(?:weeks|months|years|days|hours))\b")
_YEAR = re.compile(r"\b(?:[Ii]n|[Ss]ince|[Ff]rom|[Bb]y|[Uu]ntil)\s(?P<term>(?:19|20)\d{2})\b")
# molecules and genes written as identifiers: 'HLA-B*58:01', 'IL-6', 'CD20', 'TNF-α', 'JAK1'
_IDENTIFIER = re.compile(
    r"(?<![\w-])(?:HLA-[A-Z]+\d?\*\d{2}:\d{2}|IL-\d+[A-Z]?|CD\d+[A-Z]?|TLR\d+|JAK\d|TYK2|IFN-?[αβγλ]|"
    r"TNF-?α|BAFF|BLyS|APRIL|IFNAR\d?)(?![\w-])")
# the subject of a sentence that advises or defines: 'Allopurinol is recommended', 'Febuxostat, a
# xanthine oxidase inhibitor, is an alternative', 'Low-dose colchicine should be...'
_SUBJECT = re.compile(
    r"^(?:The\s+)?(?P<term>[A-Z][a-z]+(?:[- ][a-z]+){0,2}?)(?:\s*,[^,]{1,60},)?\s+"
    r"(?:is|are|should|can|may|must|remains?)\b")
_GENERIC_SUBJECTS = {"treatment", "therapy", "patients", "patient", "most", "many", "some", "this",
                     "these", "it", "they", "testing", "starting", "data", "studies", "evidence",
                     "care", "flares", "remission", "disease", "there", "all", "each", "one", "both"}
_ABBREVIATION = re.compile(r"\(([A-Za-z][A-Za-z0-9/αβγκ-]{1,11})(?:[;,][^)]*)?\)")
MAX_CLOZE = 2


@dataclass(frozen=True)
class Term:
    """A name the lexicon knows: its spelling, the category it suggests, and a topic if known."""

    text: str
    category: str
    topic: str = ""
    rank: int = NAME  # DEFINED for abbreviations the text itself defines
    family: tuple[str, ...] = ()  # other names of the same thing (the answer and its aliases)


@dataclass(frozen=True)
class Spot:
    """A cloze candidate found in a sentence: where, what, which category, how good (lower better)."""

    start: int
    end: int
    text: str
    category: str
    rank: int
    topic: str = ""


class Lexicon:
    """Known names, matched as whole words regardless of case; the longest name wins."""

    def __init__(self, terms: Iterable[Term]):
        self.terms: dict[str, Term] = {}
        for term in terms:
            key = term.text.casefold()
            short_ok = len(key) == 2 and term.text.isupper()  # 'GC', 'LN': abbreviations only
            if (len(key) >= 3 or short_ok) and key not in self.terms:
                self.terms[key] = term
        names = sorted(self.terms, key=lambda k: (-len(k), k))
        # a name matches as a whole word, plural too ('GCs' for 'GC')
        self.pattern = (re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")s?(?![\w-])",
                                   re.IGNORECASE) if names else None)

    def __len__(self) -> int:
        return len(self.terms)

    def with_terms(self, terms: Iterable[Term]) -> Lexicon:
        return Lexicon([*self.terms.values(), *terms])

    def family(self, name: str) -> set[str]:
        """The other names of what `name` names (casefolded), itself included."""
        term = self.terms.get(name.casefold()) or self.terms.get(name.casefold().removesuffix("s"))
        return {name.casefold(), *(f.casefold() for f in (term.family if term else ()))}

    def spots(self, sentence: str) -> list[Spot]:
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(sentence):
            term = self.terms[m.group(1).casefold()]
            out.append(Spot(m.start(), m.end(), m.group(0), term.category, term.rank, term.topic))
        return out


def guess_category(name: str) -> str:
    """What kind of name this looks like: drug, target, trial, guideline, or a plain term."""
    if _GUIDELINE.fullmatch(name) or re.search(r"\b(?:recommendations?|guidelines?|criteria)\b", name):
        return "guideline"
    if re.search(r"\b(?:trials?|stud(?:y|ies))\b", name):
        return "trial"
    if any(m.group(0).casefold() not in _NOT_DRUGS for m in _DRUG_STEM.finditer(name)):
        return "drug"
    if _TARGET_WORDS.search(name):
        return "target"
    return "term"


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations the text defines, 'belimumab (BEL)' -> {'BEL': 'belimumab'}; first definition wins."""
    found: dict[str, str] = {}
    for m in _ABBREVIATION.finditer(text):
        short = m.group(1)
        if short in found or not _looks_abbreviated(short):
            continue
        before = text[max(0, m.start() - 200):m.start()]
        before = re.split(r"[.;:()\[\]]\s", before)[-1]
        words = before.split()[-min(len(short) + 5, 2 * len(short)):]
        long = _long_form(short, " ".join(words))
        if long and long.casefold() != short.casefold():
            found[short] = long
    return found


def _looks_abbreviated(short: str) -> bool:
    capitals = sum(ch.isupper() for ch in short)
    return capitals >= 2 or (capitals == 1 and any(ch.isdigit() for ch in short))


def _long_form(short: str, candidate: str) -> str:
    """The shortest end of `candidate` whose letters spell `short` in order, its first letter
    opening a word (the Schwartz-Hearst rule); '' when none does."""
    letters = [ch.casefold() for ch in short if ch.isalnum()]
    text = candidate.casefold()
    i = len(text) - 1
    for k in range(len(letters) - 1, -1, -1):
        ch = letters[k]
        while i >= 0 and (text[i] != ch or (k == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return ""
        i -= 1
    start = candidate.rfind(" ", 0, i + 1) + 1
    long = candidate[start:].strip(" ,")
    return long if len(long) > len(short) else ""


def quantity_spots(sentence: str) -> list[Spot]:
    """Doses, percentages, measures with units, time points and years in a sentence."""
    out = []
    for pattern, category, rank in ((_MEASURE, "number", 0), (_DOSE, "dose", 1), (_PERCENT, "percentage", 2),
                                    (_TIME, "time-point", 3), (_YEAR, "year", 4)):
        for m in pattern.finditer(sentence):
            group = "term" if "term" in pattern.groupindex else 0
            text = m.group(group).strip()
            start = m.start(group) + m.group(group).index(text)
            category_here = category
            if category == "percentage" and re.search(r"\b(?:vs\.?|versus|compared with|and)\b", text):
                category_here = "percentage-comparison"
            elif category == "percentage" and text.count("%") == 2:
                category_here = "percentage-change"
            out.append(Spot(start, start + len(text), text, category_here, QUANTITY * 10 + rank))
    return out


def name_spots(sentence: str, lexicon: Lexicon) -> list[Spot]:
    """Drug, target, trial and guideline names: the lexicon's, then those their shape gives away."""
    out = lexicon.spots(sentence)
    out += [Spot(m.start(), m.end(), m.group(0).removeprefix("the "), "guideline", SHAPE)
            for m in _GUIDELINE.finditer(sentence)]
    out += [Spot(m.start(), m.end(), m.group(0), "trial", SHAPE) for m in _TRIAL.finditer(sentence)
            if m.group(0).split()[0].split("-")[0] not in _NOT_TRIALS]
    out += [Spot(m.start(), m.end(), m.group(0), "drug", SHAPE) for m in _DRUG_STEM.finditer(sentence)
            if m.group(0).casefold() not in _NOT_DRUGS]
    out += [Spot(m.start(), m.end(), m.group(0), "target", SHAPE) for m in _IDENTIFIER.finditer(sentence)]
    subject = _SUBJECT.match(sentence)
    if subject and subject.group("term").split()[0].casefold() not in _GENERIC_SUBJECTS:
        term = subject.group("term")
        out.append(Spot(subject.start("term"), subject.end("term"), term, guess_category(term), SHAPE))
    return out


def choose_cloze(sentence: str, lexicon: Lexicon, skip: frozenset[str] = frozenset(),
                 numbers_first: bool = False) -> list[Spot]:
    """At most MAX_CLOZE terms of the sentence, best first (the likely answer), none overlapping or
    inside another, none naming what another names, none of `skip` (casefolded: the review's
    subject). Names come first, or with numbers_first (a finding) the best number and then the best
    name; at most one number either way, since a card blanks every term at once."""
    names = sorted(name_spots(sentence, lexicon), key=lambda s: (s.rank, -(s.end - s.start), s.start))
    # numbers: the first value of a kind, not its conversion in brackets
    numbers = sorted(quantity_spots(sentence), key=lambda s: (s.rank, s.start))
    spots = numbers + names if numbers_first else sorted(names + numbers, key=lambda s: s.rank)
    chosen: list[Spot] = []
    for spot in spots:
        if spot.rank >= WEAK and chosen:
            continue  # an abbreviation of unknown kind only when nothing better is there
        if spot.rank >= QUANTITY * 10 and any(c.rank >= QUANTITY * 10 for c in chosen):
            continue
        if numbers_first and chosen and spot.rank < QUANTITY * 10 and \
                any(c.rank < QUANTITY * 10 for c in chosen):
            continue
        text = spot.text.strip(" ,;:")
        if not text or any(mark in text for mark in ("{{", "}}", "::")) or text.casefold() in skip:
            continue
        if any(text.casefold() in lexicon.family(c.text) for c in chosen):
            continue
        start = sentence.find(text, spot.start)
        if sentence.find(text) != start:
            continue  # the generator blanks a term's first occurrence: it must be this one
        after = sentence[start + len(text):start + len(text) + 1]
        if sentence[start - 1:start] == "(" and after in ");," and spot.rank < QUANTITY * 10:
            continue  # '(BEL)' after 'belimumab': an abbreviation in brackets is no card's blank
        spot = Spot(start, start + len(text), text, spot.category, spot.rank, spot.topic)
        if any(spot.start < c.end and c.start < spot.end for c in chosen):
            continue
        if any(text in c.text or c.text in text for c in chosen):
            continue
        chosen.append(spot)
        if len(chosen) == MAX_CLOZE:
            break
    return chosen
