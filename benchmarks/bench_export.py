"""Anki export of 100k cards: trainer's export_apkg against raw genanki, and the import into real Anki."""

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

from trainer.model import Card, Deck, DeckInfo, Source  # noqa: E402

TOPICS = ("Hydroxychloroquine", "Glucocorticoids", "Immunosuppressants", "Biologics", "Lupus nephritis",
          "Pregnancy", "Pipeline", "Cardiovascular risk")


def synthetic_deck(n: int) -> Deck:
    """n qa cards shaped like real ones: a 15-word question, a short answer, one or two sources."""
    refs = [Source(ref=i, short=f"Author{i} et al. {1990 + i % 30}",
                   citation=f"Author{i} A, Writer B, Third C. A study of treatment number {i} in "
                            f"systemic lupus erythematosus. Lupus {1990 + i % 30};{i}(2):{i}-{i + 9}.",
                   doi=f"10.1000/lupus.{i}", url=f"https://doi.org/10.1000/lupus.{i}") for i in range(1, 301)]
    cards = []
    for i in range(n):
        claim = f"claim-{i:06d}"
        sources = (refs[i % 300],) if i % 3 else (refs[i % 300], refs[(i * 7) % 300])
        cards.append(Card(
            id=f"{claim}/qa", claim=claim, kind="qa", topic=TOPICS[i % len(TOPICS)],
            question=f"Which drug, given at a dose < {i % 40} mg/day, lowers flares in SLE patients "
                     f"of cohort {i} & their relatives?",
            answer=f"drug number {i}", content_hash=f"{i:016x}",
            tags=(f"SLE::{TOPICS[i % len(TOPICS)].replace(' ', '_')}",), refs=tuple(s.ref for s in sources),
            sources=sources, extra=f"Context line for claim {i}." if i % 2 else ""))
    return Deck(info=DeckInfo(id="bench", name="SLE benchmark", tag="SLE"), cards=tuple(cards), quiz=())


def raw_genanki(fields: list[tuple], path: Path) -> None:
    """What a plain genanki script does with the same notes: same model, fields, tags and guids."""
    import genanki

    from trainer.export.apkg import basic_model

    model = basic_model()
    deck = genanki.Deck(1234567890, "SLE benchmark")
    for card_id, values, tags in fields:
        guid = genanki.guid_for(card_id)  # a stable guid, as any re-exporting script needs
        deck.add_note(genanki.Note(model=model, fields=list(values), tags=tags, guid=guid))
    genanki.Package(deck).write_to_file(str(path))


def prepared_fields(deck: Deck) -> list[tuple]:
    """Field text for the baseline, escaped in advance so that its timing is genanki's alone."""
    from trainer.export import note_specs

    return [(s.card_id, s.fields, list(s.tags)) for s in note_specs([deck])]


def timed(fn, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


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
    parser.add_argument("--cards", type=int, default=100_000, help="cards in the synthetic deck")
    parser.add_argument("--runs", type=int, default=5, help="paired runs (after one warm-up pair)")
    parser.add_argument("--imports", type=int, default=2, help="imports into a fresh Anki collection")
    args = parser.parse_args()

    from trainer.export.apkg import export_apkg

    deck = synthetic_deck(args.cards)
    changed_at = {c.id: 1_700_000_000 + i for i, c in enumerate(deck.cards)}
    baseline_fields = prepared_fields(deck)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        tempfile.tempdir = tmp  # genanki never deletes its temporary database: keep it in here
        ours_path, raw_path = work / "ours.apkg", work / "raw.apkg"
        ours, raw = [], []
        for run in range(args.runs + 1):  # alternate, so drift in machine load hits both alike
            t_ours = timed(export_apkg, [deck], ours_path, changed_at)
            t_raw = timed(raw_genanki, baseline_fields, raw_path)
            if run:  # the first pair warms caches
                ours.append(t_ours)
                raw.append(t_raw)
        ratios = [a / b for a, b in zip(ours, raw, strict=True)]
        imports = [import_seconds(ours_path, work, i) for i in range(args.imports)]
        sizes = ours_path.stat().st_size, raw_path.stat().st_size
        tempfile.tempdir = None
    n = f"{args.cards // 1000}k" if args.cards >= 1000 else str(args.cards)
    mb = [f"{size / 1e6:.1f} MB" for size in sizes]
    rows = [
        [f"trainer export_apkg, {n} qa cards", ms(median(ours)), ms(min(ours)), mb[0], ""],
        [f"raw genanki, same {n} notes (baseline)", ms(median(raw)), ms(min(raw)), mb[1], ""],
        ["ratio, median of paired runs", f"{median(ratios):.2f}x", f"{min(ratios):.2f}x", "", "goal <= 1.3x"],
        [f"import into real Anki (new notes: {imports[0][1]})", ms(median([t for t, _ in imports])),
         ms(min(t for t, _ in imports)), "", "reported"],
    ]
    print(table(f"Anki export ({args.runs} paired runs after a warm-up, {args.imports} imports)",
                ["measure", "median", "min", "file", "goal"], rows))


if __name__ == "__main__":
    main()
