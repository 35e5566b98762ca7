"""Read a review's text (plain text or PDF) and even out its spacing; a bad file is one BadFile."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from trainer.errors import BadFile

# spaces other than the ASCII one that typesetting and PDF extraction leave in text: no-break,
# en/em/thin/hair and four-per-em spaces, the narrow no-break space, the ideographic space
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# characters that show nothing: zero-width spaces and joiners, the word joiner, BOMs, soft hyphens
# invisible characters, and control characters (C0 but tab and newline, DEL, C1): text from a
# file must never carry them into the seeds, or to a terminal
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Greek and Cyrillic letters that look like Latin ones, found inside Latin words ('οn' with an
# omicron). Only letters science never writes as symbols: omicron and the capitals that are the
# Latin ones' twins, and Cyrillic; α, β, κ, ε... stay (TNFα, NF-κB, PKCε).
_LOOKALIKES = str.maketrans({
    "ο": "o", "Ο": "O", "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ζ": "Z",
    "о": "o", "О": "O", "а": "a", "А": "A", "е": "e", "Е": "E", "с": "c", "С": "C", "р": "p",
    "Р": "P", "х": "x", "Х": "X", "у": "y", "і": "i", "І": "I", "К": "K", "М": "M", "Т": "T",
    "Н": "H", "В": "B",
})
_WORD = re.compile(r"\w+")
# dashes that stand where a hyphen belongs in names and page ranges
PUNCT_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
PDF_SUFFIXES = (".pdf",)


def read_text(path: Path) -> str:
    """The text of a .txt (UTF-8, or Windows-1252 when it is not UTF-8) or .pdf file."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise BadFile(path, "is a folder, not a text or PDF file") from None
    except OSError as exc:
        raise BadFile(path, f"cannot read ({exc.strerror})") from None
    if path.suffix.lower() in PDF_SUFFIXES or raw.startswith(b"%PDF-"):
        text = _pdf_text(path, raw)
    else:
        if b"\x00" in raw[:4096]:
            raise BadFile(path, "is a binary file, not text or PDF")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            # older exports are often Windows-1252; it decodes any byte but a few, which stay marked
            text = raw.decode("cp1252", errors="replace")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not _INVISIBLE.sub("", text).strip():
        raise BadFile(path, "holds no text")
    return text


def _pdf_text(path: Path, raw: bytes) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise BadFile(path, "is an encrypted PDF; save an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except BadFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise BadFile(path, f"is not a readable PDF ({exc})") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise BadFile(path, "is a PDF with no text layer (a scan?); run OCR on it first")
    return text


def normalize_text(text: str) -> str:
    """Ordinary spaces, no invisible characters, Latin look-alikes made Latin; page breaks as blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    # a tab (a table's cells, an indent) is a space in prose: the splitter keeps no other
    # whitespace inside a sentence ("Dose.\t0.5 mg" lost its tab)
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text.replace("\t", " ")))
    return _WORD.sub(_latin_word, text)


def odd_spaces(text: str) -> list[tuple[str, str, str]]:
    """Each odd space in text with the words either side of it (for saying what was fixed)."""
    out = []
    for m in _ODD_SPACES.finditer(text):
        before = re.findall(r"\S+$", text[:m.start()])
        after = re.findall(r"^\S+", text[m.end():])
        out.append((m.group(0), before[0] if before else "", after[0] if after else ""))
    return out


def lookalike_fixes(text: str) -> list[tuple[str, str, str]]:
    """(word, word in Latin letters, names of the look-alike letters) for each word to fix."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        fixed = _latin_word(m)
        if fixed != word:
            names = sorted({unicodedata.name(ch).lower().replace(" letter", "").replace("greek", "Greek")
                            .replace("cyrillic", "Cyrillic")
                            for ch, latin in zip(word, fixed, strict=True) if ch != latin})
            out.append((word, fixed, " and ".join(names)))
    return out


def article(noun: str) -> str:
    """'a' or 'an' before a noun ('an en dash', 'a hyphen')."""
    return "an" if noun[:1].lower() in "aeio" or noun.startswith(("en ", "em ")) else "a"


def _latin_word(match: re.Match[str]) -> str:
    """A word of mostly Latin letters with a Greek or Cyrillic look-alike in it, made all Latin."""
    word = match.group(0)
    fixed = word.translate(_LOOKALIKES)
    if fixed == word:
        return word
    latin = sum(ch.isascii() and ch.isalpha() for ch in word)
    foreign = len(word) - sum(ch.isascii() for ch in word)
    # 'οn' (omicron + n) is one of each: a lone Greek word such as 'α' or 'κB' has no Latin letter
    return fixed if latin and latin >= foreign else word
