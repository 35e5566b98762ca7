"""`trainer draft`: a first seeds folder (references and draft claims) from any review's text.

Rule-based and offline: the text is read (plain text or PDF), its reference list found and parsed,
its body split into sentences, and the sentences that read like claims become draft claims with
the references they cite and proposed cloze terms. Nothing is downloaded and no model is used.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from trainer.draft.citations import Markers
from trainer.draft.claims import Draft, abbreviation_terms, draft_claims
from trainer.draft.references import ParsedEntry, parse_list
from trainer.draft.reflist import split_document
from trainer.draft.sentences import split_sentences
from trainer.draft.terms import Lexicon, defined_abbreviations
from trainer.draft.text import normalize_text, read_text
from trainer.draft.write import claims_toml, references_toml
from trainer.errors import BadFile, BadInput, CannotWrite, MissingFolder, SourceExists

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Drafted:
    """What a draft holds: the parsed reference list, the draft claims, and the two files' text."""

    references: list[ParsedEntry]
    drafts: list[Draft]
    sentences: int
    references_toml: str
    claims_toml: str

    @property
    def unparsed(self) -> list[ParsedEntry]:
        return [e for e in self.references if e.reference is None]


def build(text: str, source: str, file_name: str, lexicon: Lexicon | None = None,
          taken: set[str] | None = None, where: str = "") -> Drafted:
    """The draft of one review's text (pure: no file is read or written). Raises BadFile when the
    text has no reference list; `where` names the file in that message."""
    layout = split_document(text)
    if layout is None:
        raise BadFile(where or file_name, "no reference list found (no 'References' heading and no "
                                          "numbered list at the end)")
    entries = parse_list(layout.entries)
    body = normalize_text(layout.body)
    known = {e.number for e in entries}
    markers = Markers(known, body)
    abbreviations = defined_abbreviations(body)
    lexicon = (lexicon or Lexicon([])).with_terms(abbreviation_terms(abbreviations))
    sentences = split_sentences(body, markers.prepare)
    drafts = draft_claims(sentences, markers, lexicon, taken)
    return Drafted(entries, drafts, len(sentences), references_toml(entries, file_name),
                   claims_toml(drafts, source, file_name))


def draft_source(path: Path, source: str, seeds_dir: Path, force: bool = False,
                 lexicon: Lexicon | None = None, taken: set[str] | None = None) -> tuple[Drafted, Path]:
    """Draft seeds_dir/source/ from the review at path; returns the draft and the folder written.

    Refuses (changing nothing) a source name that is not a slug, an existing source unless
    force, an unreadable or empty file, and a text with no reference list. With force only the
    two files are replaced; anything else in the folder stays.
    """
    if not SLUG.match(source):
        raise BadInput(f"source name {source!r} must be a slug: lowercase letters, digits and single "
                       "'-' (e.g. lupus-nephritis)")
    folder = seeds_dir / source
    if folder.exists() and not force:
        raise SourceExists(folder)
    if not seeds_dir.exists() and not seeds_dir.parent.is_dir():
        raise MissingFolder(seeds_dir.parent)
    drafted = build(read_text(path), source, path.name, lexicon, taken, where=str(path))
    _write(folder, {"references.toml": drafted.references_toml, "claims.toml": drafted.claims_toml})
    return drafted, folder


def _write(folder: Path, files: dict[str, str]) -> None:
    """Write every file beside its final name first, then move them all in place; on a failure
    remove what was made (temporary files, folders created here)."""
    made = [p for p in (folder.parent, folder) if not p.exists()]
    temps: list[tuple[str, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            fd, made_file = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            temps.append((name, Path(made_file)))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.chmod(made_file, 0o644)
        for final, temp in temps:
            os.replace(temp, folder / final)
    except OSError as exc:
        for _, temp in temps:
            temp.unlink(missing_ok=True)
        for made_folder in reversed(made):
            try:
                made_folder.rmdir()
            except OSError:
                pass
        raise CannotWrite(folder, f"cannot write ({exc.strerror or exc})") from None
