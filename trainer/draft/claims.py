"""Candidate claims: the claim-like sentences of a review, with refs, cloze terms, category and topic."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from trainer.draft.citations import Markers
from trainer.draft.sentences import Sentence, is_complete
from trainer.draft.terms import DEFINED, WEAK, Lexicon, Term, choose_cloze, guess_category, quantity_spots
from trainer.model import THE_REVIEW
from trainer.seedmodel import Claim

RECOMMENDATION = "recommendation"
FINDING = "finding"
DEFINITION = "definition"
MECHANISM = "mechanism"
MIN_WORDS, MAX_WORDS = 6, 80
DEFAULT_TOPIC = "General"
MAX_ID_WORDS = 5

_RECOMMEND = re.compile(
    r"\b(?:should|must|recommend\w*|advis(?:e|es|ed|able)|suggest(?:s|ed)?|(?:is|are) indicated|"
    r"first[- ]line|second[- ]line|preferred|needs? to|(?:is|are) required|avoid(?:ed)?|"
    r"contraindicated|consider(?:ed)?|endorse[sd]?|supports?|supported|prescribed|advocated|"
    r"(?:is|are) (?:the )?(?:treatment|therapy|drug) of choice|mainstay|cornerstone|backbone|"
    r"(?:is|are) best|(?:can|may) be (?:used|given|considered|added|stopped)|(?:is|are) reserved for)\b",
    re.IGNORECASE)
_DEFINE = re.compile(
    r"\b(?:(?:is|are) defined as|defined as|refers? to|(?:also )?known as|(?:is|are) termed|"
    r"(?:is|are) called|denotes?|(?:is|are) characteri[sz]ed by|consists? of|means)\b", re.IGNORECASE)
_SUPERLATIVE = re.compile(r"\b(?:is|are|was|were|remains?) the (?:most|least|leading|main|commonest)\b",
                          re.IGNORECASE)
_NAMES_A_TERM = re.compile(r"^[A-Z][^,;]{0,80}\([A-Z][A-Za-z0-9-]+\) (?:is|are|was|were) (?:a|an|one|the)\b")
_MECHANISM = re.compile(
    r"\b(?:inhibit\w*|block(?:s|ed|ing|ade|ers?)?|binds?|binding|target(?:s|ed|ing)|antagonists?|"
    r"agonists?|modulat\w+|deplet\w+|neutrali[sz]\w*|suppress\w*|activat\w+|mediat\w+|"
    r"signall?ing|receptors?|pathways?|interfer(?:es?|ing) with|down-?regulat\w+|up-?regulat\w+)\b",
    re.IGNORECASE)
_FINDING = re.compile(
    r"\b(?:reduc\w+|increas\w+|improv\w+|decreas\w+|lower(?:ed)?|higher|associated|compared|than|"
    r"versus|vs\.?|risks?|rates?|odds|hazard|respon\w+|remission|efficacy|effective|superior|"
    r"inferior|non-inferior|significant\w*|achiev\w+|occurs?|affects?|develop\w*|mortality|survival)\b",
    re.IGNORECASE)
_QUANTITY = re.compile(r"\d")
# sentences about the paper itself, not about the disease
_META = re.compile(
    r"\b(?:this (?:review|article|paper|study|chapter)|in this (?:review|article|paper|section)|"
    r"we (?:will|aim|aimed|review|discuss|describe|summari[sz]e|present|searched)|the aim of|"
    r"beyond the scope|(?:see )?(?:table|figure|fig\.)\s*\d|(?:is|are) shown in|"
    r"the authors? (?:declare|report no)|conflicts? of interest|corresponding author)\b", re.IGNORECASE)
_STOPWORDS = {
    "a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "with", "by", "at", "from", "as",
    "is", "are", "was", "were", "be", "been", "that", "this", "these", "those", "it", "its", "their",
    "which", "who", "than", "such", "can", "may", "should", "must", "has", "have", "had", "not", "also",
    "both", "all", "any", "some", "more", "most", "less", "into", "over", "after", "before", "during",
    "between", "among", "per", "via", "vs", "versus", "e", "g", "i", "there", "when", "while", "but",
    "we", "our", "us", "they", "them", "order", "regard", "however", "thus", "therefore",
}
# a name found in this share of the sentences is the review's subject ('SLE'): never a blank
SUBJECT_SHARE = 0.2


@dataclass(frozen=True)
class Draft:
    """A draft claim, and what helps its author: its kind, source line and alias ideas."""

    claim: Claim
    kind: str
    line: int
    alias_ideas: tuple[str, ...] = ()


def kind_of(sentence: str) -> str:
    """Why the sentence reads like a claim ("" when it does not): recommendation, definition,
    mechanism, or a finding with numbers."""
    if _META.search(sentence) or sentence.rstrip().endswith("?"):
        return ""
    if _RECOMMEND.search(sentence):
        return RECOMMENDATION
    if _DEFINE.search(sentence) or _NAMES_A_TERM.search(sentence) or _SUPERLATIVE.search(sentence):
        return DEFINITION
    if (_FINDING.search(sentence) and _QUANTITY.search(sentence)) or quantity_spots(sentence):
        return FINDING
    if _MECHANISM.search(sentence):
        return MECHANISM
    return ""


def abbreviation_terms(abbreviations: dict[str, str]) -> list[Term]:
    """Lexicon terms for the abbreviations a text defines: the long form and the short one."""
    terms = []
    for short, long in sorted(abbreviations.items()):
        category = guess_category(long)
        rank = WEAK if category == "term" else DEFINED  # 'chronic kidney disease (CKD)': seldom the answer
        terms += [Term(long, category, rank=rank, family=(short,)),
                  Term(short, category, rank=rank, family=(long,))]
    return terms


def draft_claims(sentences: list[Sentence], markers: Markers, lexicon: Lexicon,
                 taken: set[str] | None = None) -> list[Draft]:
    """One draft per claim-like sentence, in text order; ids avoid `taken` and each other."""
    used = set(taken or ())
    drafts = []
    read = [(sentence, markers.read(sentence.text)) for sentence in sentences]
    subject = _subject(lexicon, [cited.text for _, cited in read])
    for sentence, cited in read:
        text = cited.text
        words = len(text.split())
        if not is_complete(text) or not MIN_WORDS <= words <= MAX_WORDS:
            continue
        kind = kind_of(text)
        if not kind:
            continue
        cloze = choose_cloze(text, lexicon, subject, numbers_first=kind == FINDING)
        spots = lexicon.spots(text)
        topic = sentence.heading or next((s.topic for s in spots if s.topic), "") or DEFAULT_TOPIC
        category = cloze[0].category if cloze else kind
        claim_id = _unique(_slug_words(text, [c.text for c in cloze if c.rank < 20]), used)
        ideas: list[str] = []
        for spot in cloze:
            term = lexicon.terms.get(spot.text.casefold())
            for other in term.family if term else ():
                if other.casefold() != spot.text.casefold() and other not in ideas:
                    ideas.append(other)
        claim = Claim(id=claim_id, topic=topic, statement=text, question="", answer="",
                      category=category, refs=tuple(cited.refs) or (THE_REVIEW,),
                      cloze=tuple(c.text for c in sorted(cloze, key=lambda c: c.start)), draft=True,
                      source_text=sentence.text,
                      line=sentence.line)
        drafts.append(Draft(claim, kind, sentence.line, tuple(ideas)))
    return drafts


def _subject(lexicon: Lexicon, texts: list[str]) -> frozenset[str]:
    """Names (and their other names) found in more than SUBJECT_SHARE of the sentences, 3 at least."""
    counts: dict[str, int] = {}
    for text in texts:
        # a name and its abbreviation count as one: 'urate-lowering therapy' and 'ULT'
        for name in {min(lexicon.family(s.text.casefold().removesuffix("s"))) for s in lexicon.spots(text)}:
            counts[name] = counts.get(name, 0) + 1
    frequent = [n for n, k in counts.items() if k >= 3 and k > SUBJECT_SHARE * len(texts)]
    return frozenset(f for n in frequent for f in lexicon.family(n))


def _slug_words(text: str, key_terms: list[str]) -> list[str]:
    """A few words that name the claim: its key term first, then the sentence's first content words."""
    words: list[str] = []
    for chunk in [*key_terms[:1], text]:
        for word in re.findall(r"[A-Za-z][A-Za-z0-9]*", _ascii(chunk)):
            low = word.lower()
            if low in _STOPWORDS or low in words:
                continue
            words.append(low)
            if len(words) == MAX_ID_WORDS:
                return words
    return words or ["claim"]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _unique(words: list[str], used: set[str]) -> str:
    base = "-".join(w.replace(".", "-") for w in words).strip("-") or "claim"
    base = re.sub(r"-{2,}", "-", base)
    while len(base) > 48 and "-" in base:  # cut at a word's end
        base = base.rsplit("-", 1)[0]
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
