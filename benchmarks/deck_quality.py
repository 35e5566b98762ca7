"""Deck quality figures: claims, priorities, question length, attributions, leaks, updates.

Run as `python benchmarks/deck_quality.py [seeds/<source> ...]` (default: every source under
seeds/). Counts ignore lint_allow, so an opted-out attribution still shows here.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.generate.cards import BLANK, cloze_text  # noqa: E402
from trainer.generate.seeds import load_source  # noqa: E402
from trainer.generate.wording import attribution, author_names, leak  # noqa: E402
from trainer.text import contains_phrase, word_count  # noqa: E402


def figures(folder: Path) -> dict[str, object]:
    seeds = load_source(folder)
    claims = seeds.claims
    authors = author_names(seeds)
    lengths = [word_count(c.question) for c in claims]
    attributed = [c.id for c in claims if attribution(c.question, authors)]
    leaks = []
    for c in claims:
        givens = [c.answer, *c.aliases]
        rest = cloze_text(c, " ").replace(BLANK, " ")
        if any(contains_phrase(c.question, g) or leak(g, c.question) for g in givens) or any(
                leak(g, rest) for g in [*givens, *c.cloze_terms]):
            leaks.append(c.id)
    return {
        "source": folder.name,
        "claims": len(claims),
        "core": sum(c.priority == "core" for c in claims),
        "detail": sum(c.priority == "detail" for c in claims),
        "retired ids": len(seeds.retired),
        "median question words": statistics.median(lengths) if lengths else 0,
        "longest question": max(lengths, default=0),
        "questions > 25 words": sum(n > 25 for n in lengths),
        "attributions in questions": len(attributed),
        "  allowed by lint_allow": sum(dict(c.lint_allow).get("attribution-in-question") is not None
                                       for c in claims),
        "leaks (answer stem in question or fill-in)": len(leaks),
        "claims with an update line": sum(bool(c.update) for c in claims),
        "update sources": len(seeds.updates),
        "first card": f"{next((c.id for c in claims if c.priority == 'core'), '-')}",
    }


def main(argv: list[str]) -> None:
    folders = [Path(a) for a in argv] or sorted(p.parent for p in (ROOT / "seeds").glob("*/claims.toml"))
    for folder in folders:
        rows = figures(folder)
        width = max(len(k) for k in rows)
        for key, value in rows.items():
            print(f"{key:<{width}}  {value}")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
