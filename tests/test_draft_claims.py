"""Candidate claims: which sentences become drafts, with which refs, cloze terms, category, topic, id."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.seedtools import FIXTURES
from trainer.draft import build
from trainer.draft.claims import DEFINITION, FINDING, MECHANISM, RECOMMENDATION, kind_of
from trainer.draft.lexicon import known_claim_ids, load_lexicon
from trainer.draft.terms import Lexicon, Term, choose_cloze, defined_abbreviations
from trainer.draft.text import read_text

ROOT = Path(__file__).resolve().parent.parent
SHORT = FIXTURES / "draft" / "short-review.txt"


def drafted(lexicon: Lexicon | None = None, taken: set[str] | None = None):
    return build(read_text(SHORT), "ln-short", SHORT.name, lexicon, taken)


def by_start(words: str):
    return next(d.claim for d in drafted().drafts if d.claim.statement.startswith(words))


def test_claim_like_sentences_become_drafts_and_the_rest_do_not():
    statements = [d.claim.statement for d in drafted().drafts]
    assert any(s.startswith("Mycophenolate mofetil (MMF) or low-dose") for s in statements)
    assert any(s.startswith("In the low-dose regimen") for s in statements)  # a dose
    assert not any(s.startswith("This review summarises") for s in statements)  # about the paper
    assert not any("Treating lupus nephritis" in s for s in statements)  # the title


def test_kinds():
    assert kind_of("HCQ should be given to every patient.") == RECOMMENDATION
    assert kind_of("Remission is defined as no clinical activity.") == DEFINITION
    assert kind_of("Anifrolumab blocks the type I interferon receptor.") == MECHANISM
    assert kind_of("Flares fell from 30% to 12% at one year.") == FINDING
    assert kind_of("We review the treatment of lupus.") == ""
    assert kind_of("Should every patient take it?") == ""
    assert kind_of("The weather was pleasant.") == ""


def test_refs_come_from_the_sentence_markers_or_the_review_itself():
    assert by_start("Mycophenolate mofetil").refs == (2, 3)
    assert by_start("Voclosporin").refs == (5, 6, 7)  # [5-7]; 6 is the unparsed book, kept
    assert by_start("Lupus nephritis (LN) develops").refs == (1,)
    text = "Abstract\nHCQ should be given to every patient.\n\nReferences\n1. Doe J. T. Lupus 2019; 1:1-2.\n"
    (only,) = build(text, "x", "x.txt").drafts
    assert only.claim.refs == ("review",)


def test_draft_claims_keep_the_source_sentence_and_leave_question_and_answer_empty():
    claim = by_start("Belimumab (BEL)")
    assert claim.draft and claim.question == "" and claim.answer == "" and claim.aliases == ()
    assert claim.source_text.endswith("from 32% to 43% [4].")
    assert claim.statement.endswith("from 32% to 43%.")  # the markers are gone


def test_cloze_terms_are_verbatim_first_occurrences_and_never_nested():
    for draft in drafted().drafts:
        c = draft.claim
        for term in c.cloze:
            assert term in c.statement
            assert not any(term != other and term in other for other in c.cloze)


def test_cloze_proposals_names_doses_numbers_and_time():
    assert by_start("Mycophenolate mofetil").cloze == ("Mycophenolate mofetil", "cyclophosphamide")
    assert "500 mg every 2 weeks" in by_start("In the low-dose regimen").cloze
    assert "32% to 43%" in by_start("Belimumab (BEL)").cloze
    assert "41% vs. 23%" in by_start("Voclosporin").cloze
    assert "Hydroxychloroquine" in by_start("Hydroxychloroquine is recommended").cloze


def test_category_follows_the_likely_answer():
    assert by_start("In the low-dose regimen").category == "dose"
    assert by_start("Belimumab (BEL)").category == "percentage-change"
    assert by_start("Hydroxychloroquine is recommended").category == "drug"


def test_topic_comes_from_the_section_heading():
    assert by_start("Mycophenolate mofetil").topic == "Induction therapy"
    assert by_start("Voclosporin").topic == "Add-on therapies"
    assert by_start("Lupus nephritis (LN) develops").topic == "General"  # under 'Abstract'


def test_the_review_subject_is_never_a_blank():
    # 'LN' is in most sentences: blanking it would make every card the same card
    assert all("LN" not in d.claim.cloze for d in drafted().drafts)


def test_the_shipped_decks_seed_the_lexicon_with_categories_topics_and_aliases():
    lexicon = load_lexicon(ROOT / "seeds", ROOT / "decks", skip="ln-short")
    claim_hcq = next(d for d in drafted(lexicon).drafts
                     if d.claim.statement.startswith("Hydroxychloroquine is recommended"))
    import tomllib

    seed = tomllib.loads((ROOT / "seeds" / "sle-review" / "claims.toml").read_text(encoding="utf-8"))
    hcq = next(c for c in seed["claim"] if c["answer"].casefold() == "hydroxychloroquine")
    assert claim_hcq.claim.category == hcq["category"]  # the SLE deck's category for it
    assert set(hcq.get("aliases", [])) <= set(claim_hcq.alias_ideas)
    belimumab = next(d for d in drafted(lexicon).drafts if d.claim.statement.startswith("Belimumab"))
    assert belimumab.claim.topic == "Add-on therapies"  # a heading beats the lexicon's topic


def test_a_lexicon_from_deck_files_alone_works(tmp_path):
    lexicon = load_lexicon(tmp_path / "no-seeds", ROOT / "decks")
    assert "belimumab" in lexicon.terms and lexicon.terms["belimumab"].category == "drug"


def test_ids_are_unique_slugs_that_avoid_other_sources():
    taken = known_claim_ids(ROOT / "seeds", ROOT / "decks")
    ids = [d.claim.id for d in drafted(taken=taken | {"hydroxychloroquine-recommended-patients-ln"}).drafts]
    assert len(ids) == len(set(ids)) and not set(ids) & taken
    assert "hydroxychloroquine-recommended-patients-ln-2" in ids


def test_abbreviations_defined_in_the_text():
    text = ("Belimumab (BEL) and mycophenolate mofetil (MMF) were given with glucocorticoids (GCs); "
            "lupus low disease activity state (LLDAS) was the aim, and the result (P) was not.")
    assert defined_abbreviations(text) == {
        "BEL": "Belimumab", "MMF": "mycophenolate mofetil", "GCs": "glucocorticoids",
        "LLDAS": "lupus low disease activity state"}


def test_an_abbreviation_in_brackets_after_its_name_is_no_second_blank():
    lexicon = Lexicon([Term("belimumab", "drug", family=("BEL",)),
                       Term("BEL", "drug", family=("belimumab",))])
    got = choose_cloze("Belimumab (BEL) raised response rates to 43%.", lexicon, numbers_first=False)
    assert [s.text for s in got] == ["Belimumab", "43%"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_any_sentence_gets_valid_cloze_terms(sentence):
    lexicon = Lexicon([Term("belimumab", "drug"), Term("MMF", "drug")])
    terms = [s.text for s in choose_cloze(sentence, lexicon)]
    for term in terms:
        assert term and sentence.find(term) >= 0
        assert "{{" not in term and "::" not in term
        assert not any(term != other and term in other for other in terms)
