"""Reviews done in Anki brought back: merged into the log, each card's memory replayed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from trainer.ankifile import AnkiCollection, classify, map_cards, read_anki
from trainer.collector import collector_paused
from trainer.days import Calendar
from trainer.replay import exact
from trainer.schedule import NEW, RELEARNING, REVIEW, Memory, SchedulerConfig
from trainer.store import Store
from trainer.store.reviews import Answer, Replayed
from trainer.store.schema import KIND_CRAM, KIND_EARLY, KIND_LEARN, KIND_RELEARN, KIND_REVIEW
from trainer.studysettings import StudySettings

# answers per transaction, in whole cards: ten transactions for a year of Anki, not one per
# few cards (each commit rewrote the log's index pages: half the import went into commits),
# and each short enough that a grade in another window waits a third of a second at most
# (25k answers saved a tenth of the import and held the lock for 0.9 s)
CHUNK = 10_000


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


def kind_of(before: Memory, reviewed_at: int, cal: Calendar) -> str:
    """How an answer stands, from the memory it met (as study.Session names its own answers)."""
    if before.state == REVIEW:
        # early: due on a later study day, i.e. at or after the end of the answer's day (asked
        # of the answer's day, not the due one's: answers cluster in a few days, due dates
        # spread over years, and each new quarter hour asked costs the zone's rules a lookup)
        early = before.due is not None and before.due > reviewed_at and \
            before.due >= cal.end(cal.day_of(reviewed_at))
        return KIND_EARLY if early else KIND_REVIEW
    return KIND_RELEARN if before.state == RELEARNING else KIND_LEARN


def replay(history: list[Answer], config: SchedulerConfig, cal: Calendar) -> list[Replayed]:
    """A card's memory through its whole history, in time order, with our scheduler (fuzz off,
    so the result is the same on every machine). Cram answers leave the memory as it was."""
    review = exact(config).review  # schedule.review's arithmetic without its fsrs objects
    memory, out = Memory(), []
    for _, rating, reviewed_at, _, kind, _, prev_state in history:
        if prev_state == NEW and memory.state != NEW:
            memory = Memory()  # the card was reset (browse) before this answer: so it stays
        if kind == KIND_CRAM:
            out.append(Replayed(memory, memory, KIND_CRAM))
            continue
        after = review(memory, rating, reviewed_at)
        out.append(Replayed(memory, after, kind_of(memory, reviewed_at // 1000, cal)))
        memory = after
    return out


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


def merge(store: Store, incoming: dict[str, list[Answer]],
          config_of: Callable[[str], SchedulerConfig], cal: Calendar) -> int:
    """Merge answers from elsewhere, card by card, in transactions of whole cards (CHUNK
    answers or so each); each card's memory is replayed with its deck's config. Interrupted,
    the store holds every card of the chunks before and none of the rest. Returns how many
    answers were added."""
    added = 0
    try:
        for chunk in chunks(incoming, CHUNK):
            added += store.merge.card_batch(
                chunk, cal.day_of, lambda card, history: replay(history, config_of(card), cal))
    finally:
        store.db.checkpoint()  # the batches' log folded back in one pass
    return added


def import_reviews(store: Store, path: Path | AnkiCollection, cal: Calendar) -> ImportReport:
    """Merge the answers an Anki collection or package holds for our cards (`path`, or what
    read_anki read from it). Reads the file without writing a byte to it; a second import of
    the same file adds nothing."""
    with collector_paused():
        collection = path if isinstance(path, AnkiCollection) else read_anki(path)
        return _import(store, collection, cal)


def _import(store: Store, collection: AnkiCollection, cal: Calendar) -> ImportReport:
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
    added = merge(store, incoming, lambda card: configs[decks[card]], cal)
    return ImportReport(str(collection.path), added=added, already=already, cards=len(incoming),
                        claim_notes=card_map.claim_notes, card_notes=card_map.card_notes,
                        unknown_notes=card_map.unknown_notes, not_ours=found.not_ours,
                        skipped=found.skipped)
