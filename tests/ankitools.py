"""Driving the real Anki backend in tests: collections, imports, study with the v3 scheduler, exports."""

from __future__ import annotations

import hashlib
from pathlib import Path

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.scheduler.v3 import CardAnswer

from trainer.deckmodel import Deck


def new_collection(folder: Path) -> Collection:
    """A fresh profile: <folder>/collection.anki2."""
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_apkg(col: Collection, path: Path):
    """What a double-click does: import with Anki's default options; returns the import log."""
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def study(col: Collection, deck_name: str, answers: int, rating=CardAnswer.GOOD) -> list[int]:
    """Answer up to `answers` cards of a deck as Anki's v3 scheduler queues them; their Anki card ids."""
    col.decks.select(col.decks.id_for_name(deck_name))
    done = []
    for _ in range(answers):
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            break
        top = queued.cards[0]
        card = col.get_card(top.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=rating))
        done.append(card.id)
    return done


def answer(col: Collection, card_id: int, rating=CardAnswer.GOOD) -> None:
    """Answer one given card now, as the v3 scheduler would (whatever its place in the queue)."""
    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))


def cram(col: Collection, search: str, answers: int) -> list[int]:
    """Answer cards in a filtered deck with rescheduling off (Anki logs them without a schedule)."""
    filtered = col.sched.get_or_create_filtered_deck(0)
    filtered.name = "Cram"
    filtered.config.reschedule = False
    filtered.config.search_terms[0].search = search
    filtered.config.search_terms[0].limit = answers
    deck_id = col.sched.add_or_update_filtered_deck(filtered).id
    done = study(col, "Cram", answers)
    col.sched.empty_filtered_deck(deck_id)
    return done


def export_apkg_with_scheduling(col: Collection, path: Path, scheduling: bool = True) -> Path:
    options = ExportAnkiPackageOptions(with_scheduling=scheduling, with_deck_configs=scheduling,
                                       with_media=False, legacy=False)
    col.export_anki_package(out_path=str(path), options=options, limit=None)
    return path


def notetype(col: Collection, notetype_id: int) -> dict:
    """A note type as the collection holds it now (pylib caches note types it has handed out,
    and an import that updates one does not clear that cache)."""
    col.models._clear_cache()
    return col.models.get(notetype_id)


def folder_state(folder: Path) -> dict[str, str]:
    """Every file of a folder (not its subfolders) with the sha256 of its bytes."""
    files = (p for p in sorted(folder.iterdir()) if p.is_file())
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def mini_profile(root: Path) -> tuple[Collection, Deck]:
    """A fresh Anki profile under `root` holding our export of the mini fixture deck."""
    from tests.seedtools import FIXTURES
    from trainer.decks import load_deck
    from trainer.export.apkg import export_apkg

    deck = load_deck(FIXTURES / "golden" / "mini.json")
    export_apkg([deck], root / "mini.apkg")
    col = new_collection(root / "profile")
    import_apkg(col, root / "mini.apkg")
    return col, deck
