"""Parse reference-list entries (Vancouver/ICMJE, AMA, 'Surname, I., et al., Title. Journal, Year.')."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from trainer.draft.reflist import RawEntry
from trainer.draft.text import PUNCT_DASHES, article, lookalike_fixes, odd_spaces
from trainer.seedmodel import Reference

VANCOUVER = "Vancouver"
AMA = "AMA"
NUMBERED = "'Surname, Initials., et al., Title. Journal, Year. Vol(Issue): pages'"

_DOI = re.compile(r"(?:\bdoi\s*[:.]?\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+)", re.IGNORECASE)
_BARE_DOI = re.compile(r"(?<![\w/])(10\.\d{4,9}/\S+)")
_EMPTY_DOI = re.compile(r"[.,;]?\s*\bdoi\s*:?\s*$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"[.,;]?\s*\[?\bJournal Article\b\]?\.?\s*$", re.IGNORECASE)
# record-keeping a reference manager appends after the citation proper
_TRAILERS = (
    re.compile(r"\bPMCID\s*:?\s*PMC\d+\.?", re.IGNORECASE),
    re.compile(r"\bPMID\s*:?\s*\d+\.?", re.IGNORECASE),
    re.compile(r"\[?\bEpub ahead of print\b\]?\.?", re.IGNORECASE),
    re.compile(r"\bEpub\s+(?:(?:1[89]|20)\d{2})(?:\s+[A-Z][a-z]{2,8}\.?)?(?:\s+\d{1,2})?\.?"),
    re.compile(r"\bPublished online\b[^.;]*\.?", re.IGNORECASE),
    re.compile(r"\[(?:cited|accessed)[^\]]*\]\.?", re.IGNORECASE),
    re.compile(r"\b(?:Available (?:from|at)|Accessed)\b\s*:?\s*\S*\.?", re.IGNORECASE),
    re.compile(r"https?://\S+"),
)
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})[a-z]?"
# "Journal 2019; 15(9):519-32" or "Journal. 2019 Sep 3;15(9):519-532": the year, an optional date,
# then ';' and where the paper is in the journal
_VANCOUVER_TAIL = re.compile(
    r"^(?P<head>.*\S)\s+" + _YEAR
    + r"(?:\s+[A-Z][a-z]{2,8}\.?(?:\s*[-/]\s*[A-Z][a-z]{2,8}\.?)?(?:\s+\d{1,2}(?:\s*-\s*\d{1,2})?)?)?"
    r"\s*;\s*(?P<where>[^;]*?)\s*$")
# "Journal, 2005. 19(2): 109-17" (EndNote's numbered style, as in the SLE review's entry 29)
_NUMBERED_TAIL = re.compile(r"^(?P<head>.*\S),\s+" + _YEAR + r"\.\s+(?P<where>\d[^;]*?)\s*$")
_WHERE = re.compile(r"^(?P<volume>[^():]*?)\s*(?:\((?P<issue>[^()]*)\))?\s*(?::\s*(?P<pages>.*?))?\s*$")
_SUPPLEMENT = re.compile(r"^(?P<volume>\S+)\s+(?P<issue>(?:Suppl|Supplement|Pt|Part)\b.*)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_ABBREVIATED_WORD = re.compile(r"^[A-Z][A-Za-z]{0,7}\.$")  # 'J.', 'Am.', 'Nephrol.' of a dotted journal

# Vancouver/AMA authors: 'Surname Initials', surnames of up to four words ('van Vollenhoven RF',
# 'U Dolgin E'), initials of up to four capitals with an optional hyphen ('Wu Y-JJ')
_SURNAME_WORD = r"[^\W\d_][\w'’\-\u2010-\u2014]*"
_INITIALS = r"[A-ZÀ-Ý]{1,4}(?:-[A-ZÀ-Ý]{1,4})?(?:\s+(?:Jr|Sr|II|III|IV)\.?)?"
_AUTHOR = rf"{_SURNAME_WORD}(?:\s+{_SURNAME_WORD}){{0,3}}\s+{_INITIALS}"
_AUTHORS = re.compile(rf"{_AUTHOR}(?:\s*,\s*{_AUTHOR})*(?:\s*,?\s*et\.?\s*al)?")
_ET_AL = re.compile(r"et\.?\s*al\.?")
# 'Surname, I.' authors of the numbered style: 'Rezaie-Yazdi, Z., et al., Title'
_HARVARD_AUTHOR = r"[^\W\d_][\w'’\- ]*?,\s*(?:[A-ZÀ-Ý]\.\s*-?\s*){1,4}"
_HARVARD = re.compile(
    rf"^(?P<authors>{_HARVARD_AUTHOR}(?:\s*,?\s*(?:and\s+|&\s*)?{_HARVARD_AUTHOR})*"
    r"(?:\s*,?\s*et al\.)?)\s*[,.]?\s+(?P<title>\S.*)$")
MAX_GROUP_AUTHOR_WORDS = 12


@dataclass(frozen=True)
class ParsedEntry:
    """One entry: its Reference when it could be read, else why not; notes say what was fixed."""

    number: int
    line: int
    raw: str
    reference: Reference | None
    notes: tuple[str, ...] = ()
    problem: str = ""
    style: str = ""


class _Unparsable(Exception):
    pass


def parse_list(entries: tuple[RawEntry, ...] | list[RawEntry]) -> list[ParsedEntry]:
    """Every entry parsed, in list order; a number seen twice keeps its first entry."""
    parsed: list[ParsedEntry] = []
    seen: set[int] = set()
    for entry in entries:
        if entry.number in seen:
            parsed.append(ParsedEntry(entry.number, entry.line, entry.text, None,
                                      problem=f"number {entry.number} is used twice in the list"))
            continue
        seen.add(entry.number)
        parsed.append(parse_entry(entry))
    styles = Counter(p.style for p in parsed if p.reference is not None)
    if len(styles) > 1:
        usual = styles.most_common(1)[0][0]
        parsed = [replace(p, notes=(f"Oddity: printed in a different citation style from most of the "
                                    f"list ({p.style}).", *p.notes))
                  if p.reference is not None and p.style != usual else p for p in parsed]
    return parsed


def parse_entry(entry: RawEntry) -> ParsedEntry:
    """One entry of the list; an entry that cannot be read keeps its raw text and the reason."""
    notes: list[str] = []
    try:
        reference, style = _parse(entry, notes)
    except _Unparsable as exc:
        return ParsedEntry(entry.number, entry.line, entry.text, None, problem=str(exc))
    return ParsedEntry(entry.number, entry.line, entry.text, reference, tuple(notes), style=style)


def _parse(entry: RawEntry, notes: list[str]) -> tuple[Reference, str]:
    text = re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]", "", entry.text).strip()
    text, doi = _take_doi(text, notes)
    for trailer in _TRAILERS:
        text = trailer.sub("", text)
    text = text.strip().rstrip(".,;").strip()
    style = VANCOUVER
    tail = _VANCOUVER_TAIL.match(text)
    if tail is not None:
        before_year = tail.group("head")
        style = AMA if before_year.endswith(".") else VANCOUVER
    else:
        tail = _NUMBERED_TAIL.match(text)
        style = NUMBERED
    if tail is None:
        raise _Unparsable("no 'Journal Year;Volume(Issue):pages' part found: a book, a web page, "
                          "or another style?")
    volume, issue, pages = _where(tail.group("where"))
    authors = title = journal = ""
    for front, candidate in _journals(tail.group("head")):
        # 'J. Am. Soc. Nephrol' or a one-word title before the journal ('Gout. Lancet')
        try:
            authors, title = _authors_title(front, notes)
        except _Unparsable:
            continue
        if title:
            journal = candidate
            break
    if not title:
        raise _Unparsable("the authors could not be told apart from the title")
    year = int(tail.group("year"))
    fields = {"authors": authors, "title": title, "journal": journal}
    for name, value in list(fields.items()):
        fields[name] = _clean_field(name, value, notes)
    pages = _clean_field("pages", pages, notes)
    if not issue and volume:
        notes.append("No issue number in the source.")
    for name in ("authors", "title", "journal"):
        if not fields[name]:
            raise _Unparsable(f"no {name} found")
    return Reference(number=entry.number, authors=fields["authors"], title=fields["title"],
                     journal=fields["journal"], year=year, volume=_clean_field("volume", volume, notes),
                     issue=_clean_field("issue", issue, notes), pages=pages, doi=doi,
                     line=entry.line), style


def _take_doi(text: str, notes: list[str]) -> tuple[str, str]:
    """The entry without its DOI, and the DOI (trailing full stops and stray brackets removed)."""
    m = _DOI.search(text) or _BARE_DOI.search(text)
    if m is None:
        if _PLACEHOLDER.search(text):
            notes.append("No DOI in the source: the place of the DOI holds the placeholder "
                         "'Journal Article.'.")
            return _PLACEHOLDER.sub("", text), ""
        if _EMPTY_DOI.search(text):
            notes.append("No DOI in the source: the record ends with an empty 'doi:'.")
            return _EMPTY_DOI.sub("", text), ""
        notes.append("No DOI in the source.")
        return text, ""
    doi = m.group(1)
    stripped = doi.rstrip(".,;")
    dots = len(doi) - len(stripped) if doi.endswith(".") else 0
    doi = stripped
    for opening, closing in ("()", "[]"):
        while doi.endswith(closing) and doi.count(closing) > doi.count(opening):
            doi = doi[:-1].rstrip(".,;")
    if dots >= 2:
        notes.append(f"Fix: the DOI ends in {'a double dot' if dots == 2 else 'several dots'} "
                     f"('{'.' * dots}') in the source; the trailing dots were removed.")
    start = m.start()
    # the DOI's own label ('doi:') goes with it; the full stop before it ends the citation proper
    return (text[:start].rstrip() + " " + text[m.end():].lstrip()).strip(), doi


def _where(where: str) -> tuple[str, str, str]:
    """Volume, issue and pages from '15(9):519-32', '91:45-54', '2 Suppl 1:S13-5', '19(2): p. 109-17'."""
    m = _WHERE.match(where.strip().rstrip("."))
    if m is None:
        raise _Unparsable(f"cannot read volume, issue and pages from {where!r}")
    volume, issue, pages = (m.group(k) or "" for k in ("volume", "issue", "pages"))
    volume, issue = volume.strip(), issue.strip()
    supplement = _SUPPLEMENT.match(volume)
    if supplement and not issue:
        volume, issue = supplement.group("volume"), supplement.group("issue")
    pages = re.sub(r"^pp?\.\s*", "", pages.strip()).rstrip(".").strip()
    return volume, issue, pages


def _journals(head: str) -> list[tuple[str, str]]:
    """Ways to split 'Authors. Title. Journal' at the journal (the last sentence), the journal with
    its dotted abbreviations first ('J. Am. Soc. Nephrol'), then shorter ones."""
    head = head.rstrip()
    if head.endswith(".") and not _ABBREVIATED_WORD.match(head.rsplit(" ", 1)[-1] if " " in head else head):
        head = head[:-1].rstrip()
    elif head.endswith(","):
        head = head[:-1].rstrip()
    cuts = [m.end() for m in _SENTENCE_END.finditer(head)]
    if not cuts:
        raise _Unparsable("authors, title and journal could not be told apart")
    starts = [cuts[-1]]
    while len(cuts) >= 2 and _ABBREVIATED_WORD.match(head[cuts[-2]:cuts[-1]].strip()):
        cuts.pop()
        starts.append(cuts[-1])
    return [(head[:start].rstrip(), head[start:].strip().rstrip(".").strip()) for start in reversed(starts)]


def _authors_title(front: str, notes: list[str]) -> tuple[str, str]:
    """Authors and title from 'Authors. Title.' (Vancouver, AMA) or 'Surname, I., et al., Title.'."""
    for m in re.finditer(r"\.(?=\s)", front):
        prefix = front[:m.start()]
        if not _AUTHORS.fullmatch(prefix):
            continue
        rest = front[m.end():].lstrip()
        authors = prefix + "." if prefix.endswith("al") else prefix
        et_al = _ET_AL.match(rest)
        if et_al:  # 'Schrieber L. et al.': the list ends after 'et al.'
            authors = f"{prefix}. {et_al.group(0)}"
            rest = rest[et_al.end():].lstrip()
        return authors, _title(rest)
    harvard = _HARVARD.match(front)
    if harvard:
        return harvard.group("authors").strip().rstrip(","), _title(harvard.group("title"))
    first, _, rest = front.partition(". ")
    if rest and len(first.split()) <= MAX_GROUP_AUTHOR_WORDS:
        notes.append("Check: the authors are not in 'Surname Initials' form (a group author?); the "
                     "first sentence of the entry was taken as the authors.")
        return first.strip(), _title(rest)
    raise _Unparsable("the authors could not be told apart from the title")


def _title(text: str) -> str:
    text = text.strip()
    while text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


_LABELS = {"authors": ("the authors", "the authors'"), "title": ("the title", "the title's"),
           "journal": ("the journal", "the journal's"), "pages": ("the pages", "the pages'"),
           "volume": ("the volume", "the volume's"), "issue": ("the issue", "the issue's")}


def _clean_field(name: str, value: str, notes: list[str]) -> str:
    """A field with ordinary spaces, Latin letters for look-alikes, hyphens in authors and pages."""
    label, possessive = _LABELS[name]
    for ch, before, after in odd_spaces(value):
        space = unicodedata.name(ch, "odd space").lower()
        where = f" between '{before}' and '{after}'" if before and after else ""
        notes.append(f"Fix: {label} has {article(space)} {space}{where} in the source; replaced by "
                     "an ordinary space.")
    value = re.sub(r"\s+", " ", value).strip()
    for word, fixed, names in lookalike_fixes(value):
        notes.append(f"Fix: {possessive} '{word}' is printed with {article(names)} {names} in the "
                     f"source; replaced by the Latin '{fixed}'.")
        value = re.sub(rf"\b{re.escape(word)}\b", fixed, value)
    if name in ("authors", "pages", "volume", "issue"):
        for dash in (d for d in PUNCT_DASHES if d in value):
            dash_name = unicodedata.name(dash).lower()
            if name == "authors":
                for author in (a.strip() for a in value.split(",") if dash in a):
                    notes.append(f"Fix: the author '{author}' is printed with {article(dash_name)} "
                                 f"{dash_name}; replaced by a hyphen ('{author.replace(dash, '-')}').")
            else:
                notes.append(f"Fix: {label} are printed with {article(dash_name)} {dash_name}; "
                             "replaced by a hyphen.")
            value = value.replace(dash, "-")
    return value
