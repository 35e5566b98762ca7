"""Lint and generate on 1k, 4k and 10k synthetic claims in one category (issue goal: about
linear in the number of claims). Prints seconds per run and microseconds per claim: a flat
last column is a linear curve."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from common import table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ["alpha", "bravo", "carmine", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "jasper"]


def name(i: int) -> str:
    """A distinct made-up drug name per claim, so no two answers are the same word."""
    digits = f"{i:05d}"
    return "".join(WORDS[int(d)][:3] for d in digits) + "mab"


def write_seeds(folder: Path, n: int) -> Path:
    source = folder / "seeds" / "bench"
    source.mkdir(parents=True)
    (source / "references.toml").write_text(
        '[[reference]]\nnumber = 1\nauthors = "Doe J."\ntitle = "A synthetic trial"\n'
        'journal = "J Bench"\nyear = 2020\ndoi = "10.1000/bench"\n', encoding="utf-8")
    claims = ['[deck]\nname = "Bench"\ntag = "Bench"\ndescription = "Synthetic claims."\n']
    for i in range(n):
        drug = name(i)
        claims.append(
            f'\n[[claim]]\nid = "claim-{i}"\ntopic = "Topic {i % 20}"\n'
            f'statement = "{drug} blocks target {i} in the synthetic pathway."\n'
            f'question = "Which agent blocks target {i} in the synthetic pathway?"\n'
            f'answer = "{drug}"\ncategory = "drug"\nrefs = [1]\n')
    (source / "claims.toml").write_text("".join(claims), encoding="utf-8")
    return folder / "seeds"


def run(n: int) -> tuple[float, float]:
    from trainer.generate import generate
    from trainer.generate.lint import lint
    from trainer.generate.seeds import load_source

    with tempfile.TemporaryDirectory() as tmp:
        seeds = write_seeds(Path(tmp), n)
        start = time.perf_counter()
        lint(load_source(seeds / "bench"))
        linted = time.perf_counter() - start
        start = time.perf_counter()
        generate(seeds, Path(tmp) / "decks", now=1_800_000_000)
        generated = time.perf_counter() - start
    return linted, generated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        linted, generated = run(n)
        rows.append([f"{n:,}", f"{linted:.2f} s", f"{linted / n * 1e6:.0f} µs",
                     f"{generated:.2f} s", f"{generated / n * 1e6:.0f} µs"])
    print(table("Lint and generate, one category (per-claim cost flat = linear)",
                ["claims", "lint", "per claim", "generate", "per claim"], rows))


if __name__ == "__main__":
    main()
