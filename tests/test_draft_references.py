"""Reference lists: the SLE review's parsed back to the hand-checked seed, each citation style,
and the oddities real lists carry (fixed and noted, or kept as a comment, never dropped)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.seedtools import FIXTURES
from trainer.draft import build
from trainer.draft.references import parse_entry, parse_list
from trainer.draft.reflist import RawEntry, split_document
from trainer.draft.text import read_text
from trainer.generate.seeds import load_references

ROOT = Path(__file__).resolve().parent.parent
DRAFT = FIXTURES / "draft"
FIELDS = ("number", "authors", "title", "journal", "year", "volume", "issue", "pages", "doi")


def parsed_list(path: Path):
    layout = split_document(read_text(path))
    assert layout is not None, f"{path.name}: no reference list found"
    return parse_list(layout.entries)


def field_by_field(parsed, expected: dict[int, dict]) -> dict[str, tuple[int, int]]:
    """Per field: (entries equal, entries compared); a field the seed leaves out is ''."""
    out = {}
    mine = {p.number: p.reference for p in parsed}
    for field in FIELDS:
        equal = sum(1 for n, ref in expected.items()
                    if mine.get(n) is not None and getattr(mine[n], field) == ref.get(field, ""))
        out[field] = (equal, len(expected))
    return out


def test_sle_reference_list_parses_back_to_the_hand_checked_seed_field_by_field():
    seed = tomllib.loads((ROOT / "seeds" / "sle-review" / "references.toml").read_text(encoding="utf-8"))
    expected = {r["number"]: r for r in seed["reference"]}
    parsed = parsed_list(DRAFT / "sle-review-references.txt")
    assert sorted(p.number for p in parsed) == sorted(expected), "the same entries, numbered alike"
    assert [p.number for p in parsed if p.reference is None] == []
    scores = field_by_field(parsed, expected)
    wrong = {f: s for f, s in scores.items() if s[0] != s[1]}
    assert not wrong, f"fields that differ from seeds/sle-review/references.toml: {wrong}"


def test_sle_list_notes_the_fixes_the_seed_records():
    notes = {p.number: " ".join(p.notes) for p in parsed_list(DRAFT / "sle-review-references.txt")}
    assert "double dot" in notes[13] and "double dot" in notes[52]
    assert "placeholder 'Journal Article.'" in notes[26] and "placeholder" in notes[35]
    assert "empty 'doi:'" in notes[64]
    assert "no-break space" in notes[1] and "four-per-em space" in notes[24]
    assert "en dash" in notes[24] and "omicron" in notes[71]
    assert "different citation style" in notes[29]


def references_of(path: Path) -> dict[int, dict]:
    return {p.number: p for p in parsed_list(path)}


def test_each_style_of_the_mixed_fixture_is_read():
    refs = references_of(DRAFT / "reference-styles.txt")
    vancouver, ama, numbered = refs[1].reference, refs[2].reference, refs[3].reference
    assert (vancouver.authors, vancouver.journal, vancouver.year, vancouver.volume, vancouver.issue,
            vancouver.pages, vancouver.doi) == ("Alder K, Birch TM, Cedar-Oak P", "Lupus Sci Med", 2018,
                                                "5", "1", "e000210", "10.5555/lsm.2018.210")
    assert (ama.authors, ama.title, ama.journal, ama.pages, ama.doi) == (
        "Dunmore R, Elm S", "Retinal screening intervals on hydroxychloroquine", "Ophthalmic Res",
        "301-309", "10.5555/or.2020.63.301")
    assert (numbered.authors, numbered.title, numbered.journal, numbered.year, numbered.volume,
            numbered.issue, numbered.pages, numbered.doi) == (
        "Fenwick, J., et al.", "Belimumab in active disease: a pooled analysis", "MJR", 2016, "12", "3",
        "45-53", "")


def test_oddities_are_fixed_and_noted():
    refs = references_of(DRAFT / "reference-styles.txt")
    assert refs[1].reference.title == "Antimalarial use in a lupus clinic: a ten-year audit"
    assert "no-break space" in " ".join(refs[1].notes)
    assert refs[2].reference.title.endswith("intervals on hydroxychloroquine")  # Greek omicron
    dotted = refs[4].reference
    assert (dotted.journal, dotted.authors, dotted.doi) == (
        "J. Clin. Rheumatol", "Garner L, Hollis W, Ivers Q, et al.", "10.5555/jcr.2019.25.88")
    dash = refs[5].reference
    assert dash.authors == "Juniper-Lee A, Kestrel B" and dash.doi == "10.5555/rheum.2021.ii10"
    assert dash.title == "Steroid tapering schedules: are slower tapers safer? A cohort study"
    assert (dash.volume, dash.issue, dash.pages) == ("60", "Suppl 2", "ii10-ii17")
    placeholder = refs[7].reference
    assert (placeholder.volume, placeholder.issue, placeholder.pages, placeholder.doi) == (
        "19", "Suppl 1", "S40-6", "")
    wrapped = refs[8].reference  # three printed lines, a page range broken after its hyphen, a PMID
    assert (wrapped.journal, wrapped.pages, wrapped.doi) == (
        "Arthritis Care Res (Hoboken)", "1120-1128", "10.5555/acr.2017.69.1120")
    assert refs[10].reference.doi == "" and "empty 'doi:'" in " ".join(refs[10].notes)
    assert refs[11].reference.authors.endswith("Aster B. et al.")


def test_an_entry_that_cannot_be_read_is_kept_with_its_raw_text():
    drafted = build(read_text(DRAFT / "reference-styles.txt"), "styles", "reference-styles.txt")
    book = next(e for e in drafted.references if e.number == 9)
    assert book.reference is None and "book" in book.problem
    assert "# UNPARSED reference 9:" in drafted.references_toml
    assert "#   9. Rowan S. Lupus: a handbook for patients. 2nd ed. London: Example Press; 2014." \
        in drafted.references_toml
    assert "# Numbers absent from the source list: 6." in drafted.references_toml


def test_written_references_load_with_the_seeds_loader(tmp_path):
    drafted = build(read_text(DRAFT / "reference-styles.txt"), "styles", "reference-styles.txt")
    path = tmp_path / "references.toml"
    path.write_text(drafted.references_toml, encoding="utf-8")
    loaded = load_references(path)
    assert sorted(loaded) == [1, 2, 3, 4, 5, 7, 8, 10, 11]
    assert loaded[5].doi == "10.5555/rheum.2021.ii10"


def test_a_reference_heading_beats_a_numbered_list_in_the_body():
    text = ("Intro.\n\nSteps:\n1. Check the dose in 2019 notes.\n2. Ask again in 2020.\n3. Stop in 2021.\n\n"
            "More text [1].\n\nReferences\n1. Doe J. A title. Lupus 2019; 28(1):1-5.\n")
    layout = split_document(text)
    assert layout is not None and layout.heading == "References"
    assert [e.number for e in layout.entries] == [1] and "Steps:" in layout.body


def test_no_reference_list_is_none():
    assert split_document("Just prose. No list here.\n\n1. One item\n2. Two items\n") is None


_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéöñ", min_size=2, max_size=9).map(str.capitalize)
_initials = st.text(alphabet="ABCDEFGHJKLMNPRSTW", min_size=1, max_size=3)
_author = st.builds(lambda s, i: f"{s} {i}", _name, _initials)
_title_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=10).filter(
    lambda w: w.strip("-") == w)


@settings(max_examples=150, deadline=None)
@given(authors=st.lists(_author, min_size=1, max_size=6),
       title=st.lists(_title_word, min_size=2, max_size=12).map(lambda ws: " ".join(ws).capitalize()),
       journal=st.lists(_name, min_size=1, max_size=4).map(" ".join),
       year=st.integers(1950, 2030), volume=st.integers(1, 400), issue=st.integers(1, 12),
       first=st.integers(1, 900), doi=st.booleans())
def test_any_vancouver_record_round_trips(authors, title, journal, year, volume, issue, first, doi):
    text = (f"{', '.join(authors)}. {title}. {journal} {year}; {volume}({issue}):{first}-{first + 9}."
            + (f" doi: 10.5555/x.{year}.{first}." if doi else ""))
    ref = parse_entry(RawEntry(7, text, 1)).reference
    assert ref is not None, text
    assert (ref.authors, ref.title, ref.journal, ref.year, ref.volume, ref.issue, ref.pages) == (
        ", ".join(authors), title, journal, year, str(volume), str(issue), f"{first}-{first + 9}")
    assert ref.doi == (f"10.5555/x.{year}.{first}" if doi else "")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_any_entry_text_is_parsed_or_kept_never_lost(text):
    entry = parse_entry(RawEntry(3, text, 1))
    assert entry.raw == text
    assert (entry.reference is None) == bool(entry.problem)


def test_a_review_in_another_field_gets_nearly_every_reference_right():
    refs = references_of(DRAFT / "gout-review.txt")
    assert [n for n, p in refs.items() if p.reference is None] == [10]  # a NICE guideline, not an article
    one_word_title = refs[2].reference
    assert (one_word_title.authors, one_word_title.title, one_word_title.journal, one_word_title.pages) == (
        "Harrow E, et al.", "Gout", "Lancet", "1843-1855")
    endnote = refs[3].reference
    assert (endnote.authors, endnote.journal, endnote.volume, endnote.issue, endnote.pages) == (
        "Pennine, G., Dale, H.", "Curr Rheumatol Rep", "16", "2", "400")
    assert refs[5].reference.pages == "464-71" and refs[5].reference.doi == "10.5555/aim.2016.164.464"
    assert refs[11].reference.doi == "10.5555/nejm.2018.378.1200"
