"""Reviews done in Anki brought back: merged into the log, each card's memory replayed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from trainer.ankifile import classify, map_cards, read_anki
from trainer.days import Calendar
from trainer.model import Rating
from trainer.schedule import NEW, RELEARNING, REVIEW, Memory, SchedulerConfig, review
from trainer.store import Store
from trainer.store.reviews import Answer, Replayed
from trainer.store.schema import KIND_CRAM, KIND_EARLY, KIND_LEARN, KIND_RELEARN, KIND_REVIEW
from trainer.studysettings import StudySettings

BATCH = 200  # cards per transaction: a grade in another window never waits long


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
        early = before.due is not None and cal.day_of(before.due) > cal.day_of(reviewed_at)
        return KIND_EARLY if early else KIND_REVIEW
    return KIND_RELEARN if before.state == RELEARNING else KIND_LEARN


def replay(history: list[Answer], config: SchedulerConfig, cal: Calendar) -> list[Replayed]:
    """A card's memory through its whole history, in time order, with our scheduler (fuzz off,
    so the result is the same on every machine). Cram answers leave the memory as it was."""
    exact = replace(config, fuzz=False)
    memory, out = Memory(), []
    for answer in history:
        if answer.prev_state == NEW and memory.state != NEW:
            memory = Memory()  # the card was reset (browse) before this answer: so it stays
        if answer.kind == KIND_CRAM:
            out.append(Replayed(memory, memory, KIND_CRAM))
            continue
        at = datetime.fromtimestamp(answer.reviewed_at / 1000, UTC)
        after = review(memory, Rating(answer.rating), at, exact)
        out.append(Replayed(memory, after, kind_of(memory, answer.reviewed_at // 1000, cal)))
        memory = after
    return out


def import_reviews(store: Store, path: Path, cal: Calendar) -> ImportReport:
    """Merge the answers an Anki collection or package holds for our cards. Reads the file
    without writing a byte to it; a second import of the same file adds nothing."""
    collection = read_anki(path)
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
    added = 0
    cards = sorted(incoming)
    for start in range(0, len(cards), BATCH):
        batch = {c: incoming[c] for c in cards[start:start + BATCH]}
        added += store.merge.card_batch(
            batch, cal.day_of, lambda card, history: replay(history, configs[decks[card]], cal))
    return ImportReport(str(path), added=added, already=already, cards=len(cards),
                        claim_notes=card_map.claim_notes, card_notes=card_map.card_notes,
                        unknown_notes=card_map.unknown_notes, not_ours=found.not_ours,
                        skipped=found.skipped)
