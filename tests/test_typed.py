"""Typed-answer grading: a table of what must pass and what must fail, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.quiz import load_quiz_deck
from trainer.typed import canonical, deck_rivals, grade_typed, typo_allowance


@pytest.fixture
def rivals(decks_dir):
    return deck_rivals(load_quiz_deck(decks_dir, "mini"))


HCQ = ("hydroxychloroquine", ("HCQ",))
TAC = ("tacrolimus", ())
RTX = ("rituximab", ())
TLR = ("endosomal Toll-like receptors", ("endosomal TLRs", "TLRs"))
IMPDH = ("inosine monophosphate dehydrogenase", ("IMPDH",))
IL = ("IL-12 and IL-23", ("interleukin-12 and interleukin-23",))
IFNAR = ("type I interferon receptor", ("IFNAR", "IFNAR1"))
CYC = ("cyclophosphamide", ("CYC",))
PRED = ("prednisolone", ())
TNF = ("TNF-α", ())
BCELLS = ("B cells", ())
CD40L = ("CD40 ligand", ("CD40L", "CD154"))
GC = ("less than 7.5 mg/day", ("<7.5 mg/day",))
SLEDAI = ("SLEDAI-2K ≤4", ("SLEDAI-2K of 4 or less",))

# (what was typed, (answer, aliases), correct, near miss)
TYPED_CASES = [
    ("hydroxychloroquine", HCQ, True, False),  # exact
    ("HYDROXYCHLOROQUINE", HCQ, True, False),  # case
    ("hydroxychloroquíne", HCQ, True, False),  # accents
    ("  Hydroxy-chloroquine. ", HCQ, True, False),  # spaces and punctuation
    ("hydroxy chloroquine", HCQ, True, False),  # a space inside the word
    ("hydroxychloroqiune", HCQ, True, True),  # one typo (a transposition)
    ("hydroxichloroqine", HCQ, True, True),  # two typos in a long word
    ("hcq", HCQ, True, False),  # an abbreviation the claim lists
    ("hcg", HCQ, False, False),  # abbreviations are never fuzzy
    ("chloroquine", HCQ, False, False),  # another antimalarial, contained in the answer
    ("hydroxy", HCQ, False, False),  # a prefix
    ("hydroxychloroquine or rituximab", HCQ, False, False),  # the answer inside a longer one
    ("", HCQ, False, False),  # empty
    ("   ", HCQ, False, False),  # blank
    ("tacrolimis", TAC, True, True),  # one typo
    ("azathioprine", TAC, False, False),  # same class, refused
    ("sirolimus", TAC, False, False),  # same ending, another drug
    ("TAC", TAC, False, False),  # an abbreviation the claim does not list
    ("belimumab", RTX, False, False),  # another biologic of the deck
    ("leflunomide", RTX, False, False),  # a distractor of the deck
    ("cyclosporine", CYC, False, False),  # a different immunosuppressant
    ("cyclophosphamid", CYC, True, True),
    ("prednisone", PRED, False, False),  # two edits away, but another glucocorticoid
    ("prednisolne", PRED, False, False),  # as close to prednisone as to the answer: refused
    ("endosomal TLRs", TLR, True, False),  # alias
    ("Endosomal toll like receptor", TLR, True, True),  # singular: a near miss
    ("toll-like receptors", TLR, False, False),  # not listed, and a word short
    ("IMPDH", IMPDH, True, False),
    ("IMPD", IMPDH, False, False),
    ("IL-23 and IL-12", IL, True, False),  # word order
    ("IL12 & IL23", IL, True, False),  # "&", spacing
    ("IL-12 and IL-13", IL, False, False),  # numbers are exact
    ("type 1 interferon receptor", IFNAR, True, False),  # roman numeral
    ("type 2 interferon receptor", IFNAR, False, False),
    ("TNF alpha", TNF, True, False),  # Greek letter spelled out
    ("tnfα", TNF, True, False),
    ("TNF-β", TNF, False, False),
    ("T cells", BCELLS, False, False),  # one letter is the whole meaning
    ("Tcells", BCELLS, False, False),
    ("bcells", BCELLS, True, False),
    ("CD41 ligand", CD40L, False, False),
    ("the CD40 ligand", CD40L, True, False),  # a leading article
    ("< 7.5 mg/day", GC, True, False),  # the sign is part of the answer
    ("7.5 mg/day", GC, False, False),  # without it, another threshold
    ("SLEDAI-2K <= 4", SLEDAI, True, False),  # "<=" typed for "≤"
    ("SLEDAI-2K 4", SLEDAI, False, False),
]


@pytest.mark.parametrize(("typed", "expected", "correct", "near"), TYPED_CASES,
                         ids=[f"{c[0]!r}->{c[1][0]}" for c in TYPED_CASES])
def test_grade_typed(typed, expected, correct, near, rivals):
    answer, aliases = expected
    verdict = grade_typed(typed, answer, aliases, rivals)
    assert (verdict.correct, verdict.near_miss) == (correct, near)
    assert verdict.expected == answer


def test_near_miss_names_the_spelling_it_was_taken_for():
    verdict = grade_typed("Bruton tyrosin kinase", "Bruton's tyrosine kinase",
                          ("BTK", "Bruton tyrosine kinase"))
    assert verdict.correct and verdict.near_miss and verdict.matched == "Bruton tyrosine kinase"
    assert grade_typed("HCQ", *HCQ).matched == "HCQ"


def test_numbers_are_never_run_together():
    assert grade_typed("84.6 %", "84.6%").correct
    assert grade_typed("84,6%", "84.6%").correct
    assert not grade_typed("846%", "84.6%").correct
    assert not grade_typed("2009", "2008").correct


def test_canonical_form():
    assert canonical("The Anti-CD20 (B-cell) depletion!") == "anti cd20 b cell depletion"
    assert canonical("IFN-α & IFN-β") == "ifn alpha and ifn beta"
    assert canonical("class IV lupus nephritis") == "class 4 lupus nephritis"
    assert canonical("vitamin D and I") == "vitamin d and i"  # roman only after "type", "class"...


def test_typo_allowance_grows_with_length():
    assert [typo_allowance(n) for n in (3, 4, 5, 11, 12, 23, 24)] == [0, 0, 1, 1, 2, 2, 3]


@given(st.text(max_size=40))
def test_any_text_grades_without_error(text):
    verdict = grade_typed(text, "hydroxychloroquine", ("HCQ",), ("chloroquine",))
    assert verdict.correct in (True, False)


@given(st.text(min_size=1, max_size=30))
def test_an_answer_is_accepted_as_typed(answer):
    if canonical(answer):
        assert grade_typed(answer, answer).correct
        assert canonical(canonical(answer)) == canonical(answer)


# -- the other shapes of a right answer -------------------------------------------------------------

LEF = ("leflunomide", ("LEF", "Arava"))
MMF = ("mycophenolate mofetil", ("MMF",))
TAC_Q = ("tacrolimus", ("TAC",))
CALIBRATE = ("CALIBRATE", ())
TULIP = ("TULIP-1 and TULIP-2", ())
KTX = ("kidney transplantation", ())
NEUTROPHILS = ("neutrophils", ("PMNs",))
REMISSION = ("remission", ())
ASKS_TRIAL = "Which trial added belimumab to rituximab and cyclophosphamide?"
ASKS_TRIALS = "In which two phase 3 trials was anifrolumab evaluated?"
ASKS_CELLS = "Which cells release the extracellular traps formed in excess in SLE?"
ASKS_TARGET = "What is the treatment target in SLE?"

# (typed, (answer, aliases), question, correct, near miss)
SHAPE_CASES = [
    ("leflunomide (LEF)", LEF, "", True, False),  # a listed abbreviation in brackets
    ("LEF (leflunomide)", LEF, "", True, False),  # or the other way round
    ("mycophenolate mofetil (MMF)", MMF, "", True, False),
    ("leflunomide (Arava)", LEF, "", True, False),  # an accepted form in brackets
    ("leflunomide (LFN)", LEF, "", True, False),  # an unlisted shortening of the name
    ("leflunomide (MTX)", LEF, "", False, False),  # another drug's abbreviation
    ("leflunomide (methotrexate)", LEF, "", False, False),  # another drug
    ("tacrolimus (azathioprine)", TAC_Q, "", False, False),
    ("azathioprine (TAC)", TAC_Q, "", False, False),  # the wrong drug with the right letters
    ("leflunomide (I think)", LEF, "", False, False),  # words in brackets are no abbreviation
    ("the CALIBRATE trial", CALIBRATE, ASKS_TRIAL, True, False),  # the question says "trial"
    ("CALIBRATE trial", CALIBRATE, ASKS_TRIAL, True, False),
    ("the CALIBRATE study", CALIBRATE, ASKS_TRIAL, False, False),  # it does not say "study"
    ("the CALIBRATE trial", CALIBRATE, "", False, False),  # no question: nothing implied
    ("the TULIP-1 and TULIP-2 trials", TULIP, ASKS_TRIALS, True, False),
    ("treatment", REMISSION, ASKS_TARGET, False, False),  # implied words alone are no answer
    ("remission treatment", REMISSION, ASKS_TARGET, True, False),
    ("kidney transplant", KTX, "", True, True),  # another form of the word
    ("transplanted kidney", KTX, "", True, True),  # and another order
    ("neutrophil cells", NEUTROPHILS, ASKS_CELLS, True, True),  # both
    ("liver transplant", KTX, "", False, False),
]


@pytest.mark.parametrize(("typed", "expected", "question", "correct", "near"), SHAPE_CASES,
                         ids=[f"{c[0]!r}->{c[1][0]}" for c in SHAPE_CASES])
def test_other_shapes_of_the_right_answer(typed, expected, question, correct, near, rivals):
    answer, aliases = expected
    verdict = grade_typed(typed, answer, aliases, rivals, question)
    assert (verdict.correct, verdict.near_miss) == (correct, near)


@pytest.mark.parametrize(("typed", "expected"), [(c[0], c[1]) for c in TYPED_CASES if not c[2]])
def test_what_was_wrong_stays_wrong_with_any_question(typed, expected, rivals):
    """Asked in a question that holds every generic noun, the refused answers stay refused."""
    from trainer.typed_forms import GENERIC

    answer, aliases = expected
    question = "Which " + " ".join(sorted(GENERIC)) + "?"
    assert not grade_typed(typed, answer, aliases, rivals, question).correct
    assert not grade_typed(f"the {typed} drug", answer, aliases, rivals, question).correct


def shipped_typed_items():
    from pathlib import Path

    deck = load_quiz_deck(Path(__file__).parent.parent / "decks", "sle-review")
    return deck, [i for i in deck.quiz if i.kind == "typed"]


def test_every_shipped_answer_with_its_abbreviation_in_brackets_passes():
    from trainer.typed import is_abbreviation

    deck, items = shipped_typed_items()
    rivals = deck_rivals(deck)
    pairs = [(i, a) for i in items for a in i.aliases if is_abbreviation(a)]
    assert len(pairs) > 20
    for item, short in pairs:
        assert grade_typed(f"{item.answer} ({short})", item.answer, item.aliases, rivals,
                           item.question).correct, (item.answer, short)


def test_no_shipped_answer_passes_for_another_with_this_ones_abbreviation():
    from trainer.typed import is_abbreviation

    deck, items = shipped_typed_items()
    rivals = deck_rivals(deck)
    for item in items:
        mine = {canonical(f) for f in (item.answer, *item.aliases)}
        shorts = [a for a in item.aliases if is_abbreviation(a)][:1]
        for other in items:
            theirs = {canonical(f) for f in (other.answer, *other.aliases)}
            if mine & theirs:
                continue  # two questions with one answer
            for short in shorts:
                verdict = grade_typed(f"{other.answer} ({short})", item.answer, item.aliases,
                                      rivals, item.question)
                assert not verdict.correct, (other.answer, short, item.answer)


def test_an_answer_longer_than_the_limit_is_wrong_whatever_it_holds():
    from trainer.typed import MAX_TYPED

    assert grade_typed("hydroxychloroquine" + " " * (MAX_TYPED - 18), *HCQ).correct
    assert not grade_typed("hydroxychloroquine" + " " * (MAX_TYPED - 17), *HCQ).correct
    assert not grade_typed("hydroxychloroquine " * 100_000, *HCQ).correct
