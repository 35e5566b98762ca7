"""Lint rules for claims: what would make a bad card, caught before anyone studies it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.generate.cards import build, cloze_spans
from trainer.generate.drafts import without_drafts
from trainer.model import Claim, Seeds
from trainer.text import contains_phrase, normalize, word_count

MAX_ANSWER_WORDS = 8
MAX_QUESTION_WORDS = 40
MAX_EXTRA_WORDS = 30
YES_NO = {"yes", "no", "true", "false", "yes it is", "no it is not"}

# rule id -> (severity, what it checks); `trainer lint --rules` prints this table
RULES = {
    "answer-too-long": ("error", f"an answer has at most {MAX_ANSWER_WORDS} words"),
    "answer-in-question": ("error", "the question gives away neither the answer nor an alias"),
    "no-reference": ("error", "every claim cites at least one reference that exists"),
    "conflicting-question": ("error", "no two cards ask the same question with different answers"),
    "question-too-long": ("error", f"a question has at most {MAX_QUESTION_WORDS} words"),
    "cloze-malformed": ("error", "cloze terms are plain text: no braces or '::'"),
    "cloze-nested": ("error", "no cloze term lies inside another"),
    "yes-no-answer": ("error", "flashcard answers are never yes/no/true/false"),
    "choice-options": ("error", "a choice item has 4 distinct options"),
    "statement-lacks-answer": ("error", "the statement contains the answer (false variants need it)"),
    "false-variant": ("error", "a false statement differs from the true one"),
    "extra-too-long": ("warning", f"extra is one line of at most {MAX_EXTRA_WORDS} words"),
    "uncited-reference": ("warning", "a reference no claim cites says why (uncited = \"...\")"),
}


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


def lint(seeds: Seeds) -> list[Finding]:
    """All findings for one source, in file order."""
    out: list[Finding] = _lint_drafts(seeds)
    everything, seeds = seeds, without_drafts(seeds)  # the card rules see finished claims only

    def add(rule: str, claim, message: str) -> None:
        out.append(Finding(RULES[rule][0], rule, seeds.claims_path, claim.line,
                           f"claim '{claim.id}'", message))

    for c in seeds.claims:
        if word_count(c.answer) > MAX_ANSWER_WORDS:
            add("answer-too-long", c, f"answer has {word_count(c.answer)} words "
                f"(max {MAX_ANSWER_WORDS}); shorten it and move detail to 'extra'")
        for given in (c.answer, *c.aliases):
            if contains_phrase(c.question, given):
                add("answer-in-question", c, f"the question contains {given!r}; reword it")
        if not c.refs:
            add("no-reference", c, "refs is empty; cite the reference that supports the claim")
        if word_count(c.question) > MAX_QUESTION_WORDS:
            add("question-too-long", c, f"question has {word_count(c.question)} words "
                f"(max {MAX_QUESTION_WORDS}); split the claim")
        for term in c.cloze_terms:
            if any(mark in term for mark in ("{{", "}}", "::")):
                add("cloze-malformed", c, f"cloze term {term!r} holds '{{{{', '}}}}' or '::'; "
                    "list plain terms, the generator adds the syntax")
        terms = c.cloze_terms
        for a in terms:
            for b in terms:
                if a is not b and a in b:
                    add("cloze-nested", c, f"cloze term {a!r} lies inside {b!r}; keep one")
        spans = cloze_spans(c)
        if any(s2 < e1 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False)):
            add("cloze-nested", c, "cloze terms overlap in the statement; keep one")
        if normalize(c.answer) in YES_NO:
            add("yes-no-answer", c, "answer is a yes/no; ask for the thing itself")
        if "truefalse" in c.quiz and c.answer.casefold() not in c.statement.casefold():
            add("statement-lacks-answer", c, "the statement does not contain the answer; "
                "reword the statement so the answer appears in it, or leave truefalse out of "
                "'quiz'")
        if c.extra and (word_count(c.extra) > MAX_EXTRA_WORDS or "\n" in c.extra):
            add("extra-too-long", c, f"extra should be one line of at most {MAX_EXTRA_WORDS} words")

    _lint_generated(seeds, add)
    if everything is seeds:
        _lint_references(seeds, out)
    else:
        _lint_references_while_drafting(everything, out)
    return sorted(out, key=lambda f: (f.path, f.line, f.rule))


def _lint_generated(seeds: Seeds, add) -> None:
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
            if len(distinct) < 4:
                add("choice-options", c, f"only {len(distinct)} distinct options: category "
                    f"'{c.category}' needs at least 4 distinct answers; add claims, recategorise, "
                    "or leave choice out of 'quiz'")
        elif item["kind"] == "truefalse" and c.answer.casefold() in c.statement.casefold():
            # distractors never normalise to the answer, so a swap always changes the text
            if not item["false_statement"]:
                add("false-variant", c, f"no false statement: category '{c.category}' has no "
                    "other answer to swap in; add claims or recategorise")


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
