"""Turn validated claims into cards (qa, cloze, reverse) and quiz items (choice, truefalse, typed)."""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from trainer.model import OPTIONS, THE_REVIEW
from trainer.seedmodel import Claim, Seeds
from trainer.text import normalize, topic_tag

BLANK = "[...]"
DISTRACTORS = OPTIONS - 1
# fields whose default a card leaves out of its hash, so adding them changed no existing card
HASH_DEFAULTS = {"priority": "core", "update": "", "update_sources": []}
_NUMBER = re.compile(r"^\s*(?:about\s+|~\s*)?(-?\d+(?:\.\d+)?)\s*(.*?)\s*$", re.IGNORECASE)
YEAR_SPAN = 10  # a year option further than this from the answer is a giveaway
RATIO_SPAN = 3.0  # a number option more than 3 times (or under a third of) the answer, likewise
# a category of up to EXACT_LIMIT claims ranks every other answer for each claim (any real deck);
# a larger one ranks SAMPLE candidates per claim (nearest numbers, or drawn by hash), so
# generate stays linear in the number of claims
EXACT_LIMIT = 400
SAMPLE = 24


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def content_hash(entry: dict) -> str:
    """Hash of everything a learner sees on a card or item (not its id, nor when it changed);
    a field left at its default does not count, so adding a field changes no existing hash."""
    body = {k: v for k, v in entry.items() if k not in ("id", "content_hash", "changed_at")
            and not (k in HASH_DEFAULTS and v == HASH_DEFAULTS[k])}
    return _digest(json.dumps(body, sort_keys=True, ensure_ascii=False))[:16]


def sources(claim: Claim, seeds: Seeds) -> list[dict]:
    """Formatted citations for a claim's refs, in the order the claim lists them."""
    out: list[dict[str, object]] = []
    for ref in claim.refs:
        if isinstance(ref, str):  # the loader allows one string only: THE_REVIEW
            out.append({"ref": THE_REVIEW, "short": "The review",
                        "citation": seeds.deck.source or f"{seeds.deck.name} (the review itself)",
                        "doi": "", "url": ""})
            continue
        r = seeds.references[ref]
        out.append({"ref": r.number, "short": r.short, "citation": r.citation, "doi": r.doi,
                    "url": f"https://doi.org/{r.doi}" if r.doi else ""})
    return out


def update_sources(claim: Claim, seeds: Seeds) -> list[dict]:
    """Formatted citations of the sources behind a claim's update line."""
    out = []
    for ref in claim.update_refs:
        u = seeds.updates[ref]
        out.append({"ref": u.id, "short": u.short, "citation": u.citation, "doi": u.doi,
                    "url": f"https://doi.org/{u.doi}" if u.doi else u.url})
    return out


def numeric_value(answer: str) -> tuple[float, str] | None:
    """(number, unit) of an answer that is one number with an optional unit ("2011", "66%",
    "2 years"), else None ("30% versus 20%" and "less than 7.5 mg/day" are not)."""
    m = _NUMBER.match(answer)
    if not m or re.search(r"\d", m.group(2)):
        return None
    return float(m.group(1)), " ".join(m.group(2).casefold().split())


def is_year(value: float, unit: str) -> bool:
    return not unit and value.is_integer() and 1000 <= value <= 2100


def plausible(value: float, answer: float, unit: str) -> bool:
    """Whether `value` is close enough to `answer` to be a fair wrong option."""
    if is_year(answer, unit):
        return abs(value - answer) <= YEAR_SPAN
    if answer > 0 and value > 0:
        return max(value, answer) / min(value, answer) <= RATIO_SPAN
    return abs(value - answer) <= YEAR_SPAN


def _distance(value: float, answer: float, unit: str) -> float:
    if is_year(answer, unit) or answer <= 0 or value <= 0:
        return abs(value - answer)
    return abs(math.log(value / answer))


def cloze_spans(claim: Claim) -> list[tuple[int, int]]:
    """(start, end) of the first occurrence of each cloze term in the statement, in text order."""
    spans = []
    for term in claim.cloze_terms:
        # the default term (the answer) may differ in case from the statement's wording
        m = re.search(re.escape(term), claim.statement, re.IGNORECASE)
        if m:
            spans.append(m.span())
    return sorted(spans)


def cloze_text(claim: Claim, blank: str | None = None) -> str:
    """The statement in Anki syntax ({{c1::term}}), or with each term replaced by `blank`."""
    text, last = [], 0
    for start, end in cloze_spans(claim):
        if start < last:  # overlapping terms: lint reports them; keep the text readable
            continue
        term = claim.statement[start:end]
        text += [claim.statement[last:start], blank if blank is not None else f"{{{{c1::{term}}}}}"]
        last = end
    return "".join([*text, claim.statement[last:]])


def _overlaps(a: str, b: str) -> bool:
    """True when one normalised phrase holds the other as whole words ("iv cyclophosphamide"
    and "cyclophosphamide"): swapping one for the other would not make a statement false."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


@dataclass(frozen=True)
class _Candidate:
    key: str  # the answer, normalised
    answer: str
    names: frozenset[str]  # the answer and its aliases, normalised
    number: tuple[float, str] | None


class Pool:
    """A category's possible wrong answers, normalised once for all its claims (normalising
    them again for every claim made generate quadratic in the size of a category)."""

    def __init__(self, claims: list[Claim]):
        self.items: list[tuple[str, _Candidate]] = []  # (claim id, candidate), author order
        for other in claims:
            key = normalize(other.answer)
            names = frozenset({key, *(normalize(a) for a in other.aliases)})
            self.items.append((other.id, _Candidate(key, other.answer, names,
                                                    numeric_value(other.answer))))
        by_unit: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for i, (_, c) in enumerate(self.items):
            if c.number is not None:
                by_unit[c.number[1]].append((c.number[0], i))
        self.by_unit = {unit: sorted(values) for unit, values in by_unit.items()}

    def near(self, claim_id: str, number: tuple[float, str] | None) -> list[tuple[str, _Candidate]]:
        """The candidates worth ranking for a claim: all of them in a category of up to
        EXACT_LIMIT claims; in a larger one, the numbers nearest the answer's (for a number
        answer) or a sample drawn by the claim's hash, so each claim costs the same whatever
        the category's size."""
        if len(self.items) <= EXACT_LIMIT:
            return self.items
        if number is not None:
            values = self.by_unit.get(number[1], [])
            at = bisect.bisect_left(values, (number[0], -1))
            window = values[max(0, at - SAMPLE):at + SAMPLE]
            return [self.items[i] for _, i in sorted(window, key=lambda v: v[1])]
        picks = sorted({int(_digest(claim_id, "sample", str(j))[:12], 16) % len(self.items)
                        for j in range(SAMPLE)})
        return [self.items[i] for i in picks]


def distractors(claim: Claim, by_category: dict[str, list[Claim]],
                pools: dict[str, Pool] | None = None) -> list[str]:
    """Up to DISTRACTORS other answers of the claim's category that are surely wrong: never the
    answer, an alias, a synonym (another claim listing the answer among its aliases), nor a
    phrase that contains the answer or lies inside it.

    Deterministic but varied: candidates are ordered by a hash of (claim id, candidate),
    so each claim gets its own selection and the same one on every run. A number or year answer
    takes the closest numbers of the same unit instead, so no option is a giveaway. `pools`
    (by category) saves normalising a category again for each of its claims.
    """
    pool = pools[claim.category] if pools is not None else Pool(by_category[claim.category])
    taken = {normalize(claim.answer), *(normalize(a) for a in claim.aliases)}
    number = numeric_value(claim.answer)
    chosen: dict[str, str] = {}
    for other_id, c in pool.near(claim.id, number):
        if other_id == claim.id or not c.key or c.key in chosen:
            continue
        if any(_overlaps(name, t) for name in c.names for t in taken if name and t):
            continue
        if number is not None:
            theirs = c.number
            if theirs is None or theirs[1] != number[1] or theirs[0] == number[0]:
                continue
        chosen[c.key] = c.answer
    if number is not None:
        def closeness(kv: tuple[str, str]) -> tuple[float, str]:
            value = numeric_value(kv[1])
            assert value is not None
            return _distance(value[0], *number), _digest(claim.id, kv[0])
        ranked = sorted(chosen.items(), key=closeness)
    else:
        ranked = sorted(chosen.items(), key=lambda kv: _digest(claim.id, kv[0]))
    return [answer for _, answer in ranked[:DISTRACTORS]]


def order_options(claim: Claim, options: list[str]) -> list[str]:
    """Numbers of one unit in ascending order; anything else in a fixed order of its own."""
    values = [numeric_value(o) for o in options]
    units = {v[1] for v in values if v is not None}
    if all(values) and len(units) == 1:
        return sorted(options, key=lambda o: (numeric_value(o) or (0.0, ""))[0])
    return sorted(options, key=lambda o: _digest(claim.id, "option", o))


def false_statement(claim: Claim, wrong: str) -> str:
    """The statement with its answer replaced by `wrong` ("" if the answer is not in it)."""
    match = re.search(re.escape(claim.answer), claim.statement, re.IGNORECASE)
    if not match or not wrong:
        return ""
    if match.start() == 0:  # the answer opened the sentence: so does its replacement
        wrong = wrong[:1].upper() + wrong[1:]
    return claim.statement[: match.start()] + wrong + claim.statement[match.end():]


def _common(claim: Claim, kind: str, seeds: Seeds, srcs: list[dict]) -> dict:
    return {
        "id": f"{claim.id}/{kind}", "claim": claim.id, "kind": kind, "topic": claim.topic,
        "tags": [f"{seeds.deck.tag}::{topic_tag(claim.topic)}"],
        "refs": list(claim.refs), "sources": srcs, "extra": claim.extra,
        "year": claim.year, "priority": claim.priority, "update": claim.update,
        "update_sources": update_sources(claim, seeds),
    }


def _finish(entry: dict) -> dict:
    entry["content_hash"] = content_hash(entry)
    return entry


def deck_order(seeds: Seeds) -> list[Claim]:
    """Core claims first, then detail claims, each in the author's order. A card's position in
    the deck file is the order new cards are introduced in (study queue, Anki note order)."""
    return sorted(seeds.claims, key=lambda c: c.priority != "core")


def build(seeds: Seeds) -> tuple[list[dict], list[dict]]:
    """All cards and quiz items of a source: core claims first, author order within each."""
    by_category: dict[str, list[Claim]] = defaultdict(list)
    for claim in seeds.claims:
        by_category[claim.category].append(claim)
    pools = {category: Pool(claims) for category, claims in by_category.items()}
    cards, quiz = [], []
    for claim in deck_order(seeds):
        srcs = sources(claim, seeds)
        cards.append(_finish({**_common(claim, "qa", seeds, srcs),
                              "question": claim.question, "answer": claim.answer}))
        cards.append(_finish({**_common(claim, "cloze", seeds, srcs),
                              "question": cloze_text(claim, BLANK), "answer": claim.statement,
                              "cloze": cloze_text(claim)}))
        if claim.reverse:
            front = claim.reverse if isinstance(claim.reverse, str) else claim.answer
            cards.append(_finish({**_common(claim, "reverse", seeds, srcs),
                                  "question": front, "answer": claim.statement}))
        quiz += quiz_items(claim, seeds, srcs, distractors(claim, by_category, pools))
    return cards, quiz


def quiz_items(claim: Claim, seeds: Seeds, srcs: list[dict], wrong: list[str]) -> list[dict]:
    """The quiz items the claim asks for (`quiz` in the seeds; all three by default)."""
    items = []
    if "choice" in claim.quiz:
        options = order_options(claim, [claim.answer, *wrong])
        items.append({**_common(claim, "choice", seeds, srcs), "question": claim.question,
                      "answer": claim.answer, "options": options})
    if "truefalse" in claim.quiz:
        items.append({**_common(claim, "truefalse", seeds, srcs), "statement": claim.statement,
                      "answer": claim.answer,
                      "false_statement": false_statement(claim, wrong[0] if wrong else "")})
    if "typed" in claim.quiz:
        items.append({**_common(claim, "typed", seeds, srcs), "question": claim.question,
                      "answer": claim.answer, "aliases": list(claim.aliases)})
    return [_finish(item) for item in items]
