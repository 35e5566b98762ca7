"""Card search for browse: the cards' words held in memory in deck order, the rest in SQL.

Text, tag and topic terms are matched in Python against every card's casefolded text (a
substring test per card, which is faster than SQLite can scan the same text and needs no index
on disk); is: and deck: terms, the sorts and the card rows come from SQL. Building the index
reads each card once and writes nothing, so browsing never holds the write lock.
"""

from __future__ import annotations

import gc
import itertools
import json
import operator
import re
from collections.abc import Iterable, Sequence
from typing import Any

from trainer.schedule import LEARNING, LEECH_LAPSES, NEW, RELEARNING, REVIEW
from trainer.store.base import SHOWABLE, Database, marks
from trainer.store.schema import KIND_CRAM
from trainer.store.views import CardLine, Term

# today's answers but cram ones, found through the log's (deck, day) index: a day alone scanned
# every answer ever given (150 ms at a million)
_TODAY = f"deck IN (SELECT id FROM decks) AND day = :today AND kind != '{KIND_CRAM}'"
# what each is: filter means; every one but is:retired is about cards still in their deck
IS_FILTERS = {
    "due": f"m.state != {NEW} AND m.due < :due_before AND {SHOWABLE}",
    "new": f"m.state = {NEW} AND NOT m.retired",
    "learn": f"m.state IN ({LEARNING}, {RELEARNING}) AND NOT m.retired",
    "review": f"m.state = {REVIEW} AND NOT m.retired",
    "suspended": "m.suspended AND NOT m.retired",
    # buried by hand, or a sibling held back today: a new or review card whose claim had an
    # answer today (not a cram one) and that had none itself (see store.queue.NOT_SIBLING; a
    # claim id shared by two decks would count for both, a price for a search of milliseconds)
    "buried": f"(m.buried_until > :now OR (m.state IN ({NEW}, {REVIEW}) AND m.claim IN "
              f"(SELECT claim FROM reviews WHERE {_TODAY}) AND "
              f"m.card NOT IN (SELECT card FROM reviews WHERE {_TODAY}))) "
              "AND NOT m.retired AND NOT m.suspended",
    "leech": f"m.lapses >= {LEECH_LAPSES} AND NOT m.retired",
    "retired": "m.retired",
    "core": "m.priority = 'core' AND NOT m.retired",
    "detail": "m.priority = 'detail' AND NOT m.retired",
    # answered Again today in a real review (not a cram run): Anki's "review forgotten cards"
    "forgotten": f"m.card IN (SELECT card FROM reviews WHERE {_TODAY} AND rating = 1) AND NOT m.retired",
}

# new cards have no due, stability or difficulty: they sort last either way; the rowid last
# keeps ties in one order, so a second page never repeats a row of the first
DECK_ORDER = "m.deck, m.position, m.rowid"
SORTS = {
    "order": DECK_ORDER,
    "due": f"m.due IS NULL, m.due {{dir}}, {DECK_ORDER}",
    "stability": f"m.stability IS NULL, m.stability {{dir}}, {DECK_ORDER}",
    "difficulty": f"m.difficulty IS NULL, m.difficulty {{dir}}, {DECK_ORDER}",
    "lapses": f"m.lapses {{dir}}, {DECK_ORDER}",
}

# what a card is found by, in deck order: its id, question and answer (one text, so a phrase
# covers all three), its topic, and its tags as the Anki export writes them
_INDEX_ROWS = (
    "SELECT m.rowid, c.id, c.claim, c.topic, coalesce(json_extract(c.data, '$.question'), ''), "
    "coalesce(json_extract(c.data, '$.answer'), ''), coalesce(json_extract(c.data, '$.tags'), '[]'), "
    "coalesce(json_extract(c.data, '$.priority'), ''), m.retired, coalesce(d.tag, '') "
    f"FROM memory m JOIN cards c ON c.id = m.card LEFT JOIN decks d ON d.id = m.deck ORDER BY {DECK_ORDER}")
# what the index was built from: the deck files and the memory rows (a renumbering VACUUM
# moves max(rowid) too)
_INDEX_TOKEN = (
    "SELECT (SELECT count(*) || ' ' || coalesce(max(rowid), 0) FROM memory) || ' ' || "
    "coalesce((SELECT group_concat(id || '=' || file_hash || '=' || tag, ' ') FROM "
    "(SELECT id, file_hash, tag FROM decks ORDER BY id)), '')")
_ROW = ("SELECT m.rowid, m.card, m.state, m.due, m.stability, m.difficulty, m.lapses, m.suspended, "
        "m.retired FROM memory m")
SEP = "\n"  # between the id, question and answer of a card's text, and between its tags
RECENT = 24  # terms whose matches are kept: each keystroke narrows the last one's
FEW = 5000  # words matched at most this many cards: their is:/deck: filters run on those alone


def _tag(text: str) -> str:
    return "_".join(text.split())  # as the Anki export writes a tag: no whitespace


def _tags(deck_tag: str, claim: str, priority: str, retired: bool, own: Iterable[str]) -> str:
    """A card's tags as one casefolded text: the deck file's, then what the export adds
    (`<deck tag>::claim::<id>`, `<deck tag>::core` or `::detail`, `<deck tag>::retired`)."""
    root = _tag(deck_tag) or "trainer"
    tags = [*own, f"{root}::claim::{_tag(claim)}", f"{root}::{_tag(priority) or 'core'}"]
    if retired:
        tags.append(f"{root}::retired")
    return SEP.join(tags).casefold()


def _wildcards(term: Term) -> bool:
    """Whether a term's value holds a wildcard: * anywhere; _ (any one character) in tag: and
    topic:, where names hold underscores for spaces. In words, _ and % are themselves."""
    return "*" in term.value or (term.field != "text" and "_" in term.value)


def _regex(term: Term) -> re.Pattern[str]:
    """A wildcard term as a pattern: * any run of characters within one field or tag, _ any one."""
    parts = []
    for ch in term.value.casefold():
        if ch == "*":
            parts.append(f"[^{SEP}]*")
        elif ch == "_" and term.field != "text":
            parts.append(f"[^{SEP}]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def _value(term: Term) -> str:
    # tags hold no spaces: "lupus nephritis" is Lupus_nephritis
    return term.value.replace(" ", "_") if term.field == "tag" else term.value


class _Index:
    """Every card's text, topic and tags, casefolded, in deck order; `find` gives the positions
    (0-based, in deck order) of the cards a text, tag or topic term matches."""

    def __init__(self, token: str, rows: list[tuple[Any, ...]]):
        self.token = token
        self.rowids: list[int] = []
        self.texts: list[str] = []
        self.topics: list[str] = []
        self.tags: list[str] = []
        topics: dict[str, str] = {}
        own: dict[str, list[str]] = {}
        for rowid, card, claim, topic, question, answer, tags, priority, retired, deck_tag in rows:
            self.rowids.append(rowid)
            self.texts.append(f"{card}{SEP}{question}{SEP}{answer}".casefold())
            self.topics.append(topics.get(topic) or topics.setdefault(topic, topic.casefold()))
            if tags not in own:
                parsed = json.loads(tags)
                own[tags] = [str(t) for t in parsed] if isinstance(parsed, list) else []
            self.tags.append(_tags(deck_tag, claim, priority, bool(retired), own[tags]))
        self.positions = list(range(len(self.rowids)))  # shared by every list of matches
        self.recent: dict[tuple[str, str], list[int]] = {}
        self._by_topic: dict[str, list[int]] | None = None
        self._position_of: dict[int, int] | None = None

    def position_of(self, rowid: int) -> int | None:
        if self._position_of is None:
            self._position_of = {r: p for p, r in enumerate(self.rowids)}
        return self._position_of.get(rowid)

    def _scan_every(self, field: str, value: str) -> list[int]:
        """Positions of every card whose `field` holds `value` (plain text)."""
        if field == "topic":  # a few distinct topics: match those, then take their cards
            if self._by_topic is None:
                self._by_topic = {}
                for p, topic in enumerate(self.topics):
                    self._by_topic.setdefault(topic, []).append(p)
            runs = [ps for topic, ps in self._by_topic.items() if value in topic]
            return runs[0] if len(runs) == 1 else sorted(itertools.chain.from_iterable(runs))
        # the substring test on every card run by map and compress, with no Python loop of our
        # own: a quarter faster than a list comprehension (one NUL-joined text and str.find
        # were slower still where a word is common: one bisect per matching card)
        return list(itertools.compress(self.positions, map(operator.contains, self.columns(field),
                                                           itertools.repeat(value))))

    def columns(self, field: str) -> list[str]:
        return {"text": self.texts, "topic": self.topics, "tag": self.tags}[field]

    def find(self, term: Term, within: list[int] | None = None) -> list[int]:
        """Positions of the cards holding `term` (its negation ignored), ascending; only those
        in `within` (ascending too) when it is given."""
        key = (term.field, _value(term).casefold())
        hits = self.recent.pop(key, None)
        if hits is None:
            # a card holding "belimumab" holds "belim": typing narrows the last keystroke's matches
            plain = not _wildcards(Term(*key))
            base = min((h for (field, seen), h in self.recent.items() if plain and field == key[0]
                        and seen in key[1] and not _wildcards(Term(field, seen))),
                       key=len, default=self.positions)
            if within is not None and len(within) < len(base):
                return self._scan(key, within)  # part of the term's matches: not kept
            hits = self._scan(key, base)
        self.recent[key] = hits  # the most recent last
        if len(self.recent) > RECENT:
            del self.recent[next(iter(self.recent))]
        if within is None or within is self.positions:
            return hits
        inside = set(within)
        return [p for p in hits if p in inside]

    def _scan(self, key: tuple[str, str], within: list[int]) -> list[int]:
        field, value = key
        column = self.columns(field)
        if _wildcards(Term(field, value)):
            search = _regex(Term(field, value)).search
            return [p for p in within if search(column[p])]
        if within is self.positions:
            return self._scan_every(field, value)
        return [p for p in within if value in column[p]]

    def matching(self, terms: Sequence[Term]) -> list[int]:
        """Positions of the cards every term holds (or, negated, does not), ascending."""
        found = self.positions
        for term in sorted(terms, key=lambda t: t.negate):  # narrow first, then exclude
            hits = self.find(term, found)
            if term.negate:
                excluded = set(hits)
                found = [p for p in found if p not in excluded]
            else:
                found = hits
        return found


def _line(r: tuple[Any, ...], topic: str, question: str) -> CardLine:
    """A result row (rowid, card, state, due, stability, difficulty, lapses, suspended, retired)."""
    return CardLine(id=r[1], topic=topic, question=question, state=r[2], due=r[3], stability=r[4],
                    difficulty=r[5], lapses=r[6], suspended=bool(r[7]), retired=bool(r[8]))


class Search:
    """Finding cards for the browse screen."""

    def __init__(self, db: Database):
        self.db = db
        self._index: _Index | None = None
        self._seen: tuple[int, int] | None = None  # (data_version, total_changes) last checked
        # the memory rows each is:/deck: condition lets through, while nothing is written: each
        # keystroke of "is:due lupus" filters by the same condition
        self._allowed: dict[tuple[Any, ...], tuple[list[int], set[int]]] = {}

    def refresh(self) -> bool:
        """Rebuild the index if the decks or cards changed since it was built (True if it did).
        Checked only when some connection wrote since the last search, so typing costs nothing."""
        seen = (self.db.data_version(), self.db.conn.total_changes)
        if self._index is not None and seen == self._seen:
            return False
        self._seen = seen
        self._allowed.clear()  # any write may change which cards a filter lets through
        token = str(self.db.one(_INDEX_TOKEN))
        if self._index is not None and self._index.token == token:
            return False
        # a hundred thousand rows of small objects: the collector would walk them again and again
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._index = _Index(token, self.db.rows(_INDEX_ROWS))
        finally:
            if collecting:
                gc.enable()
        return True

    def cards(self, terms: Sequence[Term], *, now: int, due_before: int, today: int = 0,
              sort: str = "order", descending: bool = False, limit: int = 200,
              offset: int = 0) -> tuple[int, list[CardLine]]:
        """How many cards match every term, and `limit` of them from `offset` in `sort` order."""
        self.refresh()
        index = self._index
        assert index is not None
        words = [t for t in terms if t.field in ("text", "tag", "topic")]
        found = index.matching(words) if words else index.positions
        limit, offset = max(1, limit), max(0, offset)
        rest = [t for t in terms if t not in words]
        if not found:
            return 0, []
        where, params = _filters(rest, now, due_before, today)
        if sort == "order":
            # deck order is the index's own: the filters as a set of rows, the words matched in
            # memory, and SQL only for the rows on show
            if rest and len(found) <= FEW:
                # a few cards: SQL filters just those (no set of every card the filter passes)
                kept = {r[0] for r in self.db.rows(
                    f"SELECT m.rowid FROM memory m WHERE {' AND '.join(where)} "
                    "AND m.rowid IN (SELECT value FROM json_each(:hits))",
                    {**params, "hits": json.dumps([index.rowids[p] for p in found])})}
                found = [p for p in found if index.rowids[p] in kept]
            elif rest:
                ordered, allowed = self._allowed_positions(index, " AND ".join(where), params)
                if found is index.positions:
                    found = ordered
                elif len(found) <= len(ordered):
                    found = [p for p in found if p in allowed]
                else:
                    inside = set(found)
                    found = [p for p in ordered if p in inside]
            rows = self._rows([index.rowids[p] for p in found[offset:offset + limit]])
            return len(found), [_line(r, *texts) for r, texts in rows]
        if len(found) < len(index.positions):
            where.append("m.rowid IN (SELECT value FROM json_each(:hits))")
            params["hits"] = json.dumps([index.rowids[p] for p in found])
        condition = " AND ".join(where) or "1"
        order = SORTS[sort].format(dir="DESC" if descending else "ASC")
        total = int(self.db.one(f"SELECT count(*) FROM memory m WHERE {condition}", params))
        page = [r[0] for r in self.db.rows(
            f"SELECT m.rowid FROM memory m WHERE {condition} ORDER BY {order} "
            "LIMIT :limit OFFSET :offset", {**params, "limit": limit, "offset": offset})]
        return total, [_line(r, *texts) for r, texts in self._rows(page)]

    def _allowed_positions(self, index: _Index, condition: str,
                           params: dict[str, Any]) -> tuple[list[int], set[int]]:
        """The index positions of the cards `condition` lets through, ascending and as a set;
        kept until something is written (a filter on `now` is kept within the same second)."""
        key = (condition, *sorted(params.items()))
        allowed = self._allowed.get(key)
        if allowed is None:
            if len(self._allowed) >= RECENT:
                self._allowed.clear()
            rows = self.db.rows(f"SELECT m.rowid FROM memory m WHERE {condition}", params)
            ordered = sorted(p for p in map(index.position_of, (r[0] for r in rows)) if p is not None)
            allowed = (ordered, set(ordered))
            self._allowed[key] = allowed
        return allowed

    def _rows(self, rowids: list[int]) -> list[tuple[tuple[Any, ...], tuple[str, str]]]:
        """The memory rows of `rowids`, in that order, each with its card's (topic, question)."""
        if not rowids:
            return []
        rows = {r[0]: r for r in self.db.rows(f"{_ROW} WHERE m.rowid IN ({marks(len(rowids))})", rowids)}
        ids = [rows[i][1] for i in rowids if i in rows]
        texts = {r[0]: (r[1], r[2]) for r in self.db.rows(
            f"SELECT id, topic, coalesce(json_extract(data, '$.question'), '') FROM cards "
            f"WHERE id IN ({marks(len(ids))})", ids)}
        return [(rows[i], texts.get(rows[i][1], ("", ""))) for i in rowids if i in rows]


def _filters(terms: Sequence[Term], now: int, due_before: int,
             today: int) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on memory m for is: and deck: terms, with their parameters (`today`: the
    study day number)."""
    where: list[str] = []
    params: dict[str, Any] = {"now": now, "due_before": due_before, "today": today}
    for i, term in enumerate(terms):
        if term.field == "is":
            sql = IS_FILTERS[term.value]
        else:  # deck: its id or name, * any run of characters
            name = f"p{i}"
            sql = f"m.deck IN (SELECT id FROM decks WHERE id LIKE :{name} OR name LIKE :{name})"
            params[name] = "%" + term.value.replace("*", "%") + "%"
        where.append(f"NOT ({sql})" if term.negate else f"({sql})")
    return where, params
