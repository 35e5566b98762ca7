"""Sentences and citation markers: abbreviations that end no sentence, markers in every place a
review puts them, superscripts, and numbers that are not citations."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from trainer.draft.citations import Markers, expand
from trainer.draft.sentences import is_heading, paragraphs, split_sentences
from trainer.draft.text import normalize_text

KNOWN = set(range(1, 80))


def sentences(body: str, known: set[int] = KNOWN) -> list[str]:
    markers = Markers(known, body)
    return [s.text for s in split_sentences(body, markers.prepare)]


@pytest.mark.parametrize("text, count", [
    ("Drugs such as MMF, e.g. in class IV disease, help. Others do not.", 2),
    ("Furie et al. showed a benefit. A second trial agreed.", 2),
    ("Belimumab vs. placebo was tested. It helped.", 2),
    ("Response was 43% vs. 34% at week 52 [3-5]. Safety was similar.", 2),
    ("The response was approx. 50% at wk. 24. Then it fell.", 2),
    ("Doses of 0.5 mg/kg/d. were used. The rest got 1 g.", 2),
    ("It is common, i.e. most patients have it. Few do not.", 2),
    ("In the U.S. the drug was approved in 2011. Europe followed.", 2),
])
def test_abbreviations_and_decimals_end_no_sentence(text, count):
    assert len(sentences(text)) == count, sentences(text)


def test_a_marker_after_the_full_stop_stays_with_its_sentence():
    got = sentences("Nephritis occurs in 40% of patients.[3,5-7] Class IV needs induction.")
    assert got == ["Nephritis occurs in 40% of patients [3,5-7].", "Class IV needs induction."]


def test_a_marker_after_et_al_does_not_end_the_sentence():
    got = sentences("Low activity was defined by Franklyn et al.[65] as a score of 4 or less. Next.")
    assert len(got) == 2 and got[0].startswith("Low activity was defined by Franklyn et al.")


def test_flattened_superscripts_are_read_as_citations():
    body = "The drug disagreed.12 Anifrolumab blocks the receptor. Flares fell in nephritis34."
    markers = Markers(KNOWN, body)
    got = [markers.read(s.text) for s in split_sentences(body, markers.prepare)]
    assert [(c.text, c.refs) for c in got] == [
        ("The drug disagreed.", (12,)), ("Anifrolumab blocks the receptor.", ()),
        ("Flares fell in nephritis.", (34,))]


@pytest.mark.parametrize("sentence, text, refs", [
    ("HCQ is advised for all [12].", "HCQ is advised for all.", (12,)),
    ("Two trials [3-5] showed it.", "Two trials showed it.", (3, 4, 5)),
    ("Seen often [3,5-7; 9].", "Seen often.", (3, 5, 6, 7, 9)),
    ("Seen often [3, 5–7].", "Seen often.", (3, 5, 6, 7)),
    ("Anifrolumab blocks IFNAR1¹²˒¹⁴.", "Anifrolumab blocks IFNAR1.", (12, 14)),
    ("Rates fell³⁻⁵.", "Rates fell.", (3, 4, 5)),
    ("The dose is 500 mg/m² monthly [8].", "The dose is 500 mg/m² monthly.", (8,)),
    ("Counts were below 10⁹/L in 3 patients.", "Counts were below 10⁹/L in 3 patients.", ()),
    ("Cited twice [4] and again [4].", "Cited twice and again.", (4,)),
    ("A number the list lacks [120] is dropped.", "A number the list lacks is dropped.", ()),
])
def test_markers_are_read_and_removed(sentence, text, refs):
    cited = Markers(KNOWN, sentence).read(sentence)
    assert (cited.text, cited.refs) == (text, refs)


def test_parentheses_cite_only_in_a_text_that_cites_that_way():
    body = "A (1). B (2, 3). C (4-6). It rose in (2019) and (n = 12)."
    cited = Markers(KNOWN, body).read("Cases rose (4-6) in (2019) with (n = 12).")
    assert cited.refs == (4, 5, 6) and cited.text == "Cases rose in (2019) with (n = 12)."
    bracketed = "A [1]. B (2). C (3). D (4)."
    assert Markers(KNOWN, bracketed).read("D (4).").refs == ()


def test_expand_keeps_typo_ranges_small():
    assert expand("3,5-7") == [3, 5, 6, 7]
    assert expand("7-3") == [7, 3]
    assert expand("1-1000") == [1, 1000]


def test_headings_name_the_sections_and_structural_ones_do_not():
    body = ("Abstract\nLupus is common.\n\nInduction therapy\nMMF is used.\n\n"
            "1 Rheumatic Research Center, Some University\n\n2.1 Add-on drugs\nBelimumab is added.\n")
    got = [(p.heading, p.text) for p in paragraphs(body)]
    assert got == [("", "Lupus is common."), ("Induction therapy", "MMF is used."),
                   ("Induction therapy", "1 Rheumatic Research Center, Some University"),
                   ("Add-on drugs", "Belimumab is added.")]
    assert not is_heading("Belimumab was approved in 2011.") and is_heading("Lupus nephritis")


def test_wrapped_lines_join_and_keep_their_line_numbers():
    body = "Intro line.\n\nMycophenolate is used for\ninduction. Cyclophosphamide is\nan option.\n"
    got = split_sentences(body)
    assert [(s.text, s.line) for s in got] == [
        ("Intro line.", 1), ("Mycophenolate is used for induction.", 3),
        ("Cyclophosphamide is an option.", 4)]


def test_odd_spaces_and_lookalikes_are_evened_out_in_the_body():
    assert normalize_text("a\u00a0b\u2005c\u200bd \u03bfn NF-\u03baB") == "a b cd on NF-\u03baB"


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=0, max_size=400))
@example(".\t0")  # a tab after a full stop was lost
def test_any_text_splits_without_losing_a_character(text):
    body = normalize_text(text)
    kept = "".join(s.text for s in split_sentences(body)).replace(" ", "")
    assert kept == "".join(p.text for p in paragraphs(body)).replace(" ", "")
