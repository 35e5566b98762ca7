"""The lexicon of names a draft starts from: answers and aliases of the decks we already have."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from trainer.draft.terms import Lexicon, Term, guess_category

MAX_WORDS = 6
# seed categories whose answers are not names (a dose, a year, a theme...): no cloze term comes from them
_NOT_NAMES = {"theme", "year", "dose", "duration", "time", "point", "percentage", "threshold", "fold",
              "concentration", "age", "onset", "sex", "ethnicity", "country", "outcome", "regimen",
              "mechanism", "measure", "change", "comparison", "alternatives"}


def load_known(seeds_dir: Path | None, decks_dir: Path | None,
               skip: str = "") -> tuple[Lexicon, set[str]]:
    """The lexicon, and the claim ids other sources use, from one reading of each file.

    Names come from every source's claims.toml under seeds_dir (with their categories and
    topics), then from the deck files of decks_dir that no seed source covers; `skip` is the
    source being drafted. Files that cannot be read are passed over: this is a help, not a must.
    """
    terms: list[Term] = []
    ids: set[str] = set()
    covered: set[str] = set()
    if seeds_dir is not None and seeds_dir.is_dir():
        for path in sorted(seeds_dir.glob("*/claims.toml")):
            if path.parent.name == skip:
                continue
            claims = _toml_claims(path)
            if claims:
                covered.add(path.parent.name)
            terms += [t for claim in claims for t in _seed_terms(claim)]
            ids |= {c["id"] for c in claims if isinstance(c.get("id"), str)}
    if decks_dir is not None and decks_dir.is_dir():
        for path in sorted(decks_dir.glob("*.json")):
            if path.stem == skip:
                continue
            data = _json(path)
            ids |= {c["claim"] for c in data.get("cards", []) if isinstance(c, dict)
                    and isinstance(c.get("claim"), str)} if isinstance(data.get("cards"), list) else set()
            if path.stem not in covered:
                terms += _deck_terms(data)
    return Lexicon(terms), ids


def load_lexicon(seeds_dir: Path | None, decks_dir: Path | None, skip: str = "") -> Lexicon:
    """Names our decks already know (see load_known)."""
    return load_known(seeds_dir, decks_dir, skip)[0]


def known_claim_ids(seeds_dir: Path | None, decks_dir: Path | None, skip: str = "") -> set[str]:
    """Claim ids other sources already use: card ids are unique across decks, so a draft avoids them."""
    return load_known(seeds_dir, decks_dir, skip)[1]


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _toml_claims(path: Path) -> list[dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    claims = data.get("claim", [])
    return [c for c in claims if isinstance(c, dict)] if isinstance(claims, list) else []


def _names(claim: dict[str, Any]) -> list[str]:
    answer = claim.get("answer")
    aliases = claim.get("aliases", [])
    names = [answer] if isinstance(answer, str) else []
    names += [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
    return [n.strip() for n in names if n.strip() and len(n.split()) <= MAX_WORDS]


def _seed_terms(claim: dict[str, Any]) -> list[Term]:
    category = claim.get("category")
    topic = _text(claim.get("topic"))
    if not isinstance(category, str) or claim.get("draft") is True:
        return []
    parts = set(category.split("-"))
    if "pair" in parts and not parts & {"regimen", "percentage"}:  # trial and organisation pairs
        # 'ALMS and AURA' (trial-pair): each name on its own, of the category's kind
        kind = next((p for p in category.split("-") if p not in ("pair", "triple")), "term")
        names = [re.sub(r"^(?:a|an|the)\s+", "", n) for name in _names(claim)
                 for n in re.split(r",\s*|\s+and\s+|\s+plus\s+", name)]
        return [Term(n, kind, topic) for n in names if n and not re.fullmatch(r"-?\d+", n)]
    if parts & _NOT_NAMES:
        return []
    names = _names(claim)
    return [Term(name, category, topic, family=tuple(names)) for name in names]


def _deck_terms(data: dict[str, Any]) -> list[Term]:
    """A deck file holds no categories: keep names that look like names (capitals, a drug stem, an
    abbreviation among the aliases) and guess their kind."""
    quiz = data.get("quiz", [])
    if not isinstance(quiz, list):
        return []
    items = [q for q in quiz if isinstance(q, dict) and q.get("kind") == "typed"]
    terms = []
    for item in items:
        names = _names(item)
        if not names or any(ch.isdigit() for ch in names[0]):
            continue
        named = any(n.isupper() and len(n) >= 2 for n in names[1:]) or any(c.isupper() for c in names[0]) \
            or guess_category(names[0]) != "term"
        if named:
            category = guess_category(names[0])
            terms += [Term(n, category, _text(item.get("topic")), family=tuple(names)) for n in names]
    return terms
