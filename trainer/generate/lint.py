"""Lint rules for claims: what would make a bad card, caught before anyone studies it."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.generate.cards import build, cloze_spans
from trainer.model import Seeds
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
    out: list[Finding] = []

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
    _lint_references(seeds, out)
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

