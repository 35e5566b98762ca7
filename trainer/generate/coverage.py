"""Coverage report: claims and cards per topic, categories, and references no claim cites."""

from __future__ import annotations

from collections import Counter

from trainer.generate.cards import build
from trainer.generate.drafts import draft_count, without_drafts
from trainer.model import THE_REVIEW
from trainer.seedmodel import Seeds


def coverage(seeds: Seeds) -> dict:
    """The report as data (for --json); `format_coverage` renders it for people. Draft claims are
    counted apart: they make no cards yet."""
    drafts, seeds = draft_count(seeds), without_drafts(seeds)
    cards, quiz = build(seeds)
    claims_per_topic = Counter(c.topic for c in seeds.claims)
    cards_per_topic = Counter(card["topic"] for card in cards)
    cited = Counter(r for c in seeds.claims for r in c.refs)
    categories = Counter(c.category for c in seeds.claims)
    return {
        "deck": seeds.deck.id,
        "claims": len(seeds.claims),
        "drafts": drafts,
        "cards": len(cards),
        "quiz_items": len(quiz),
        "topics": [{"topic": t, "claims": n, "cards": cards_per_topic[t]}
                   for t, n in sorted(claims_per_topic.items())],
        "categories": dict(sorted(categories.items())),
        "references": len(seeds.references),
        "review_claims": cited[THE_REVIEW],
        "uncited": [{"number": n, "short": r.short, "reason": r.uncited}
                    for n, r in sorted(seeds.references.items()) if n not in cited],
    }


def format_coverage(report: dict) -> str:
    drafted = f" (and {report['drafts']} drafts)" if report.get("drafts") else ""
    lines = [f"{report['deck']}: {report['claims']} claims{drafted}, {report['cards']} cards, "
             f"{report['quiz_items']} quiz items, {report['references']} references",
             "", f"{'topic':<28} {'claims':>6} {'cards':>6}"]
    lines += [f"{t['topic']:<28} {t['claims']:>6} {t['cards']:>6}" for t in report["topics"]]
    lines += ["", "categories: " + ", ".join(f"{k} {v}" for k, v in report["categories"].items()),
              f"claims citing the review's own text: {report['review_claims']}", ""]
    if report["uncited"]:
        lines.append(f"references cited by no claim ({len(report['uncited'])}):")
        lines += [f"  {u['number']:>3} {u['short']}: {u['reason'] or '(no reason given)'}"
                  for u in report["uncited"]]
    else:
        lines.append("every reference is cited by at least one claim")
    return "\n".join(lines)
