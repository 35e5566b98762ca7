"""`trainer draft` on a synthetic 10,000-word review with 200 references: time per stage and in all.

Goal: under 2 s for the whole draft (reading, list, references, sentences, claims, writing), and
the CLI process (Python start-up and imports included) measured too. The review is generated here,
deterministically, in the shapes real reviews have: headings, bracketed citations and ranges,
defined abbreviations, doses, percentages, time points, and a reference list in three styles.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import median, ms, table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.draft import build, draft_source  # noqa: E402
from trainer.draft.citations import Markers  # noqa: E402
from trainer.draft.claims import abbreviation_terms, draft_claims  # noqa: E402
from trainer.draft.lexicon import load_lexicon  # noqa: E402
from trainer.draft.references import parse_list  # noqa: E402
from trainer.draft.reflist import split_document  # noqa: E402
from trainer.draft.sentences import split_sentences  # noqa: E402
from trainer.draft.terms import defined_abbreviations  # noqa: E402
from trainer.draft.text import normalize_text  # noqa: E402

DRUGS = ("belimumab", "anifrolumab", "rituximab", "voclosporin", "tacrolimus", "mycophenolate mofetil",
         "cyclophosphamide", "hydroxychloroquine", "azathioprine", "methotrexate", "obinutuzumab",
         "baricitinib", "deucravacitinib", "ianalumab", "litifilimab", "telitacicept")
HEADINGS = ("Epidemiology", "Pathogenesis", "Antimalarials", "Glucocorticoids", "Immunosuppressants",
            "Biologics", "Lupus nephritis", "Cutaneous lupus", "Pregnancy", "Emerging therapies")
SURNAMES = ("Alder", "Birch", "Cedar", "Dunmore", "Elm", "Fenwick", "Garner", "Hollis", "Ivers", "Juniper",
            "Kestrel", "Larch", "Moss", "Nettle", "Osprey", "Quill", "Rowan", "Sorrel", "Tamarisk", "Umber")
JOURNALS = ("Lupus", "Ann Rheum Dis", "Arthritis Rheumatol", "Rheumatology (Oxford)", "Lupus Sci Med",
            "Nat Rev Rheumatol", "J Rheumatol", "Clin Exp Rheumatol")
TEMPLATES = (
    "{Drug} should be considered for patients with {topic} who do not respond to standard therapy {cite}.",
    "In a trial of {n} patients, {drug} raised the response rate at week {week} from {p1}% to {p2}% {cite}.",
    "The usual dose of {drug} is {dose} mg/kg every {k} weeks, given with low-dose steroids {cite}.",
    "{Drug} blocks a pathway that sustains autoantibody production in {topic} {cite}.",
    "Flares were defined as a rise of at least {k} points in the activity score {cite}.",
    "Most centres review the treatment plan after {k} months and taper the steroid dose if possible.",
    "Patients, e.g. those with renal involvement, were followed for {k} years by Smith et al. {cite}.",
    "Remission rates were {p1}% vs. {p2}% with placebo (p < 0.01) {cite}.",
)


def citation(rng: random.Random, refs: int) -> str:
    a = rng.randint(1, refs - 3)
    shape = rng.random()
    if shape < 0.5:
        return f"[{a}]"
    if shape < 0.8:
        return f"[{a}-{a + 2}]"
    return f"[{a},{min(refs, a + 3)}]"


def reference(rng: random.Random, number: int) -> str:
    authors = ", ".join(f"{rng.choice(SURNAMES)} {rng.choice('ABCDEFGH')}{rng.choice('JKLM')}"
                        for _ in range(rng.randint(1, 6)))
    title = " ".join(rng.choice(("Outcomes", "of", "treatment", "in", "lupus", "a", "cohort", "trial",
                                 "randomised", "study", "patients", "with", "nephritis", "long-term"))
                     for _ in range(rng.randint(6, 14))).capitalize()
    journal, year = rng.choice(JOURNALS), rng.randint(1990, 2024)
    volume, issue, first = rng.randint(1, 90), rng.randint(1, 12), rng.randint(1, 900)
    style = number % 10
    if style < 6:  # Vancouver
        return (f"{number}. {authors}. {title}. {journal} {year}; {volume}({issue}):{first}-{first + 9}. "
                f"doi: 10.5555/bench.{number}.")
    if style < 9:  # AMA
        return (f"{number}. {authors}, et al. {title}. {journal}. {year};{volume}({issue}):"
                f"{first}-{first + 12}. doi:10.5555/bench.{number}")
    return (f"{number}. {rng.choice(SURNAMES)}, K., et al., {title}. {journal}, {year}. "
            f"{volume}({issue}): {first}-9.")


def synthetic_review(words: int = 10_000, refs: int = 200, seed: int = 16) -> str:
    rng = random.Random(seed)
    out = ["A synthetic review of lupus treatment", "", "Abstract",
           "Systemic lupus erythematosus (SLE) is treated with many drugs [1]. "
           "Belimumab (BEL) and mycophenolate mofetil (MMF) are discussed throughout [2,3].", ""]
    count = sum(len(line.split()) for line in out)
    while count < words:
        out += [rng.choice(HEADINGS), ""]
        for _ in range(rng.randint(2, 4)):
            paragraph = []
            for _ in range(rng.randint(3, 7)):
                drug = rng.choice(DRUGS)
                sentence = rng.choice(TEMPLATES).format(
                    drug=drug, Drug=drug[0].upper() + drug[1:], topic=rng.choice(HEADINGS).lower(),
                    cite=citation(rng, refs), n=rng.randint(40, 900), week=rng.choice((24, 52, 104)),
                    p1=rng.randint(10, 40), p2=rng.randint(41, 80), dose=rng.choice((5, 10, 15)),
                    k=rng.randint(2, 12))
                paragraph.append(sentence)
                count += len(sentence.split())
            out += [" ".join(paragraph), ""]
    out += ["References", ""] + [reference(rng, n) for n in range(1, refs + 1)]
    return "\n".join(out) + "\n"


def stages(text: str, lexicon) -> dict[str, float]:
    """Seconds per stage of one draft, as trainer.draft.build runs them."""
    t = {}
    start = time.perf_counter()
    layout = split_document(text)
    t["find the list"] = time.perf_counter() - start
    start = time.perf_counter()
    entries = parse_list(layout.entries)
    t["parse 200 references"] = time.perf_counter() - start
    start = time.perf_counter()
    body = normalize_text(layout.body)
    markers = Markers({e.number for e in entries}, body)
    sentences = split_sentences(body, markers.prepare)
    t["split sentences"] = time.perf_counter() - start
    start = time.perf_counter()
    lex = lexicon.with_terms(abbreviation_terms(defined_abbreviations(body)))
    draft_claims(sentences, markers, lex)
    t["pick claims, cloze terms"] = time.perf_counter() - start
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = synthetic_review()
    words = len(text.split("\nReferences\n")[0].split())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.txt"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        lexicon = load_lexicon(ROOT / "seeds", ROOT / "decks")
        lexicon_time = time.perf_counter() - start
        build(text, "bench", path.name, lexicon)  # warm-up: imports, compiled patterns
        per_stage = [stages(text, lexicon) for _ in range(args.runs)]
        totals, drafted = [], None
        for i in range(args.runs):
            start = time.perf_counter()
            drafted, _ = draft_source(path, f"bench-{i}", Path(tmp) / "seeds", lexicon=lexicon)
            totals.append(time.perf_counter() - start)
        cli = []
        for i in range(args.runs):
            # each run beside a copy of the shipped seeds, as an author's checkout has them
            seeds = Path(tmp) / f"cli-seeds-{i}"
            shutil.copytree(ROOT / "seeds", seeds)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "trainer", "draft", str(path), "--source", "new",
                            "--seeds", str(seeds)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - start)
    assert drafted is not None
    rows = [[name, ms(median([s[name] for s in per_stage]))] for name in per_stage[0]]
    rows += [["load the lexicon (seeds + decks)", ms(lexicon_time)],
             ["draft in all (read, parse, write)", ms(median(totals))],
             ["`trainer draft` process (start-up included)", ms(median(cli))]]
    print(table(f"trainer draft: {words} words, {len(drafted.references)} references "
                f"({len(drafted.unparsed)} unparsed), {drafted.sentences} sentences, "
                f"{len(drafted.drafts)} draft claims; median of {args.runs} runs; goal < 2 s in all",
                ["stage", "time"], rows))


if __name__ == "__main__":
    main()
