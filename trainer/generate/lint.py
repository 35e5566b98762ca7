"""Lint rules for claims: what would make a bad card, caught before anyone studies it.

Every rule looks at one claim, or at all claims through an index (normalised answer, question,
acronym key), never at every pair of claims: lint stays linear in the number of claims.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from trainer.generate.cards import BLANK, build, cloze_spans, cloze_text, numeric_value, plausible
from trainer.generate.drafts import without_drafts
from trainer.generate.wording import MIN_STEM, acronym_keys, as_acronym, attribution, author_names, leak
from trainer.model import OPTIONS
from trainer.seedmodel import Claim, Seeds
from trainer.text import contains_phrase, normalize, word_count

MAX_ANSWER_WORDS = 8
MAX_QUESTION_WORDS = 25
MAX_EXTRA_WORDS = 30
YES_NO = {"yes", "no", "true", "false", "yes it is", "no it is not"}

# rule id -> (severity, what it checks); `trainer lint --rules` prints this table
RULES = {
    "answer-too-long": ("error", f"an answer has at most {MAX_ANSWER_WORDS} words"),
    "answer-in-question": ("error", "the question gives away neither the answer nor an alias"),
    "answer-leak": ("error", f"no answer or alias shares a word stem of {MIN_STEM}+ letters with "
                             "its question or with the rest of its fill-in text"),
    "attribution-in-question": ("error", "a question names no author, 'et al.' or 'the review' "
                                         "(the sources are on the back)"),
    "no-reference": ("error", "every claim cites at least one reference that exists"),
    "conflicting-question": ("error", "no two cards ask the same question with different answers"),
    "duplicate-fact": ("error", "no two claims teach one fact (one's answer is the other's "
                                "acronym or expansion)"),
    "question-too-long": ("error", f"a question has at most {MAX_QUESTION_WORDS} words"),
    "cloze-malformed": ("error", "cloze terms are plain text: no braces or '::'"),
    "cloze-nested": ("error", "no cloze term lies inside another"),
    "yes-no-answer": ("error", "flashcard answers are never yes/no/true/false"),
    "choice-options": ("error", f"a choice item has {OPTIONS} distinct options"),
    "number-options": ("error", "a year or number answer's choice options are numbers of its kind, "
                                "sorted and close to it"),
    "statement-lacks-answer": ("error", "the statement contains the answer (false variants need it)"),
    "false-variant": ("error", "a false statement differs from the true one"),
    "control-character": ("error", "card text holds no control or invisible format characters"),
    "retired-id": ("error", "no claim uses an id listed in [[retired]]"),
    "extra-too-long": ("warning", f"extra is one line of at most {MAX_EXTRA_WORDS} words"),
    "uncited-reference": ("warning", "a reference no claim cites says why (uncited = \"...\")"),
    "unused-lint-allow": ("warning", "a lint_allow entry excuses a finding the claim still has"),
}

# rules a claim may set aside with lint_allow = { rule-id = "why this is a true exception" }
OPTIONAL_RULES = frozenset({"answer-leak", "attribution-in-question", "duplicate-fact",
                            "question-too-long", "number-options", "control-character"})



# rules for what `trainer draft` leaves to the author (see _lint_drafts)
DRAFT_RULES = {
    "draft-incomplete": ("warning", "a draft claim lists what it still lacks before it can make cards"),
    "draft-ready": ("warning", "a finished draft is made a claim by deleting draft = true"),
    "source-wording": ("warning", "a claim drawn from a sentence says it in our own words"),
    "reference-unparsed": ("warning", "an entry the draft could not read is written as a [[reference]]"),
}
RULES.update(DRAFT_RULES)


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str
    path: str
    line: int
    subject: str  # "claim 'x'" or "reference 12"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.subject}: {self.severity}[{self.rule}]: {self.message}"


Add = Callable[[str, Claim, str], None]


def lint(seeds: Seeds) -> list[Finding]:
    """All findings for one source, in file order."""
    out: list[Finding] = _lint_drafts(seeds)
    everything, seeds = seeds, without_drafts(seeds)  # the card rules see finished claims only
    excused: set[tuple[str, str]] = set()  # (claim id, rule) set aside by lint_allow

    def add(rule: str, claim: Claim, message: str) -> None:
        if rule in dict(claim.lint_allow):
            excused.add((claim.id, rule))
            return
        out.append(Finding(RULES[rule][0], rule, seeds.claims_path, claim.line,
                           f"claim '{claim.id}'", message))

    authors = author_names(seeds)
    for c in seeds.claims:
        _lint_claim(c, add, authors)
        if c.id in seeds.retired:
            add("retired-id", c, f"the id is retired ({seeds.retired[c.id]}); choose a new id")
    _lint_generated(seeds, add)
    _lint_duplicates(seeds.claims, add)
    if everything is seeds:
        _lint_references(seeds, out)
    else:
        _lint_references_while_drafting(everything, out)
    for c in seeds.claims:
        for rule, _ in c.lint_allow:
            if (c.id, rule) not in excused:
                out.append(Finding("warning", "unused-lint-allow", seeds.claims_path, c.line,
                                   f"claim '{c.id}'", f"lint_allow.{rule} excuses nothing; "
                                   "remove it"))
    return sorted(out, key=lambda f: (f.path, f.line, f.rule))


def _lint_claim(c: Claim, add: Add, authors: frozenset[str]) -> None:
    """The rules that look at one claim alone."""
    if word_count(c.answer) > MAX_ANSWER_WORDS:
        add("answer-too-long", c, f"answer has {word_count(c.answer)} words "
            f"(max {MAX_ANSWER_WORDS}); shorten it and move detail to 'extra'")
    for given in (c.answer, *c.aliases):
        if contains_phrase(c.question, given):
            add("answer-in-question", c, f"the question contains {given!r}; reword it")
    _lint_leaks(c, add)
    named = attribution(c.question, authors)
    if named:
        add("attribution-in-question", c, f"the question names {named!r}; move the attribution "
            "to the back (the sources show it), or allow it when the fact is one study's result "
            "and the question is ambiguous without it")
    if not c.refs:
        add("no-reference", c, "refs is empty; cite the reference that supports the claim")
    if word_count(c.question) > MAX_QUESTION_WORDS:
        add("question-too-long", c, f"question has {word_count(c.question)} words "
            f"(max {MAX_QUESTION_WORDS}); shorten it or split the claim")
    for term in c.cloze_terms:
        # a single brace too: a term ending in "}" would run into the closing "}}"
        if any(mark in term for mark in ("{", "}", "::")):
            add("cloze-malformed", c, f"cloze term {term!r} holds a brace or '::'; "
                "list plain terms, the generator adds the syntax")
    terms = c.cloze_terms
    for a in terms:
        for b in terms:
            if a is not b and a in b:
                add("cloze-nested", c, f"cloze term {a!r} lies inside {b!r}; keep one")
    spans = cloze_spans(c)
    if any(s2 < e1 for (_, e1), (s2, _) in itertools.pairwise(spans)):
        add("cloze-nested", c, "cloze terms overlap in the statement; keep one")
    if normalize(c.answer) in YES_NO:
        add("yes-no-answer", c, "answer is a yes/no; ask for the thing itself")
    if "truefalse" in c.quiz and c.answer.casefold() not in c.statement.casefold():
        add("statement-lacks-answer", c, "the statement does not contain the answer; "
            "reword the statement so the answer appears in it, or leave truefalse out of 'quiz'")
    if c.extra and (word_count(c.extra) > MAX_EXTRA_WORDS or "\n" in c.extra):
        add("extra-too-long", c, f"extra should be one line of at most {MAX_EXTRA_WORDS} words")
    for name, text in _texts(c):
        bad = next((ch for ch in text if _invisible(ch) and not (name == "extra" and ch == "\n")),
                   None)
        if bad is not None:
            add("control-character", c, f"{name} holds U+{ord(bad):04X} "
                f"({unicodedata.name(bad, 'control character')}); delete it")


def _texts(c: Claim) -> Iterable[tuple[str, str]]:
    yield from (("statement", c.statement), ("question", c.question), ("answer", c.answer),
                ("extra", c.extra), ("update", c.update), ("topic", c.topic))
    yield from (("aliases", a) for a in c.aliases)
    yield from (("cloze", t) for t in c.cloze)
    if isinstance(c.reverse, str):
        yield "reverse", c.reverse


def _invisible(ch: str) -> bool:
    """Control characters (tabs and newlines too: card text is one line) and invisible format
    characters (zero-width space, bidirectional overrides), which no reader can see to fix."""
    return unicodedata.category(ch) in ("Cc", "Cf")


# -- leaks -------------------------------------------------------------------------------------

def _lint_leaks(c: Claim, add: Add) -> None:
    """The answer must not be guessable from the words around the blank it fills."""
    givens = [c.answer, *c.aliases]
    for given in givens:
        found = leak(given, c.question)
        if found and not contains_phrase(c.question, given):  # answer-in-question says it already
            add("answer-leak", c, f"{given!r} shares the stem of {found[0]!r} with "
                f"{found[1]!r} in the question; reword the question")
            break
    rest = cloze_text(c, " ").replace(BLANK, " ")
    for given in [*givens, *c.cloze_terms]:
        found = leak(given, rest)
        if found:
            add("answer-leak", c, f"{given!r} shares the stem of {found[0]!r} with "
                f"{found[1]!r} left in the fill-in text; blank it too or reword the statement")
            break


# -- attribution -------------------------------------------------------------------------------

# -- duplicates --------------------------------------------------------------------------------

def _lint_duplicates(claims: Iterable[Claim], add: Add) -> None:
    """Two claims teaching one fact: one answers "BICLA" and the other spells it out, or one
    answers what the other lists as its own alias. Indexed, so no pair of claims is compared."""
    claims = list(claims)
    by_expansion: dict[str, list[Claim]] = defaultdict(list)
    by_alias: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        for key in acronym_keys(c.answer):
            by_expansion[key].append(c)
        for alias in c.aliases:
            by_alias[normalize(alias)].append(c)
    reported: set[frozenset[str]] = set()
    for c in claims:
        mine = normalize(c.answer)
        partners = [o for o in by_alias.get(mine, []) if normalize(o.answer) != mine]
        key = as_acronym(c.answer)
        partners += by_expansion.get(key, []) if key else []
        for other in partners:
            pair = frozenset((c.id, other.id))
            if other.id == c.id or pair in reported:
                continue
            reported.add(pair)
            later, earlier = sorted((c, other), key=lambda x: x.line, reverse=True)
            add("duplicate-fact", later, f"its answer {later.answer!r} and claim '{earlier.id}' "
                f"answer {earlier.answer!r} name one thing; merge them (list one as an alias) "
                "or ask two different facts")


# -- generated cards ---------------------------------------------------------------------------

def _lint_generated(seeds: Seeds, add: Add) -> None:
    """Rules that look at what the generator makes: questions across cards, quiz items."""
    claims = {c.id: c for c in seeds.claims}
    cards, quiz = build(seeds)
    asked: dict[str, dict] = {}
    reported: set[tuple[str, str]] = set()
    for card in cards:
        key = normalize(card["question"])
        first = asked.setdefault(key, card)
        if normalize(first["answer"]) != normalize(card["answer"]):
            pair = (first["claim"], card["claim"])
            if pair not in reported:
                reported.add(pair)
                add("conflicting-question", claims[card["claim"]],
                    f"{card['id']} asks the same question as {first['id']} with another answer; "
                    "make the questions distinct")
    for item in quiz:
        c = claims[item["claim"]]
        if item["kind"] == "choice":
            distinct = {normalize(o) for o in item["options"]}
            if len(distinct) < OPTIONS:
                add("choice-options", c, f"only {len(distinct)} distinct options: category "
                    f"'{c.category}' needs at least {OPTIONS} distinct answers; add claims, recategorise, "
                    "or leave choice out of 'quiz'")
            _lint_number_options(c, item["options"], add)
        elif item["kind"] == "truefalse" and c.answer.casefold() in c.statement.casefold():
            # distractors never normalise to the answer, so a swap always changes the text
            if not item["false_statement"]:
                add("false-variant", c, f"no false statement: category '{c.category}' has no "
                    "other answer to swap in; add claims or recategorise")


def _lint_number_options(c: Claim, options: list[str], add: Add) -> None:
    answer = numeric_value(c.answer)
    if answer is None:
        return
    values = [numeric_value(o) for o in options]
    if any(v is None or v[1] != answer[1] for v in values):
        add("number-options", c, f"the answer is a number but options {options} are not all "
            "numbers of its kind; give the category numeric answers in one unit")
        return
    numbers = [v[0] for v in values if v is not None]
    if numbers != sorted(numbers):
        add("number-options", c, f"options {options} are not in ascending order")
    far = [o for o, v in zip(options, values, strict=True)
           if v is not None and not plausible(v[0], answer[0], answer[1])]
    if far:
        add("number-options", c, f"options {far} are implausibly far from {c.answer!r}; add "
            "closer answers to the category or leave choice out of 'quiz'")


def _lint_references(seeds: Seeds, out: list[Finding]) -> None:
    cited = {r for c in seeds.claims for r in c.refs}
    for number, ref in sorted(seeds.references.items()):
        if number not in cited and not ref.uncited:
            out.append(Finding("warning", "uncited-reference", seeds.references_path, ref.line,
                               f"reference {number}", "no claim cites it; cite it or say why "
                               "in uncited = \"...\""))



# a citation marker left in a source sentence: '[12]', '[3-5]', superscript digits
_MARKERS = re.compile(r"\[[\d\s,;–—-]+\]|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")


def _same_words(statement: str, source_text: str) -> bool:
    return normalize(statement) == normalize(_MARKERS.sub(" ", source_text))


def _lint_references_while_drafting(seeds: Seeds, out: list[Finding]) -> None:
    """While drafts remain, one warning for every uncited reference (a fresh draft has many); the
    citations of drafts count, since their author is on them."""
    cited = {r for c in seeds.claims for r in c.refs}
    uncited = [n for n, ref in sorted(seeds.references.items()) if n not in cited and not ref.uncited]
    if uncited:
        out.append(Finding("warning", "uncited-reference", seeds.references_path, 0,
                           f"{len(uncited)} references", f"no claim cites {_ranges(uncited)} yet; once "
                           "the drafts are done, cite each or say why in uncited = \"...\""))


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in spans)


def _lint_drafts(seeds: Seeds) -> list[Finding]:
    """What each draft claim still lacks, claims still in their source's words, unread references."""
    out: list[Finding] = []
    pending = {p.number: p for p in seeds.pending_references}

    def add(rule: str, claim: Claim, message: str) -> None:
        out.append(Finding(RULES[rule][0], rule, seeds.claims_path, claim.line, f"claim '{claim.id}'",
                           message))

    for c in seeds.claims:
        verbatim = bool(c.source_text) and _same_words(c.statement, c.source_text)
        if not c.draft:
            if verbatim:
                add("source-wording", c, "the statement is the source's sentence word for word; "
                    "put it in your own words")
            continue
        missing = [name for name in ("question", "answer") if not getattr(c, name).strip()]
        todo = [f"write the {' and the '.join(missing)}"] if missing else []
        if verbatim:
            todo.append("put the statement in your own words (it is the source's sentence)")
        todo += [f"copy the cloze term {t!r} from the statement, or drop it" for t in c.cloze
                 if t not in c.statement]
        if c.answer.strip() and not c.cloze and c.answer.casefold() not in c.statement.casefold():
            todo.append("make the statement contain the answer (its cloze card blanks it)")
        for ref in c.refs:
            if isinstance(ref, int) and ref not in seeds.references:
                where = (f"its entry could not be read: see the comment on line {pending[ref].line} of "
                         f"{seeds.references_path}" if ref in pending else "no such entry")
                todo.append(f"write reference {ref} in references.toml ({where}) or drop it from refs")
        if todo:
            add("draft-incomplete", c, "draft: " + "; ".join(todo) + "; then delete draft = true")
        else:
            add("draft-ready", c, "draft: nothing is missing; delete draft = true to make cards of it")
    for number, p in sorted(pending.items()):
        if number not in seeds.references:
            out.append(Finding(RULES["reference-unparsed"][0], "reference-unparsed", seeds.references_path,
                               p.line, f"reference {number}", f"the draft could not read this entry "
                               f"({p.problem}); write it as a [[reference]] table from the comment"))
    return out
