"""Read an Anki collection, .colpkg or .apkg, read-only: its notes, cards and review log as plain records.

What it reads (sqlite3 and zstandard only; the `anki` package is AGPL and stays out of the product):

- a profile's `collection.anki2` (or the profile folder holding it): plain SQLite. It is opened
  with `immutable=1`, which neither writes nor locks nor makes a `-wal`/`-shm` beside it; when a
  `-wal` or `-journal` lies beside it (Anki crashed mid-session), the file and that journal are
  copied to a temporary folder and the copy is read, so the journal is applied to the copy only.
  A collection Anki holds open (it keeps an exclusive lock while it runs) is refused.
- a `.colpkg`, or an `.apkg` exported with scheduling: a zip whose `collection.anki21b` is the
  collection, zstd-compressed (older packages: `collection.anki21`, or `collection.anki2`, which a
  modern package holds only as a stub for old versions). It is unpacked to a temporary folder.

Nothing beside the file is ever written, and the file's bytes stay as they were. Whatever cannot
be read (not a collection, a newer schema, locked, half written, a package without scheduling)
is a BadAnkiFile with the facts; `reason` says which, for the interface to word the fix.

Mapping to our cards: a note whose guid is guid_for(claim id) is a claim note of ours, its card of
template ordinal n is `<claim>/<ORD_KINDS[n]>`; a note whose guid is guid_for(card id) is a note of
the retired one-note-per-card types, all its cards that card. Review log entries are classified as
Anki itself does when it schedules: kept are the rated answers (learn 0, review 1, relearn 2, and
3 with a factor, an early answer in a filtered deck that reschedules); skipped and counted are the
manual entries (type 4: set due date, forget; type 5: rescheduled when settings changed; both have
ease 0) and answers in a filtered deck with rescheduling off (type 3 with factor 0).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from trainer.ankiguid import guid_for
from trainer.errors import BadAnkiFile
from trainer.export.notetype import ORD_KINDS

OLDEST_SCHEMA, NEWEST_SCHEMA = 11, 18  # col.ver: 11 legacy (Anki 2.1.x), 18 written by Anki 23.10 to 26.x
NEWEST_PACKAGE = 3  # the package `meta` entry's version: 1 anki2, 2 anki21, 3 anki21b
SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGIC = b"PK\x03\x04"
PACKAGE_ENTRIES = ("collection.anki21b", "collection.anki21", "collection.anki2")  # newest first
STUB_TEXT = "Please update to the latest Anki version"  # the only note of a modern package's anki2
_PENDING_BYTE = 0x40000000  # SQLite's lock bytes (os_unix.c): pending, reserved, then 510 shared

# revlog.type
LEARN, REVIEW, RELEARN, FILTERED, MANUAL, RESCHEDULED = range(6)
SKIP_MANUAL = "manual"  # type 4: set due date, forget / reset (Anki: ease 0)
SKIP_RESCHEDULED = "rescheduled"  # type 5: rescheduled when FSRS settings changed (ease 0)
SKIP_NO_RESCHEDULE = "filtered deck, rescheduling off"  # type 3 with factor 0: "cramming"
SKIP_UNRATED = "no rating"  # any other entry without a button 1-4
SKIP_UNKNOWN = "unknown type"  # a type this reader does not know


class AnkiNote(NamedTuple):
    id: int
    guid: str
    notetype: int  # notes.mid


class AnkiCard(NamedTuple):
    id: int
    note: int  # cards.nid
    ord: int  # template ordinal (cloze number - 1 for a cloze note type)


class AnkiReview(NamedTuple):
    """One revlog row: id is Anki's review id, the answer time in ms since the epoch (unique)."""

    id: int
    card: int  # revlog.cid
    ease: int  # 1-4 the button, 0 a manual entry
    ivl: int  # days, or seconds when negative
    last_ivl: int
    factor: int  # ease x1000 (SM-2) or difficulty 100-1100 (FSRS); 0 in learning and cramming
    time: int  # ms spent answering
    type: int


@dataclass(frozen=True)
class AnkiCollection:
    """Everything read from one Anki file."""

    path: str
    kind: str  # "collection", "colpkg" or "apkg"
    schema: int  # col.ver
    notes: tuple[AnkiNote, ...]
    cards: tuple[AnkiCard, ...]
    reviews: tuple[AnkiReview, ...]  # by id, so in time order


@dataclass(frozen=True)
class CardMap:
    """Anki card id -> our card id, for the notes that are ours."""

    cards: dict[int, str]
    claim_notes: int  # notes of our claim note type (guid from a claim id)
    card_notes: int  # notes of the retired one-note-per-card types (guid from a card id)
    unknown_notes: int  # notes that are not ours
    unknown_cards: int  # cards of our notes with no card of ours (a template we do not have)


class MappedReview(NamedTuple):
    card_id: str  # ours
    review: AnkiReview


@dataclass(frozen=True)
class Classified:
    """The review log split: what to merge, what was skipped (by kind), what is not ours."""

    kept: list[MappedReview]
    skipped: dict[str, int] = field(default_factory=dict)
    not_ours: int = 0  # reviews of cards that map to none of ours

    @property
    def cards(self) -> int:
        """How many of our cards the kept reviews touch."""
        return len({r.card_id for r in self.kept})


# -- reading --------------------------------------------------------------------------------------

def read_anki(path: Path | str) -> AnkiCollection:
    """The notes, cards and review log of an Anki collection file, profile folder, .colpkg or .apkg."""
    path = Path(path)
    if path.is_dir() and (path / "collection.anki2").is_file():
        path = path / "collection.anki2"  # a profile folder
    head = _head(path)
    if head.startswith(SQLITE_MAGIC):
        try:
            with _readable_collection(path) as (conn, _):
                return _read(conn, path, "collection")
        except BadAnkiFile as exc:
            if exc.reason != "damaged":
                raise
            # a profile's own file, not an export: the advice differs
            raise BadAnkiFile(path, exc.problem, reason="damaged-collection") from None
    if head.startswith(ZIP_MAGIC):
        kind = "colpkg" if path.suffix.lower() == ".colpkg" else "apkg"
        with _unpacked(path) as db, _connect(path, str(db)) as conn:
            collection = _read(conn, path, kind)
            if kind == "apkg" and not collection.reviews and not _any_studied(conn):
                raise BadAnkiFile(path, "holds no review history (every card new): a package from "
                                        "'trainer export', or one exported from Anki without scheduling",
                                  reason="no-scheduling")
        return collection
    raise BadAnkiFile(path, "not an Anki collection or package", reason="not-anki")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(16)
    except FileNotFoundError:
        raise BadAnkiFile(path, "no such file", reason="missing") from None
    except IsADirectoryError:
        raise BadAnkiFile(path, "is a folder without a collection.anki2", reason="missing") from None
    except OSError as exc:
        raise BadAnkiFile(path, f"cannot read ({exc.strerror or exc})", reason="unreadable") from None


def _locked(path: Path) -> bool:
    """True when another program holds SQLite's lock on the file (Anki, while it has it open)."""
    try:
        import fcntl
    except ImportError:  # Windows: Anki removes the -wal when it closes the collection
        return Path(f"{path}-wal").exists()
    fd = os.open(path, os.O_RDONLY)
    try:
        # A shared lock is refused only when a writer (or an exclusive connection) holds the bytes.
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 511, _PENDING_BYTE + 1)
        fcntl.lockf(fd, fcntl.LOCK_UN, 511, _PENDING_BYTE + 1)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


@contextmanager
def _readable_collection(path: Path) -> Iterator[tuple[sqlite3.Connection, Path]]:
    """A read-only connection to a collection file, or to a copy of it when a journal lies beside it."""
    if _locked(path):
        raise BadAnkiFile(path, "is locked by another program (Anki has it open)", reason="locked")
    journals = [Path(f"{path}{s}") for s in ("-wal", "-journal")]
    journals = [j for j in journals if j.exists() and j.stat().st_size > 0]
    if not journals:
        _check_size(path, path)
        with _connect(path, path.resolve().as_uri() + "?immutable=1&mode=ro") as conn:
            yield conn, path
        return
    with tempfile.TemporaryDirectory(prefix="trainer-anki-") as work:
        copy = Path(work) / "collection.anki2"
        shutil.copyfile(path, copy)
        for journal in journals:
            shutil.copyfile(journal, Path(f"{copy}{journal.name[len(path.name):]}"))
        with _connect(path, str(copy)) as conn:
            yield conn, copy


@contextmanager
def _unpacked(path: Path) -> Iterator[Path]:
    """The collection inside a package, as a SQLite file in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="trainer-anki-") as work:
        out = Path(work) / "collection.anki2"
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if "meta" in names:
                    version = _package_version(z.read("meta"))
                    if version > NEWEST_PACKAGE:
                        raise BadAnkiFile(path, f"package written by a newer Anki (package version "
                                                f"{version}, this version reads up to {NEWEST_PACKAGE})",
                                          reason="newer")
                entry = next((n for n in PACKAGE_ENTRIES if n in names), None)
                if entry is None:
                    raise BadAnkiFile(path, "a zip file without an Anki collection in it", reason="not-anki")
                with z.open(entry) as src, out.open("wb") as dst:
                    if entry.endswith("b"):
                        import zstandard

                        reader = zstandard.ZstdDecompressor().stream_reader(src, read_across_frames=True)
                        shutil.copyfileobj(reader, dst, 1 << 20)
                    else:
                        shutil.copyfileobj(src, dst, 1 << 20)
        except (zipfile.BadZipFile, EOFError):
            # (zipfile's own words, "File is not a zip file", say less than this)
            raise BadAnkiFile(path, "damaged or incomplete package (the zip archive is cut off or "
                                    "broken)", reason="damaged") from None
        except OSError as exc:
            raise BadAnkiFile(path, f"cannot read the package ({exc.strerror or exc})",
                              reason="unreadable") from None
        except Exception as exc:  # zstandard.ZstdError, without importing zstandard for the check
            if type(exc).__module__.startswith("zstandard"):
                raise BadAnkiFile(path, f"damaged or incomplete package (zstd: {exc})",
                                  reason="damaged") from None
            raise
        _check_size(path, out)
        yield out


def _package_version(meta: bytes) -> int:
    """Field 1 of the package's `meta` protobuf (PackageMetadata.version), 0 when absent or unreadable."""
    if not meta or meta[0] != 0x08:
        return 0
    value, shift = 0, 0
    for byte in meta[1:10]:
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value
        shift += 7
    return 0


def _check_size(shown: Path, db: Path) -> None:
    """A file shorter than the page count in its header was cut off (a copy or download interrupted)."""
    with db.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise BadAnkiFile(shown, "not an Anki collection (not a SQLite database)", reason="not-anki")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[92:96] == header[96:100]  # the page count is trustworthy (SQLite >= 3.7.0 wrote it)
    if valid and pages and db.stat().st_size < page_size * pages:
        raise BadAnkiFile(shown, f"half written: {db.stat().st_size} bytes where its header promises "
                                 f"{page_size * pages}", reason="damaged")


@contextmanager
def _connect(shown: Path, target: str) -> Iterator[sqlite3.Connection]:
    try:
        conn = sqlite3.connect(target, uri=target.startswith("file:"))
    except sqlite3.Error as exc:
        raise BadAnkiFile(shown, f"cannot open ({exc})", reason="unreadable") from None
    try:
        yield conn
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "not a database" in text:
            raise BadAnkiFile(shown, "not an Anki collection (not a SQLite database)",
                              reason="not-anki") from None
        if "locked" in text or "busy" in text:
            raise BadAnkiFile(shown, f"is locked by another program ({text})", reason="locked") from None
        raise BadAnkiFile(shown, f"damaged ({text})", reason="damaged") from None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, path: Path, kind: str) -> AnkiCollection:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in ("col", "notes", "cards", "revlog") if t not in tables]
    if missing:
        raise BadAnkiFile(path, f"not an Anki collection (no {', '.join(missing)} table)", reason="not-anki")
    row = conn.execute("SELECT ver FROM col").fetchone()
    schema = int(row[0]) if row and isinstance(row[0], int | float) else 0
    if schema > NEWEST_SCHEMA:
        raise BadAnkiFile(path, f"written by a newer Anki (schema {schema}, this version reads up to "
                                f"{NEWEST_SCHEMA})", reason="newer")
    if schema < OLDEST_SCHEMA:
        raise BadAnkiFile(path, f"not an Anki collection this version reads (schema {schema or 'missing'})",
                          reason="not-anki")
    notes = tuple(AnkiNote._make(r) for r in conn.execute(
        "SELECT id, CAST(guid AS TEXT), mid FROM notes ORDER BY id"))
    if kind != "collection" and len(notes) == 1 and _is_stub(conn):
        raise BadAnkiFile(path, "holds only the placeholder for old Anki versions (its collection.anki21b "
                                "is missing)", reason="damaged")
    cards = tuple(AnkiCard._make(r) for r in conn.execute("SELECT id, nid, ord FROM cards ORDER BY id"))
    # CAST: some old clients stored these columns as reals
    reviews = tuple(AnkiReview._make(r) for r in conn.execute(
        "SELECT CAST(id AS INTEGER), cid, CAST(ease AS INTEGER), CAST(ivl AS INTEGER), "
        "CAST(lastIvl AS INTEGER), CAST(factor AS INTEGER), CAST(time AS INTEGER), CAST(type AS INTEGER) "
        "FROM revlog ORDER BY id"))
    return AnkiCollection(path=str(path), kind=kind, schema=schema, notes=notes, cards=cards, reviews=reviews)


def _is_stub(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT flds FROM notes LIMIT 1").fetchone()
    return bool(row) and str(row[0]).startswith(STUB_TEXT)


def _any_studied(conn: sqlite3.Connection) -> bool:
    """Whether any card of a package carries scheduling (a package exported without it resets all)."""
    return conn.execute("SELECT 1 FROM cards WHERE type != 0 OR reps > 0 LIMIT 1").fetchone() is not None


# -- mapping and classifying ----------------------------------------------------------------------

def map_cards(collection: AnkiCollection, card_ids: Iterable[str]) -> CardMap:
    """Which Anki cards are which of ours, given all our card ids (`<claim>/<kind>`, retired ones too)."""
    known = set(card_ids)
    claims = {cid.rsplit("/", 1)[0] for cid in known}
    by_guid: dict[str, tuple[bool, str]] = {guid_for(claim): (True, claim) for claim in claims}
    by_guid.update((guid_for(cid), (False, cid)) for cid in known)
    notes: dict[int, tuple[bool, str]] = {}
    unknown_notes = 0
    for note in collection.notes:
        hit = by_guid.get(note.guid)
        if hit is None:
            unknown_notes += 1
        else:
            notes[note.id] = hit
    cards: dict[int, str] = {}
    unknown_cards = 0
    for card in collection.cards:
        hit = notes.get(card.note)
        if hit is None:
            continue
        is_claim, key = hit
        if not is_claim:
            ours: str | None = key  # an old per-card note: every card of it (cloze c1, c2...) is that card
        else:
            ours = f"{key}/{ORD_KINDS[card.ord]}" if 0 <= card.ord < len(ORD_KINDS) else None
        if ours in known:
            cards[card.id] = ours
        else:
            unknown_cards += 1
    claim_notes = sum(1 for is_claim, _ in notes.values() if is_claim)
    return CardMap(cards=cards, claim_notes=claim_notes, card_notes=len(notes) - claim_notes,
                   unknown_notes=unknown_notes, unknown_cards=unknown_cards)


def skip_reason(review: AnkiReview) -> str | None:
    """Why a revlog entry is no answer to replay (None: it is one)."""
    if review.type == MANUAL:
        return SKIP_MANUAL
    if review.type == RESCHEDULED:
        return SKIP_RESCHEDULED
    if review.type == FILTERED and review.factor == 0:
        return SKIP_NO_RESCHEDULE
    if review.type not in (LEARN, REVIEW, RELEARN, FILTERED):
        return SKIP_UNKNOWN
    if not 1 <= review.ease <= 4:
        return SKIP_UNRATED
    return None


def classify(reviews: Iterable[AnkiReview], card_map: CardMap) -> Classified:
    """Our cards' answers to merge (in time order), the entries skipped by kind, and the count not ours."""
    ours = card_map.cards
    kept: list[MappedReview] = []
    skipped: Counter[str] = Counter()
    not_ours = 0
    for review in reviews:
        card_id = ours.get(review.card)
        if card_id is None:
            not_ours += 1
            continue
        reason = skip_reason(review)
        if reason is None:
            kept.append(MappedReview(card_id, review))
        else:
            skipped[reason] += 1
    return Classified(kept=kept, skipped=dict(skipped), not_ours=not_ours)
