"""Quiz sittings: choosing questions, grading choice and true/false, storing every attempt."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from trainer.deckmodel import Deck, QuizItem
from trainer.errors import BadDeckFile, BadInput, NoQuizYet
from trainer.model import QUIZ_KINDS, Rating
from trainer.schedule import seconds
from trainer.store import Store
from trainer.study import MAX_ANSWER_MS, Session
from trainer.text import contains_phrase, normalize
from trainer.typed import MAX_TYPED, deck_rivals, grade_typed

MODES = (*QUIZ_KINDS, "mixed")
QUESTION_LABELS = {"choice": "Multiple choice", "truefalse": "True or false", "typed": "Type the answer"}

def match_topic(query: str, items: Iterable[QuizItem]) -> str:
    """The one topic `query` names (case-, accent- and punctuation-insensitive): an exact name
    or tag ("Lupus nephritis", "SLE::Lupus_nephritis", "lupus_nephritis") wins; otherwise the
    topic whose name or tag contains the query as whole words ("nephritis"). No match, or
    several ("lupus"), is an error listing the topics."""
    tags: dict[str, set[str]] = {}
    for item in items:
        tags.setdefault(item.topic, set()).update(item.tags)
    wanted = normalize(query)
    if not wanted:
        raise BadInput("the topic is empty; give a topic name or tag")

    def names(topic: str) -> set[str]:
        return {topic, *tags[topic], *(t.rsplit("::", 1)[-1] for t in tags[topic])}

    exact = [t for t in tags if wanted in {normalize(n) for n in names(t)}]
    partial = [t for t in tags if any(contains_phrase(n, query) for n in names(t))]
    found = exact or partial
    if len(found) == 1:
        return found[0]
    listed = ", ".join(sorted(found or tags))
    if found:
        raise BadInput(f"topic '{query}' matches several topics ({listed}); name one")
    raise BadInput(f"no topic matches '{query}'; the topics are: {listed}")


# -- choosing questions -------------------------------------------------------------------------

@dataclass(frozen=True)
class QuizOptions:
    """What the learner asked for (`trainer quiz` options)."""

    count: int = 20
    mode: str | None = None  # None: mixed; with `missed`, the kinds that were missed
    topic: str | None = None
    query: str | None = None  # a browse search (is:core, is:due, tag:, words): its cards' claims
    missed: bool = False
    count_as_review: bool = False
    seed: int | None = None

    def check(self) -> None:
        """Refuse bad values with one line (exit 2), before anything is opened."""
        if self.count < 1:
            raise BadInput(f"a quiz needs at least 1 question (asked for {self.count})")
        if self.mode is not None and self.mode not in MODES:
            raise BadInput(f"the quiz mode must be one of {', '.join(MODES)} (got '{self.mode}')")


def choose_items(items: Sequence[QuizItem], mode: str, count: int,
                 rng: random.Random) -> list[QuizItem]:
    """A seeded sample of at most `count` items, in asking order: one per claim first; in mixed
    mode, when the topic has fewer claims than asked, a second round asks some claims again in
    another kind (never the same claim twice in a row). Mixed mode deals the kinds out evenly."""
    by_claim: dict[str, dict[str, QuizItem]] = {}
    for item in items:
        if mode == "mixed" or item.kind == mode:
            by_claim.setdefault(item.claim, {})[item.kind] = item
    claims = rng.sample(list(by_claim), min(count, len(by_claim)))
    if mode != "mixed":
        return [by_claim[c][mode] for c in claims]
    kinds = [QUIZ_KINDS[i % len(QUIZ_KINDS)] for i in range(len(claims))]
    rng.shuffle(kinds)
    chosen = []
    for claim, kind in zip(claims, kinds, strict=True):
        offered = by_claim[claim]
        chosen.append(offered.get(kind) or offered[rng.choice(sorted(offered))])
    return chosen + _second_round(by_claim, chosen, count - len(chosen), rng)


def _second_round(by_claim: dict[str, dict[str, QuizItem]], first: list[QuizItem], wanted: int,
                  rng: random.Random) -> list[QuizItem]:
    """Up to `wanted` more items: claims of the first round asked in a kind not yet used, in
    the order they were first asked, so a claim comes back as long as possible after its answer
    was shown (right after, it would be a free point)."""
    used = {item.id for item in first}
    order = [item.claim for item in first]
    extra: list[QuizItem] = []
    while len(extra) < wanted:
        added = False
        for claim in order:
            spare = [i for _, i in sorted(by_claim[claim].items()) if i.id not in used]
            if spare and len(extra) < wanted:
                pick = rng.choice(spare)
                extra.append(pick)
                used.add(pick.id)
                added = True
        if not added:
            break
    return extra


def _retry_items(store: Store, deck: Deck, mode: str | None) -> list[QuizItem]:
    """The items missed in the deck's last quiz; with a mode, the same claims in that mode."""
    run = store.quiz.last_run(deck.info.id)
    if run is None:
        raise NoQuizYet(deck.info.name)
    missed = store.quiz.missed(run)
    if not missed:
        raise BadInput(f"no missed questions: every answer of your last quiz on "
                           f"{deck.info.name} was right")
    by_id = {item.id: item for item in deck.quiz}
    items = [by_id[i] for i in dict.fromkeys(missed) if i in by_id]
    if not items:
        raise BadInput(f"the questions missed in your last quiz on {deck.info.name} are "
                           "no longer in the deck; nothing to retry")
    if mode in QUIZ_KINDS:
        claims = {item.claim for item in items}
        return [item for item in deck.quiz if item.claim in claims and item.kind == mode]
    return items


# -- a sitting ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """One question as put to the learner: choice options in this attempt's order, and for
    true/false whether the statement shown is the true one."""

    number: int
    item: QuizItem
    options: tuple[str, ...] = ()
    shows_true: bool = True

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def prompt(self) -> str:
        if self.kind == "truefalse":
            return self.item.statement if self.shows_true else self.item.false_statement
        return self.item.question


@dataclass(frozen=True)
class Outcome:
    """One answered question: what was answered, whether it was right, what was stored."""

    question: Question
    response: str
    correct: bool
    near_miss: bool = False
    matched: str = ""  # typed: the answer or alias the response was taken for
    duration_ms: int = 0
    attempt_id: int = 0
    reviewed: tuple[str, ...] = ()  # flashcards graded because of --count-as-review

    @property
    def expected(self) -> str:
        """The right answer, as the feedback shows it."""
        if self.question.kind == "truefalse":
            return "true" if self.question.shows_true else "false"
        return self.question.item.answer


@dataclass(frozen=True)
class TopicScore:
    topic: str
    correct: int
    total: int


@dataclass(frozen=True)
class QuizResults:
    title: str
    correct: int
    total: int  # questions answered
    planned: int  # questions the quiz had
    duration_ms: int
    topics: tuple[TopicScore, ...]
    missed: tuple[Outcome, ...]
    count_as_review: bool
    reviewed: int  # flashcards graded as reviews

    @property
    def score(self) -> str:
        return f"{self.correct}/{self.total}"

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class Quiz:
    """One sitting: asks `questions` in order and stores every answer before the next one.
    `clock` returns an aware UTC datetime; the quiz never reads the time any other way."""

    store: Store
    deck: Deck
    questions: list[Question]
    clock: Callable[[], datetime]
    title: str = ""
    tz: tzinfo | None = None
    rivals: tuple[str, ...] = ()
    options: QuizOptions = QuizOptions()  # as asked: -n may exceed the questions there are
    run: str = ""
    outcomes: list[Outcome] = field(default_factory=list)
    started: datetime | None = None  # the first question shown
    ended: datetime | None = None  # the last answer
    _shown_at: datetime | None = None
    _session: Session | None = None

    def __post_init__(self) -> None:
        if not self.run:
            # unique even for two sittings in the same millisecond (tests share a fixed clock)
            self.run = f"{self._ms(self.clock())}-{uuid.uuid4().hex[:12]}"

    @staticmethod
    def _ms(moment: datetime) -> int:
        return int(moment.timestamp() * 1000)

    @property
    def count_as_review(self) -> bool:
        return self.options.count_as_review

    @property
    def deck_id(self) -> str:
        return self.deck.info.id

    @property
    def current(self) -> Question | None:
        index = len(self.outcomes)
        return self.questions[index] if index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def show(self) -> Question | None:
        """Start the clock for the current question (call when it is put on screen)."""
        now = self.clock()
        self.started = self.started or now
        self._shown_at = now
        return self.current

    # -- answering -----------------------------------------------------------------------------

    def answer_choice(self, index: int) -> Outcome:
        """`index` counts from 1, as the keys do."""
        q = self._asking("choice")
        if not 1 <= index <= len(q.options):
            raise ValueError(f"option {index} does not exist")
        picked = q.options[index - 1]
        return self._record(picked, normalize(picked) == normalize(q.item.answer))

    def answer_truefalse(self, says_true: bool) -> Outcome:
        q = self._asking("truefalse")
        return self._record("true" if says_true else "false", says_true == q.shows_true)

    def answer_typed(self, text: str) -> Outcome:
        q = self._asking("typed")
        verdict = grade_typed(text, q.item.answer, q.item.aliases, self.rivals, q.item.question)
        # what is kept of an answer too long to be one (it was graded wrong): its start
        return self._record(text.strip()[:MAX_TYPED], verdict.correct, verdict.near_miss,
                            verdict.matched)

    def _asking(self, kind: str) -> Question:
        q = self.current
        if q is None:
            raise ValueError("the quiz is over")
        if q.kind != kind:
            raise ValueError(f"question {q.number} is {q.kind}, not {kind}")
        return q

    def _record(self, response: str, correct: bool, near_miss: bool = False,
                matched: str = "") -> Outcome:
        """Store the attempt (its own transaction) and, when asked, the flashcard reviews."""
        q = self.current
        if q is None:
            raise ValueError("the quiz is over")
        now = self.clock()
        shown = self._shown_at or now
        duration = max(0, self._ms(now) - self._ms(shown))
        item = q.item
        attempt = self.store.quiz.record(
            run=self.run, item=item.id, claim=item.claim, kind=item.kind, topic=item.topic,
            deck=self.deck_id, answered_at_ms=self._ms(now), response=response,
            correct=correct, duration_ms=duration)
        reviewed = self._review(item.claim, correct, duration) if self.count_as_review else ()
        outcome = Outcome(q, response, correct, near_miss, matched, duration, attempt, reviewed)
        self.outcomes.append(outcome)
        self._shown_at = None
        self.ended = now
        return outcome

    def _review(self, claim: str, correct: bool, duration_ms: int) -> tuple[str, ...]:
        """Grade the claim's due flashcards: right is Good, wrong is Again (--count-as-review)."""
        due = self.store.quiz.due_cards_of_claim(self.deck_id, claim, seconds(self.clock()))
        if not due:
            return ()
        if self._session is None:
            self._session = Session.open(self.store, self.deck_id, self.clock, self.tz)
        rating = Rating.GOOD if correct else Rating.AGAIN
        for card in due:
            # a question left open during a break is not a slow answer
            self._session.grade(self._session.show(card), rating, min(duration_ms, MAX_ANSWER_MS))
        return tuple(due)

    # -- the end -------------------------------------------------------------------------------

    def results(self) -> QuizResults:
        topics: dict[str, list[int]] = {}
        for o in self.outcomes:
            score = topics.setdefault(o.question.item.topic, [0, 0])
            score[0] += o.correct
            score[1] += 1
        spent = self._ms(self.ended) - self._ms(self.started) if self.started and self.ended else 0
        return QuizResults(
            title=self.title, correct=sum(o.correct for o in self.outcomes),
            total=len(self.outcomes), planned=len(self.questions), duration_ms=max(0, spent),
            topics=tuple(TopicScore(t, c, n) for t, (c, n) in sorted(topics.items())),
            missed=tuple(o for o in self.outcomes if not o.correct),
            count_as_review=self.count_as_review,
            reviewed=sum(len(o.reviewed) for o in self.outcomes))


def load_quiz_deck(decks_dir: Path, deck_id: str) -> Deck:
    """The deck file that holds a synced deck's quiz items (quiz items live only in files)."""
    from trainer.decks import load_deck

    path = Path(decks_dir) / f"{deck_id}.json"
    if not path.is_file():
        raise BadDeckFile(path, f"no deck file for deck '{deck_id}'")
    return load_deck(path)


def start_quiz(store: Store, deck: Deck, clock: Callable[[], datetime],
               options: QuizOptions = QuizOptions(), tz: tzinfo | None = None) -> Quiz:
    """Plan a sitting on `deck` (the topic, the misses, the sample), or say in one line why
    there is nothing to ask."""
    options.check()
    rng = random.Random(options.seed)
    pool = list(_retry_items(store, deck, options.mode) if options.missed else deck.quiz)
    title = deck.info.name
    if options.topic:
        topic = match_topic(options.topic, deck.quiz)
        pool = [item for item in pool if item.topic == topic]
        title += f" · {topic}"
        if not pool and options.missed:
            raise BadInput(f"no missed questions on {topic} in your last quiz on "
                               f"{deck.info.name}; nothing to retry")
    if options.query is not None:
        from trainer.cram import cards_for

        claims = {card.rsplit("/", 1)[0] for card in
                  cards_for(store, options.query, clock, deck.info.id, tz)}
        pool = [item for item in pool if item.claim in claims]
        title += f" · {options.query}"
        if not pool:
            raise BadInput(f"no quiz questions on {deck.info.name} match the search "
                           f"'{options.query}'")
    if not pool:
        raise BadDeckFile(deck.path or deck.info.id, "has no quiz questions")
    if options.missed:
        title += " · retry of missed"
        items = rng.sample(pool, min(options.count, len(pool)))
    else:
        items = choose_items(pool, options.mode or "mixed", options.count, rng)
    questions = [_question(n, item, rng) for n, item in enumerate(items, 1)]
    return Quiz(store, deck, questions, clock, title=title, tz=tz, rivals=deck_rivals(deck),
                options=options)


def _question(number: int, item: QuizItem, rng: random.Random) -> Question:
    """Deal this attempt's option order (choice) or statement (true/false) from the seed."""
    if item.kind == "choice":
        return Question(number, item, tuple(rng.sample(item.options, len(item.options))))
    if item.kind == "truefalse":
        # without a false variant only the true statement can be shown
        return Question(number, item, shows_true=not item.false_statement or rng.random() < 0.5)
    return Question(number, item)
