"""The generator: seeds/<source>/ -> decks/<source>.json, byte-identical on every run."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from trainer.errors import CannotWrite
from trainer.generate.cards import build
from trainer.generate.drafts import draft_count, without_drafts
from trainer.generate.lint import Finding, lint
from trainer.generate.seeds import display, find_sources, load_source
from trainer.model import Seeds

DECK_FORMAT = 1


def render(seeds: Seeds) -> bytes:
    """The deck file's bytes: sorted keys, the author's card order, no timestamps; no draft claims."""
    cards, quiz = build(without_drafts(seeds))
    deck = {"format": DECK_FORMAT, "deck": asdict(seeds.deck), "cards": cards, "quiz": quiz}
    return (json.dumps(deck, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode()


@dataclass
class Outcome:
    """What a generate run did or would do."""

    written: list[str]
    unchanged: list[str]
    stale: list[str]
    findings: list[Finding]
    drafts: int = 0  # draft claims left out of the decks


def load_all(seeds_dir: Path) -> list[Seeds]:
    return [load_source(folder) for folder in find_sources(seeds_dir)]


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        # mkstemp makes the file private (0600); a deck file is as readable as any other
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def generate(seeds_dir: Path, out_dir: Path, check: bool = False) -> Outcome:
    """Lint every source, then write (or with check=True only compare) the deck files.

    Lint errors stop everything before any file is written, so decks/ is never half-updated.
    """
    sources = load_all(seeds_dir)
    findings = [f for seeds in sources for f in lint(seeds)]
    outcome = Outcome([], [], [], findings, drafts=sum(map(draft_count, sources)))
    if any(f.severity == "error" for f in findings):
        return outcome
    finished = [s for s in map(without_drafts, sources) if s.claims]  # a source of drafts only: no deck yet
    rendered = [(out_dir / f"{seeds.deck.id}.json", render(seeds)) for seeds in finished]
    for path, data in rendered:
        current = path.read_bytes() if path.exists() else None
        if current == data:
            outcome.unchanged.append(display(path))
        elif check:
            outcome.stale.append(display(path))
        else:
            try:
                _write_atomic(path, data)
            except OSError as exc:
                raise CannotWrite(display(path), f"cannot write ({exc.strerror})") from None
            outcome.written.append(display(path))
    return outcome
