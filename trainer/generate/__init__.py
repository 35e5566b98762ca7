"""The generator: seeds/<source>/ -> decks/<source>.json, byte-identical on every run."""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from trainer import decklines
from trainer.errors import CannotWrite
from trainer.generate import history
from trainer.generate.cards import build
from trainer.generate.drafts import draft_count, without_drafts
from trainer.generate.lint import Finding, lint
from trainer.generate.seeds import display, find_sources, load_source
from trainer.seedmodel import Seeds

DECK_FORMAT = 2  # trainer.decks.FORMAT reads it


def render(seeds: Seeds, previous: history.Previous | None = None, now: int = 0) -> bytes:
    """The deck file's bytes (one card per line, see trainer.decklines): the author's card
    order, change times from `previous`; no draft claims.

    `now` (unix seconds) stamps the cards that are new or changed since `previous`; with
    nothing changed the bytes are the previous file's (see trainer.generate.history).
    """
    from trainer.export.notetype import notetype_hash

    previous = previous or history.Previous()
    cards, quiz = build(without_drafts(seeds))
    history.stamp_cards(cards, previous, now)
    deck = {"format": DECK_FORMAT, "deck": asdict(seeds.deck), "cards": cards, "quiz": quiz,
            "retired": history.retired_cards(cards, previous, now),
            "anki": {"notetype": history.stamp_notetype(notetype_hash(), previous, now)}}
    return decklines.dump(deck).encode()


@dataclass
class Generated:
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


def generate(seeds_dir: Path, out_dir: Path, check: bool = False, now: int = 0) -> Generated:
    """Lint every source, then write (or with check=True only compare) the deck files.

    Lint errors stop everything before any file is written, so decks/ is never half-updated.
    `now` (unix seconds) is the change time of cards that are new or changed since the file.
    """
    sources = load_all(seeds_dir)
    findings = [f for seeds in sources for f in lint(seeds)]
    outcome = Generated([], [], [], findings, drafts=sum(map(draft_count, sources)))
    if any(f.severity == "error" for f in findings):
        return outcome
    finished = [s for s in map(without_drafts, sources) if s.claims]  # a source of drafts only: no deck yet
    paths = [out_dir / f"{seeds.deck.id}.json" for seeds in finished]
    rendered = [(path, render(seeds, history.read_previous(path), now))
                for path, seeds in zip(paths, finished, strict=True)]
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
