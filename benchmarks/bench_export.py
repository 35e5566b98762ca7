"""Anki export of 100k notes: trainer's export_apkg against raw genanki writing the same notes, and the
import into real Anki.

Like with like: a claim is one Anki note holding up to three cards (question, fill-in, reverse),
so both sides write the same 100k claim notes making the same 250k cards: the same note type,
fields, tags and guids. The baseline gets its field text escaped in advance, so its time is
genanki's alone; ours includes building every field from the deck's cards.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

from common import median, ms, table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.deckmodel import Deck, DeckInfo, Stamp  # noqa: E402
from trainer.model import Card, Source  # noqa: E402

TOPICS = ("Hydroxychloroquine", "Glucocorticoids", "Immunosuppressants", "Biologics", "Lupus nephritis",
          "Pregnancy", "Pipeline", "Cardiovascular risk")
T0 = 1_700_000_000


def synthetic_deck(n: int) -> Deck:
    """About n cards shaped like real ones, in claims of a question and a fill-in card, every other
    claim with a reverse card too (2.5 cards a claim): a 15-word question, a short answer, one or
    two sources, an extra line on half of them."""
    from trainer.export.notetype import notetype_hash

    refs = [Source(ref=i, short=f"Author{i} et al. {1990 + i % 30}",
                   citation=f"Author{i} A, Writer B, Third C. A study of treatment number {i} in "
                            f"systemic lupus erythematosus. Lupus {1990 + i % 30};{i}(2):{i}-{i + 9}.",
                   doi=f"10.1000/lupus.{i}", url=f"https://doi.org/10.1000/lupus.{i}") for i in range(1, 301)]
    cards: list[Card] = []
    i = 0
    while len(cards) < n:
        claim, topic = f"claim-{i:06d}", TOPICS[i % len(TOPICS)]
        sources = (refs[i % 300],) if i % 3 else (refs[i % 300], refs[(i * 7) % 300])
        answer = f"drug number {i}"
        statement = f"In cohort {i}, {answer} at a dose < {i % 40} mg/day lowers flares & relapses."
        common = dict(claim=claim, topic=topic, tags=(f"SLE::{topic.replace(' ', '_')}",),
                      refs=tuple(s.ref for s in sources), sources=sources, changed_at=T0 + i,
                      extra=f"Context line for claim {i}." if i % 2 else "")
        cards.append(Card(id=f"{claim}/qa", kind="qa", content_hash=f"{i:015x}0", **common,
                          question=f"Which drug, given at a dose < {i % 40} mg/day, lowers flares in SLE "
                                   f"patients of cohort {i} & their relatives?", answer=answer))
        cards.append(Card(id=f"{claim}/cloze", kind="cloze", content_hash=f"{i:015x}1", **common,
                          question=statement.replace(answer, "[...]"), answer=statement,
                          cloze=statement.replace(answer, "{{c1::" + answer + "}}")))
        if i % 2 == 0 and len(cards) < n:
            cards.append(Card(id=f"{claim}/reverse", kind="reverse", content_hash=f"{i:015x}2", **common,
                              question=answer, answer=statement))
        i += 1
    return Deck(info=DeckInfo(id="bench", name="SLE benchmark", tag="SLE"), cards=tuple(cards[:n]), quiz=(),
                notetype=Stamp(notetype_hash(), T0))


def raw_genanki(notes: list[tuple], path: Path) -> None:
    """What a plain genanki script does with the same notes: same model, fields, tags and guids."""
    import genanki

    from trainer.export.apkg import claim_model

    model = claim_model()
    deck = genanki.Deck(1234567890, "SLE benchmark")
    for guid, values, tags in notes:
        deck.add_note(genanki.Note(model=model, fields=list(values), tags=tags, guid=guid))
    genanki.Package(deck).write_to_file(str(path))


def prepared_notes(deck: Deck) -> list[tuple]:
    """Field text for the baseline, escaped in advance so that its timing is genanki's alone."""
    from trainer.export import note_specs

    return [(s.guid, s.fields, list(s.tags)) for s in note_specs([deck])]


def timed(fn, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def timed_export(deck: Deck, path: Path):
    from trainer.export.apkg import export_apkg

    gc.collect()
    start = time.perf_counter()
    result = export_apkg([deck], path)
    return result, time.perf_counter() - start


def import_seconds(path: Path, work: Path, i: int) -> tuple[float, int]:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(work / f"import-{i}.anki2"))
    try:
        start = time.perf_counter()
        log = col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(path), options=ImportAnkiPackageOptions())).log
        return time.perf_counter() - start, len(log.new)
    finally:
        col.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=250_000,
                        help="cards in the synthetic deck (2.5 a claim note: 100k notes by default)")
    parser.add_argument("--runs", type=int, default=5, help="paired runs (after one warm-up pair)")
    parser.add_argument("--imports", type=int, default=2, help="imports into a fresh Anki collection")
    args = parser.parse_args()

    deck = synthetic_deck(args.cards)
    baseline = prepared_notes(deck)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        tempfile.tempdir = tmp  # genanki never deletes its temporary database: keep it in here
        ours_path, raw_path = work / "ours.apkg", work / "raw.apkg"
        ours, raw = [], []
        result = None
        for run in range(args.runs + 1):  # alternate, so drift in machine load hits both alike
            # and in turn first: whichever runs second meets the first one's file writes still
            # being flushed to disk, and its freed memory
            if run % 2:
                t_raw = timed(raw_genanki, baseline, raw_path)
            result, t_ours = timed_export(deck, ours_path)
            if not run % 2:
                t_raw = timed(raw_genanki, baseline, raw_path)
            for left in set(work.iterdir()) - {ours_path, raw_path}:
                left.unlink()  # genanki's temporary database (it never deletes it), not timed
            if run:  # the first pair warms caches
                ours.append(t_ours)
                raw.append(t_raw)
        ratios = [a / b for a, b in zip(ours, raw, strict=True)]
        imports = [import_seconds(ours_path, work, i) for i in range(args.imports)]
        raw_cards = anki_cards(raw_path, work)
        sizes = ours_path.stat().st_size, raw_path.stat().st_size
        tempfile.tempdir = None
    assert result is not None and raw_cards == result.cards, (raw_cards, result.cards)  # like with like
    n = f"{args.cards // 1000}k" if args.cards >= 1000 else str(args.cards)
    mb = [f"{size / 1e6:.1f} MB" for size in sizes]
    what = f"{result.notes // 1000}k claim notes, {result.cards // 1000}k cards"
    rows = [
        [f"trainer export_apkg, {n} cards ({what})", ms(median(ours)), ms(min(ours)), mb[0], ""],
        [f"raw genanki, the same {what} (baseline)", ms(median(raw)), ms(min(raw)), mb[1], ""],
        ["ratio, median of paired runs", f"{median(ratios):.2f}x", f"{min(ratios):.2f}x", "",
         f"<= 1.0x: {'met' if median(ratios) <= 1.0 else 'MISSED'}"],
    ]
    if imports:  # --imports 0: the export alone
        seconds = [t for t, _ in imports]
        rows.append([f"import into real Anki (new notes: {imports[0][1]})", ms(median(seconds)),
                     ms(min(seconds)), "", "reported"])
    print(table(f"Anki export ({args.runs} paired runs after a warm-up, {args.imports} imports)",
                ["measure", "median", "min", "file", "goal"], rows))


def anki_cards(path: Path, work: Path) -> int:
    """How many cards a package holds (genanki decides a note's cards from its templates)."""
    import sqlite3
    import zipfile

    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", work / "count")
    conn = sqlite3.connect(work / "count" / "collection.anki2")
    try:
        return conn.execute("SELECT count() FROM cards").fetchone()[0]
    finally:
        conn.close()


if __name__ == "__main__":
    main()
