"""Reviews done in Anki brought back: merged into the log, each card's memory replayed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

from trainer.ankifile import AnkiCollection, classify, map_cards, read_anki
from trainer.collector import collector_paused
from trainer.days import Calendar, DaySpan
from trainer.forked import Ahead
from trainer.replay import exact
from trainer.schedule import NEW, RELEARNING, REVIEW, Memory, SchedulerConfig
from trainer.store import Store
from trainer.store.reviews import Answer, MergeRows, Planned, StoredCard
from trainer.store.schema import KIND_CRAM, KIND_EARLY, KIND_LEARN, KIND_RELEARN, KIND_REVIEW
from trainer.studysettings import StudySettings

# answers per transaction, in whole cards: ten transactions for a year of Anki, not one per
# few cards (each commit rewrote the log's index pages: half the import went into commits),
# and each short enough that a grade in another window waits a third of a second at most
# (25k answers saved a tenth of the import and held the lock for 0.9 s)
CHUNK = 10_000


class Days(Protocol):
    """Study days as a replay asks them (a Calendar, or a DaySpan of it)."""

    def day_of(self, unix_seconds: int) -> int: ...

    def end(self, day: int) -> int: ...


@dataclass
class ImportReport:
    """What one import did."""

    path: str
    added: int = 0  # answers new to the log
    already: int = 0  # answers a previous import brought in
    cards: int = 0  # cards whose memory was replayed
    claim_notes: int = 0  # Anki notes of our claim note type
    card_notes: int = 0  # notes of the retired one-note-per-card types
    unknown_notes: int = 0  # notes that are not ours
    not_ours: int = 0  # reviews of cards that are not ours
    skipped: dict[str, int] = field(default_factory=dict)  # entries that are not answers, by kind

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "reviews_added": self.added, "reviews_already_imported": self.already,
                "cards": self.cards, "claim_notes": self.claim_notes, "card_notes": self.card_notes,
                "unrecognised_notes": self.unknown_notes, "reviews_not_ours": self.not_ours,
                "skipped": self.skipped}


def kind_of(before: Memory, reviewed_at: int, day: int, days: Days) -> str:
    """How an answer given at `reviewed_at` (unix seconds) on study day `day` stands, from the
    memory it met (as study.Session names its own answers)."""
    if before.state == REVIEW:
        # early: due on a later study day, i.e. at or after the end of the answer's day (asked
        # of the answer's day, not the due one's: answers cluster in a few days, due dates
        # spread over years)
        early = before.due is not None and before.due > reviewed_at and before.due >= days.end(day)
        return KIND_EARLY if early else KIND_REVIEW
    return KIND_RELEARN if before.state == RELEARNING else KIND_LEARN


def changed(stored: tuple[Any, ...], state: int, kind: str, before: str, after: str) -> bool:
    """Whether a logged answer's (prev_state, kind, memory before, memory after) differ from its
    replay: by text, then by value (a row logged before schema v7 holds its memories as JSON
    objects, and an import rewrites none it leaves as they were)."""
    if stored[:4] == (state, kind, before, after):
        return False
    return stored[:2] != (state, kind) or Memory.from_json(stored[2]) != Memory.from_json(before) \
        or Memory.from_json(stored[3]) != Memory.from_json(after)


NEW_MEMORY = Memory()
NEW_JSON = NEW_MEMORY.to_json()


class Planner:
    """What a merge writes for each card: its whole history (its own log and the answers coming
    in) replayed in time order with our scheduler, fuzz off, so the result is the same on every
    machine. New answers become log rows; stored ones are rewritten only where the replay
    changed them; the card's memory becomes the replay's last. One loop replays, names and
    encodes each answer: an import goes through it a hundred thousand times."""

    def __init__(self, config_of: Callable[[str], SchedulerConfig], days: Days):
        self.config_of, self.days = config_of, days

    def rows(self, incoming: dict[str, list[Answer]], stored: dict[str, StoredCard]) -> MergeRows:
        """The rows for some cards at once, from what the store held of them."""
        out = MergeRows()
        for card_id, answers in incoming.items():
            self(card_id, stored[card_id], answers, out)
        return out

    def __call__(self, card_id: str, card: StoredCard, answers: list[Answer], out: MergeRows) -> None:
        log = card.log
        have = {r[5] for r in log if r[5] is not None}  # Anki's ids the log holds already
        fresh = [a for a in answers if a.anki_id not in have] if have else answers
        if not fresh:
            return
        if log:  # ours first within the same millisecond: our id orders them, Anki's after
            history = sorted([Answer(*r[:7]) for r in log] + fresh,
                             key=lambda a: (a.reviewed_at, a.id == 0, a.id))
        else:  # Anki's answers alone, the same order by a key that costs no Python call
            history = sorted(fresh, key=attrgetter("reviewed_at"))
        stored = {r[0]: (r[6], r[4], r[7], r[8], r[9]) for r in log}  # prev_state, kind, before, after, day
        review = exact(self.config_of(card_id)).review  # schedule.review's arithmetic, no fsrs objects
        days, topic, deck, claim = self.days, card.topic, card.deck, card.claim
        add, insert, update = out.sums.add, out.inserts.append, out.updates.append
        memory, before = NEW_MEMORY, NEW_JSON  # each memory is encoded once, though the log holds it twice
        for id_, rating, at, duration, kind, anki_id, prev_state in history:
            if prev_state == NEW and memory.state != NEW:
                memory, before = NEW_MEMORY, NEW_JSON  # the card was reset (browse) before it: so it stays
            sec = at // 1000
            day = days.day_of(sec) if id_ == 0 else stored[id_][4]  # a logged answer has its day
            if kind == KIND_CRAM:  # a cram answer leaves the memory as it was
                after, after_json, new_kind = memory, before, KIND_CRAM
            else:
                after = review(memory, rating, at)
                after_json = after.to_json()
                new_kind = kind_of(memory, sec, day, days)
            if id_ == 0:
                add(day, topic, rating, new_kind, +1)
                insert((card_id, deck, claim, rating, at, day, duration, memory.state, new_kind,
                        before, after_json, anki_id))
            else:
                was = stored[id_]
                if changed(was, memory.state, new_kind, before, after_json):
                    update((memory.state, new_kind, before, after_json, id_))
                    add(was[4], topic, rating, kind, -1)
                    add(was[4], topic, rating, new_kind, +1)
            memory, before = after, after_json
        m = memory  # the replayed memory, with the card's own suspension and burial
        out.memories.append((m.state, m.step, m.stability, m.difficulty, m.due, m.last_review,
                             m.reps, m.lapses, card.suspended, card.buried_until, card_id))


def chunks(incoming: dict[str, list[Answer]], size: int) -> list[dict[str, list[Answer]]]:
    """The cards in order, cut into groups of about `size` answers (a card is never split)."""
    out: list[dict[str, list[Answer]]] = [{}]
    count = 0
    for card in sorted(incoming):
        if count >= size:
            out.append({})
            count = 0
        out[-1][card] = incoming[card]
        count += len(incoming[card])
    return [chunk for chunk in out if chunk]


class MergeStopped(KeyboardInterrupt):
    """Ctrl+C in the middle of a merge: what was kept by then (every card of the transactions
    before; none of the one under way)."""

    def __init__(self, added: int, cards: int):
        super().__init__(added, cards)
        self.added, self.cards = added, cards


# what a merge reports after each transaction: answers merged so far, answers in all
Progress = Callable[[int, int], None]


def merge(store: Store, incoming: dict[str, list[Answer]],
          config_of: Callable[[str], SchedulerConfig], cal: Calendar,
          progress: Progress | None = None) -> int:
    """Merge answers from elsewhere, card by card, in transactions of whole cards (CHUNK
    answers or so each); each card's memory is replayed with its deck's config. Interrupted
    (MergeStopped), the store holds every card of the chunks before and none of the rest.
    Returns how many answers were added."""
    # the span from each card's first and last answers: all of them when each card's come in
    # time order (Anki's do), and a day outside it is still right, asked of the calendar
    ends = [(answers[0].reviewed_at, answers[-1].reviewed_at) for answers in incoming.values() if answers]
    if not ends:
        return 0
    first, last = min(e[0] for e in ends) // 1000, max(e[1] for e in ends) // 1000
    plan = Planner(config_of, DaySpan(cal, first, last))
    total, added, cards = sum(len(answers) for answers in incoming.values()), 0, 0
    with closing(_planned_ahead(store, chunks(incoming, CHUNK), plan)) as batches:
        try:
            for chunk, planned in batches:
                added += store.merge.card_batch(chunk, plan.rows, planned)
                cards += len(chunk)
                if progress:
                    progress(added, total)
        except KeyboardInterrupt:
            raise MergeStopped(added, cards) from None
        finally:
            store.db.checkpoint()  # the batches' log folded back in one pass
    return added


def _planned_ahead(store: Store, batches: list[dict[str, list[Answer]]], plan: Planner
                   ) -> Generator[tuple[dict[str, list[Answer]], Planned | None], None, None]:
    """Each chunk, with the rows a second process planned for it while the chunk before was
    written (None: card_batch plans it itself). The replay is pure Python and SQLite writes in
    C, so on two cores they no longer take turns. The child is given what the store holds of
    the chunk's cards, and card_batch takes its rows only if the cards still hold the same
    under the write lock."""
    ahead = Ahead(lambda i, stored: plan.rows(batches[i], stored)) if len(batches) > 1 else None
    if ahead is None:
        yield from ((chunk, None) for chunk in batches)
        return
    with ahead:
        sent = store.merge.stored(batches[1])
        ahead.start(1, sent)
        yield batches[0], None  # planned here, while the child plans the next
        for i in range(1, len(batches)):
            # what the store holds of the chunk after, read while the child still plans this one
            then = (i + 1, store.merge.stored(batches[i + 1])) if i + 1 < len(batches) else None
            rows = ahead.result(then)
            yield batches[i], None if rows is None else (sent, rows)
            sent = then[1] if then else {}


def import_reviews(store: Store, path: Path | AnkiCollection, cal: Calendar,
                   progress: Progress | None = None) -> ImportReport:
    """Merge the answers an Anki collection or package holds for our cards (`path`, or what
    read_anki read from it). Reads the file without writing a byte to it; a second import of
    the same file adds nothing."""
    with collector_paused():
        collection = path if isinstance(path, AnkiCollection) else read_anki(path)
        return _import(store, collection, cal, progress)


def _import(store: Store, collection: AnkiCollection, cal: Calendar,
            progress: Progress | None) -> ImportReport:
    decks = store.cards.decks_of()
    card_map = map_cards(collection, decks)
    found = classify(collection.reviews, card_map)
    known = store.merge.known_anki_ids()
    incoming: dict[str, list[Answer]] = defaultdict(list)
    already = 0
    for mapped in found.kept:
        r = mapped.review
        if r.id in known:
            already += 1
            continue
        incoming[mapped.card_id].append(Answer(0, r.ease, r.id, max(0, r.time), KIND_REVIEW, r.id))
    configs = {deck: StudySettings.load(store, deck).scheduler for deck in set(decks.values())}
    added = merge(store, incoming, lambda card: configs[decks[card]], cal, progress)
    return ImportReport(str(collection.path), added=added, already=already, cards=len(incoming),
                        claim_notes=card_map.claim_notes, card_notes=card_map.card_notes,
                        unknown_notes=card_map.unknown_notes, not_ours=found.not_ours,
                        skipped=found.skipped)
