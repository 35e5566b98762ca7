"""Finding cards: the search syntax, the browse results, one card's details and actions."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from trainer.errors import BadInput
from trainer.model import Card
from trainer.schedule import NEW, STATE_NAMES, Memory, seconds
from trainer.store import Store
from trainer.store.browse import IS_FILTERS, SORTS
from trainer.store.views import CardLine, Term
from trainer.studysettings import calendar

FIELDS = ("tag", "topic", "deck", "is")
FIELD_EXAMPLES = {"tag": "tag:SLE::Biologics", "topic": "topic:nephritis", "deck": "deck:sle-review",
                  "is": "is:due"}
LIMIT = 200  # rows fetched at a time; the count of matches is always exact
# longer than any card's question or answer (so pasting one finds its card), short enough that
# a pasted page of text is refused at once instead of searched word by word
MAX_QUERY = 1000
IS_HELP = ", ".join(f"is:{v}" for v in IS_FILTERS)
# the help line under the browse table: two lines at 80 columns
SYNTAX = ('words, "a phrase" · tag:x topic:x deck:x · -x excludes · * any letters · '
          f"is: {' '.join(IS_FILTERS)}")


class SearchError(BadInput):
    """The query cannot be understood; the message says what to type instead."""


# -- the search syntax --------------------------------------------------------------------------


def _words(text: str) -> Iterator[list[tuple[str, bool]]]:
    """Each word of the query as (character, quoted) pairs: double quotes group spaces, \\"
    is a literal quote and \\\\ a literal backslash (so any text can be quoted). An unclosed
    quote runs to the end, as if closed."""
    word: list[tuple[str, bool]] = []
    quoted, i = False, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and text[i + 1:i + 2] in ('"', "\\"):
            word.append((text[i + 1], True))
            i += 1
        elif ch == '"':
            quoted = not quoted
            word.append(("", True))  # marks the word as quoted even if the quotes are empty
        elif (ch.isspace() or unicodedata.category(ch) == "Cc") and not quoted:
            if word:
                yield word
            word = []
        elif unicodedata.category(ch) != "Cc":  # control characters are never card text
            word.append((ch, quoted))
        i += 1
    if word:
        yield word


def _term(word: list[tuple[str, bool]], finished: bool = False) -> Term | None:
    """A word as a term: -negation and field: prefixes count only outside quotes. `finished`:
    the search is all there is (a command's), not one still being typed."""
    negate = len(word) > 1 and word[0] == ("-", False)
    if negate:
        word = word[1:]
    plain = "".join(ch for ch, q in word if not q)
    head = plain.split(":", 1)[0].casefold() if ":" in plain else ""
    unquoted_head = all(not q for _, q in word[:len(head) + 1])
    if head in FIELDS and unquoted_head:
        value = "".join(ch for ch, _ in word[len(head) + 1:]).strip()
        if not value:
            if finished:  # a search given whole: "tag:" alone would match every card
                raise SearchError(f'"{head}:" needs a value, e.g. {FIELD_EXAMPLES[head]}')
            return None  # "tag:" while the name is still being typed
        if head == "is":
            value = value.casefold()
            if value not in IS_FILTERS:
                raise SearchError(f'unknown "is:{value}"; use {IS_HELP}')
        return Term(head, value, negate)
    value = "".join(ch for ch, _ in word)
    quoted = any(q for _, q in word)
    # one bare character would match nearly every card: wait for the next keystroke
    if not value.strip() or (len(value) < 2 and not quoted):
        return None
    return Term("text", value, negate)


def parse(text: str, finished: bool = False) -> list[Term]:
    """Terms of a search, all of which a card must match (AND). Raises SearchError."""
    if len(text) > MAX_QUERY:
        raise SearchError(f"the search is {len(text)} characters long; at most {MAX_QUERY} "
                          "are searched")
    return [t for t in (_term(word, finished) for word in _words(text)) if t is not None]


# -- results and details ------------------------------------------------------------------------


def state_label(state: int, suspended: bool = False, retired: bool = False) -> str:
    """What a card is now: retired, suspended, or its study state."""
    if retired:
        return "retired"
    return "suspended" if suspended else STATE_NAMES[state]


@dataclass(frozen=True)
class Results:
    total: int  # every match, though only `limit` rows from `offset` are here
    rows: list[CardLine]
    sort: str
    descending: bool
    offset: int = 0


@dataclass(frozen=True)
class HistoryLine:
    reviewed_at: int  # unix seconds
    rating: int
    interval: int | None  # seconds from the review to the due date it set
    state_before: int
    duration_ms: int


@dataclass(frozen=True)
class CardDetails:
    card: Card
    deck: str
    memory: Memory
    retired: bool
    history: list[HistoryLine]  # oldest first


class Browser:
    """Search, details and actions over one store; `clock` gives aware UTC time."""

    def __init__(self, store: Store, clock: Callable[[], datetime], tz: tzinfo | None = None):
        self.store, self.clock = store, clock
        self.calendar = calendar(store, tz)
        self.today = self.calendar.day(clock())  # as of the last search

    def search(self, query: str, sort: str = "order", descending: bool = False,
               limit: int = LIMIT, offset: int = 0, finished: bool = False) -> Results:
        """Cards matching `query` (SearchError if it cannot be read) in `sort` order: `limit`
        of them from the `offset`-th (0 the first). `finished`: see parse."""
        if sort not in SORTS:
            raise SearchError(f"cannot sort by {sort!r}; use one of {', '.join(SORTS)}")
        terms = parse(query, finished)
        now = self.clock()
        self.today = self.calendar.day(now)
        tomorrow = self.calendar.end(self.today)
        total, rows = self.store.search.cards(terms, now=seconds(now), due_before=tomorrow,
                                              today=self.today, sort=sort, descending=descending, limit=limit,
                                              offset=offset)
        return Results(total, rows, sort, descending, offset)

    def days_until(self, due: int) -> int:
        """Study days from today (as of the last search) to the day of `due`; negative when
        the card is late."""
        return self.calendar.day_of(due) - self.today

    def due_label(self, line: CardLine) -> str:
        """By study day: "today", "in 12d", "in 4mo", "3d late"; "new" before the first review."""
        if line.state == NEW or line.due is None:
            return "new"
        days = self.days_until(line.due)
        if days < 0:
            return f"{-days}d late"
        return "today" if days == 0 else f"in {days}d" if days < 100 else f"in {days // 30}mo"

    def details(self, card_id: str) -> CardDetails:
        row = self.store.cards.row(card_id)
        history = [HistoryLine(r.reviewed_at // 1000, r.rating,
                               None if r.after.due is None else r.after.due - r.reviewed_at // 1000,
                               r.before.state, r.duration_ms)
                   for r in self.store.reviews.of_card(card_id)]
        return CardDetails(self.store.cards.get(card_id), row.deck if row else "",
                           self.store.cards.memory(card_id), bool(row and row.retired), history)

    def set_suspended(self, card_id: str, suspended: bool) -> None:
        self.store.cards.set_suspended(card_id, suspended)

    def reset(self, card_id: str) -> None:
        """Forget a card: back to new, with its reps and lapses cleared (so a reset leech starts
        afresh) but its review history kept. Suspension is left as it was."""
        memory = self.store.cards.memory(card_id)
        self.store.cards.set_memory(card_id, replace(Memory(state=NEW), suspended=memory.suspended))
