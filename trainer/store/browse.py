"""Card search for browse: the trigram index, the query builder, sorting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trainer.schedule import LEARNING, LEECH_LAPSES, NEW, RELEARNING, REVIEW
from trainer.store.base import SHOWABLE, Database
from trainer.store.records import CardLine, Term

# what each is: filter means; every one but is:retired is about cards still in their deck
IS_FILTERS = {
    "due": f"m.state != {NEW} AND m.due < :due_before AND {SHOWABLE}",
    "new": f"m.state = {NEW} AND NOT m.retired",
    "learn": f"m.state IN ({LEARNING}, {RELEARNING}) AND NOT m.retired",
    "review": f"m.state = {REVIEW} AND NOT m.retired",
    "suspended": "m.suspended AND NOT m.retired",
    "buried": "m.buried_until > :now AND NOT m.retired",
    "leech": f"m.lapses >= {LEECH_LAPSES} AND NOT m.retired",
    "retired": "m.retired",
}

# new cards have no due, stability or difficulty: they sort last either way
SORTS = {
    "order": "m.deck, m.position",
    "due": "m.due IS NULL, m.due {dir}, m.deck, m.position",
    "stability": "m.stability IS NULL, m.stability {dir}, m.deck, m.position",
    "difficulty": "m.difficulty IS NULL, m.difficulty {dir}, m.deck, m.position",
    "lapses": "m.lapses {dir}, m.deck, m.position",
}

# one search row per card: its id, topic, tags joined by spaces (a tag never holds one), and
# one text of id, question and answer (a single column, so one phrase query covers all three)
_SEARCH_ROWS = (
    "SELECT m.rowid, c.id, c.topic, coalesce((SELECT group_concat(value, ' ') FROM "
    "json_each(c.data, '$.tags')), ''), c.id || char(10) || "
    "coalesce(json_extract(c.data, '$.question'), '') || char(10) || "
    "coalesce(json_extract(c.data, '$.answer'), '') FROM memory m JOIN cards c ON c.id = m.card")
# what the index was built from: the deck files and the memory rows (a renumbering VACUUM
# moves max(rowid) too)
_SEARCH_TOKEN = (
    "SELECT (SELECT count(*) || ' ' || coalesce(max(rowid), 0) FROM memory) || ' ' || "
    "coalesce((SELECT group_concat(id || '=' || file_hash, ' ') FROM "
    "(SELECT id, file_hash FROM decks ORDER BY id)), '')")


_IN_SEARCH = "m.rowid IN (SELECT rowid FROM card_search WHERE {})"
_COLUMNS = {"text": "text", "tag": "tags", "topic": "topic"}


def _phrase(column: str, value: str) -> str:
    """An FTS5 query for `value` as a substring of `column` (the trigram tokenizer)."""
    return "{" + column + "} : \"" + value.replace('"', '""') + '"'


def _words(term: Term, name: str) -> tuple[bool, str, str]:
    """A text, tag or topic term as a condition on card_search: (whether it is a MATCH, the
    condition, its :name parameter). Words match anywhere, ignoring case; in tag: and topic:
    * is any run of characters and _ any one. A phrase MATCH reads only the index; LIKE (for
    wildcards, or text too short to hold a trigram) reads each row's text."""
    column, value = _COLUMNS[term.field], term.value
    wildcards = term.field != "text"
    if term.field == "tag":
        value = value.replace(" ", "_")  # tags hold no spaces: "lupus nephritis" is Lupus_nephritis
    if len(value) >= 3 and not (wildcards and any(ch in value for ch in "*%_")):
        return True, f"card_search MATCH :{name}", _phrase(column, value)
    if wildcards:
        return False, f"{column} LIKE :{name}", "%" + value.replace("*", "%") + "%"
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return False, f"{column} LIKE :{name} ESCAPE '\\'", f"%{escaped}%"


def _hits(found: list[tuple[bool, str]]) -> str:
    """The cards every positive word, tag and topic term holds, searched once per query. The
    MATCHes go first; a LIKE after them is kept out of the index (+), so it only checks the
    rows they found instead of reading every card's text."""
    found = sorted(found, key=lambda f: not f[0])
    conditions = [c if match or not found[0][0] else "+" + c for match, c in found]
    return f"WITH hits AS MATERIALIZED (SELECT rowid FROM card_search WHERE {' AND '.join(conditions)}) "


def _query(terms: Sequence[Term], now: int, due_before: int) -> tuple[str, str, dict]:
    """(WITH clause, WHERE clause, parameters) for cards matching every term."""
    clauses, found = [], []
    params: dict[str, Any] = {"now": now, "due_before": due_before}
    for i, term in enumerate(terms):
        name = f"p{i}"
        if term.field == "is":
            sql = IS_FILTERS[term.value]
        elif term.field == "deck":
            sql = f"m.deck IN (SELECT id FROM decks WHERE id LIKE :{name} OR name LIKE :{name})"
            params[name] = "%" + term.value.replace("*", "%") + "%"
        else:
            match, sql, params[name] = _words(term, name)
            if not term.negate:
                found.append((match, sql))
                continue
            sql = _IN_SEARCH.format(sql)
        clauses.append(f"NOT ({sql})" if term.negate else f"({sql})")
    if not found:
        return "", " AND ".join(clauses) or "1", params
    return _hits(found), " AND ".join(["m.rowid IN hits", *clauses]), params


def _line(r: tuple[Any, ...], topic: str, question: str) -> CardLine:
    """A result row (count, card, state, due, stability, difficulty, lapses, suspended, retired)."""
    return CardLine(id=r[1], topic=topic, question=question, state=r[2], due=r[3], stability=r[4],
                    difficulty=r[5], lapses=r[6], suspended=bool(r[7]), retired=bool(r[8]))


class Search:
    """Finding cards for the browse screen."""

    def __init__(self, db: Database):
        self.db = db


    def refresh(self) -> bool:
        """Rebuild the search index if the decks or cards changed since it was built (True if
        it did). Lazy, so deck sync never pays for it; a few ms on a real collection."""
        if self.db.one("SELECT token FROM card_search_state") == self.db.one(_SEARCH_TOKEN):
            return False
        with self.db.write() as c:
            c.execute("DELETE FROM card_search")
            c.execute(f"INSERT INTO card_search (rowid, cid, topic, tags, text) {_SEARCH_ROWS}")
            c.execute("DELETE FROM card_search_state")
            c.execute(f"INSERT INTO card_search_state (token) {_SEARCH_TOKEN}")
        return True

    def cards(self, terms: Sequence[Term], *, now: int, due_before: int,
                     sort: str = "order", descending: bool = False,
                     limit: int = 200) -> tuple[int, list[CardLine]]:
        """How many cards match every term, and the first `limit` of them in `sort` order,
        from one statement: the text search runs once for both."""
        self.refresh()
        hits, where, params = _query(terms, now, due_before)
        order = SORTS[sort].format(dir="DESC" if descending else "ASC")
        rows = self.db.conn.execute(
            f"{hits}SELECT (SELECT count(*) FROM memory m WHERE {where}), m.card, m.state, m.due, "
            "m.stability, m.difficulty, m.lapses, m.suspended, m.retired FROM memory m "
            f"WHERE {where} ORDER BY {order} LIMIT :limit",
            {**params, "limit": max(1, limit)}).fetchall()
        texts = self._card_texts([r[1] for r in rows])
        return (rows[0][0] if rows else 0,
                [_line(r, *texts.get(r[1], ("", ""))) for r in rows])

    def _card_texts(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """card id -> (topic, question), for the rows on show only."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {r[0]: (r[1], r[2]) for r in self.db.conn.execute(
            f"SELECT id, topic, json_extract(data, '$.question') FROM cards WHERE id IN ({marks})",
            ids)}
