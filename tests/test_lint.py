"""Lint: one fixture per rule that trips it, the clean fixture, and the CLI's exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.seedtools import MINI, claim_table, edit
from trainer.cli import app
from trainer.generate.lint import DRAFT_RULES, RULES, lint
from trainer.generate.seeds import load_source

TARGET = dict(topic="Pipeline", category="target", refs=[54])


def findings(folder):
    return lint(load_source(folder))


def rules_of(folder, claim=None):
    return {f.rule for f in findings(folder) if claim is None or f.subject == f"claim '{claim}'"}


def add_claim(claims_file, **fields):
    claims_file.write_text(claims_file.read_text() + claim_table(**fields))


def test_clean_fixture_has_no_findings():
    assert findings(MINI) == []


CASES = {
    "answer-too-long": dict(
        id="long", statement="It blocks one two three four five six seven eight nine.",
        question="What does it block?", answer="one two three four five six seven eight nine"),
    "answer-in-question": dict(
        id="giveaway", statement="Zeta blocks omega.", question="Does zeta block Omega?",
        answer="omega"),
    "question-too-long": dict(
        id="wordy", statement="Zeta blocks omega.", answer="omega",
        question="Which " + "very " * 40 + "thing does zeta block?"),
    "cloze-malformed": dict(
        id="braces", statement="Zeta blocks {{omega}}.", question="What does zeta block?",
        answer="omega", cloze=["{{omega}}"]),
    "cloze-nested": dict(
        id="nested", statement="Zeta blocks omega kinase.", question="What does zeta block?",
        answer="omega kinase", cloze=["omega kinase", "kinase"]),
    "yes-no-answer": dict(
        id="yesno", statement="The answer is yes.", question="Is zeta useful?", answer="Yes"),
    "statement-lacks-answer": dict(
        id="elsewhere", statement="Zeta blocks a kinase.", question="What does zeta block?",
        answer="omega"),
    "extra-too-long": dict(
        id="chatty", statement="Zeta blocks omega.", question="What does zeta block?",
        answer="omega", extra="word " * 31),
    "answer-leak": dict(
        id="leaky", statement="Lupus nephritis care is planned with nephrologists.",
        question="Which specialists help plan lupus nephritis care?", answer="nephrologists"),
    "attribution-in-question": dict(
        id="credited", statement="Zeta blocks omega.", answer="omega",
        question="According to the review, what does zeta block?"),
    "control-character": dict(
        id="hidden", statement="Zeta blocks\u200b omega.", question="What does zeta block?",
        answer="omega"),
    "retired-id": dict(
        id="hcq-retina", statement="Zeta blocks omega.", question="What does zeta block?",
        answer="omega"),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_trips_on_its_fixture(claims_file, rule):
    fields = {**CASES[rule], **TARGET}  # id first, as authors write it
    add_claim(claims_file, **fields)
    got = [f for f in findings(claims_file.parent) if f.subject == f"claim '{fields['id']}'"]
    assert rule in {f.rule for f in got}
    found = next(f for f in got if f.rule == rule)
    assert found.severity == RULES[rule][0]
    text = claims_file.read_text().splitlines()
    assert text[found.line - 1] == "[[claim]]" and f'id = "{fields["id"]}"' in text[found.line]


def test_alias_in_question_is_a_giveaway(claims_file):
    edit(claims_file, 'question = "Which molecule is dapirolizumab pegol directed against?"',
         'question = "Which molecule (CD154) is dapirolizumab pegol directed against?"')
    assert "answer-in-question" in rules_of(claims_file.parent, "dapirolizumab-cd40l")


def test_a_single_brace_in_a_cloze_term_is_refused(claims_file):
    # "omega}" would make "{{c1::omega}}}": Anki reads the term as "omega" and shows a stray "}"
    add_claim(claims_file, id="brace", statement="Zeta blocks omega}.", question="What does zeta block?",
              answer="omega}", cloze=["omega}"], **TARGET)
    assert "cloze-malformed" in rules_of(claims_file.parent, "brace")


def test_no_reference(claims_file):
    edit(claims_file, "refs = [80]", "refs = []")
    assert "no-reference" in rules_of(claims_file.parent, "leflunomide-vs-cyclophosphamide")


def test_same_question_with_another_answer_conflicts(claims_file):
    add_claim(claims_file, id="copycat", topic="Biologics", category="target", refs=[37],
              statement="Belimumab neutralises BAFF.", answer="BAFF",
              question="Which cytokine does the monoclonal antibody belimumab neutralise?")
    assert "conflicting-question" in rules_of(claims_file.parent, "copycat")


def test_two_reverse_cards_with_one_front_conflict(claims_file):
    edit(claims_file, 'refs = [52]', 'refs = [52]\nreverse = true')
    add_claim(claims_file, id="il-again", topic="Pipeline", category="target", refs=[52],
              statement="IL-12 and IL-23 share the p40 subunit.", answer="IL-12 and IL-23",
              question="Which two cytokines share the p40 subunit?", reverse=True)
    assert "conflicting-question" in rules_of(claims_file.parent, "il-again")


def test_small_category_fails_choice_and_false_variant(claims_file):
    add_claim(claims_file, id="lonely", topic="Pipeline", category="trial", refs=[47],
              statement="TULIP-2 tested anifrolumab.", question="Which trial tested anifrolumab?",
              answer="TULIP-2")
    assert {"choice-options", "false-variant"} <= rules_of(claims_file.parent, "lonely")


def test_uncited_reference_warns_unless_a_reason_is_given(seeds_dir):
    refs = seeds_dir / "mini" / "references.toml"
    refs.write_text(refs.read_text() + '\n[[reference]]\nnumber = 99\nauthors = "Doe J"\n'
                    'title = "Nothing"\njournal = "J"\nyear = 2000\n')
    found = [f for f in findings(seeds_dir / "mini") if f.rule == "uncited-reference"]
    assert [f.subject for f in found] == ["reference 99"] and found[0].severity == "warning"
    refs.write_text(refs.read_text() + 'uncited = "kept for the record"\n')
    assert not [f for f in findings(seeds_dir / "mini") if f.rule == "uncited-reference"]


def test_every_rule_has_a_test():
    tested = set(CASES) | {"no-reference", "conflicting-question", "choice-options",
                           "false-variant", "uncited-reference", "answer-in-question",
                           "duplicate-fact", "number-options", "unused-lint-allow"}
    tested |= set(DRAFT_RULES)  # each has its case in tests/test_draft_lint.py
    assert tested == set(RULES)


def test_lint_cli_exit_codes_and_message_shape(claims_file):
    runner = CliRunner()
    clean = runner.invoke(app, ["lint"])
    assert clean.exit_code == 0 and "13 claims: 0 error(s), 0 warning(s)" in clean.stderr
    add_claim(claims_file, **{**TARGET, **CASES["yes-no-answer"]})
    bad = runner.invoke(app, ["lint"])
    assert bad.exit_code == 1
    assert "seeds/mini/claims.toml:" in bad.stderr
    assert "claim 'yesno': error[yes-no-answer]: answer is a yes/no" in bad.stderr


def test_generate_stops_on_lint_errors_and_writes_nothing(claims_file, tmp_path):
    add_claim(claims_file, **{**TARGET, **CASES["answer-too-long"]})
    result = CliRunner().invoke(app, ["generate"])
    assert result.exit_code == 2 and "nothing written" in result.stderr
    assert not (tmp_path / "decks").exists()


def test_warnings_print_but_do_not_stop_generation(claims_file, tmp_path):
    add_claim(claims_file, **{**TARGET, **CASES["extra-too-long"]})
    result = CliRunner().invoke(app, ["generate"])
    assert result.exit_code == 0 and "warning[extra-too-long]" in result.stderr
    assert (tmp_path / "decks" / "mini.json").exists()


def test_coverage_report_lists_topics_and_uncited(seeds_dir):
    refs = seeds_dir / "mini" / "references.toml"
    refs.write_text(refs.read_text() + '\n[[reference]]\nnumber = 99\nauthors = "Doe J"\n'
                    'title = "Nothing"\njournal = "J"\nyear = 2000\nuncited = "no drug named"\n')
    result = CliRunner().invoke(app, ["lint", "--coverage"])
    assert result.exit_code == 0
    assert "Lupus nephritis                   3      6" in result.stdout
    assert "99 Doe 2000: no drug named" in result.stdout


def test_a_claim_may_leave_out_choice_and_truefalse(claims_file):
    add_claim(claims_file, id="lonely", topic="Pipeline", category="trial", refs=[47],
              statement="Anifrolumab was tested in phase 3.", quiz=["typed"],
              question="Which trial tested anifrolumab?", answer="TULIP-2")
    assert rules_of(claims_file.parent, "lonely") == set()
    from trainer.generate import render

    deck = json.loads(render(load_source(claims_file.parent)))
    assert [q["kind"] for q in deck["quiz"] if q["claim"] == "lonely"] == ["typed"]


# -- the rules of issue 13: leaks, attribution, duplicates, numbers, opt-outs -----------------

def test_a_leak_left_in_the_fill_in_text_is_caught(claims_file):
    add_claim(claims_file, id="prodrug", **TARGET, answer="mycophenolate mofetil",
              statement="Mycophenolate mofetil is a prodrug of mycophenolic acid.",
              question="Which prodrug is hydrolysed in the gut?")
    found = [f for f in findings(claims_file.parent) if f.subject == "claim 'prodrug'"]
    assert [f.rule for f in found] == ["answer-leak"]
    assert "fill-in text" in found[0].message and "'mycophenolic'" in found[0].message


def test_an_alias_leaks_too_and_unrelated_prefixes_do_not(claims_file):
    add_claim(claims_file, id="alias-leak", **TARGET, answer="IL-6",
              aliases=["interleukin-6"], statement="Zeta blocks IL-6.",
              question="Which interleukins does zeta block?")
    # 'interferon' and 'interleukin' share only the prefix 'inter': not one stem
    add_claim(claims_file, id="prefix-only", **TARGET, answer="interleukin-6",
              statement="Zeta blocks interleukin-6.",
              question="Which cytokine, unlike interferon, does zeta block?")
    assert "answer-leak" in rules_of(claims_file.parent, "alias-leak")
    assert "answer-leak" not in rules_of(claims_file.parent, "prefix-only")


@pytest.mark.parametrize("question", [
    "What did Furie and colleagues find that zeta blocks?",  # an author of reference 37
    "In Doe et al.'s trial, what does zeta block?",
    "What does the review say zeta blocks?",
])
def test_attribution_names_authors_et_al_and_the_review(claims_file, question):
    add_claim(claims_file, id="credited", **TARGET, answer="omega", statement="Zeta blocks omega.",
              question=question)
    found = [f for f in findings(claims_file.parent) if f.subject == "claim 'credited'"]
    assert [f.rule for f in found] == ["attribution-in-question"]
    assert found[0].severity == "error"


def test_a_capitalised_word_that_no_author_bears_is_no_attribution(claims_file):
    add_claim(claims_file, id="plain", **TARGET, answer="omega", statement="Zeta blocks omega.",
              question="What does Zeta, tested in Europe, block?")
    assert rules_of(claims_file.parent, "plain") == set()


def test_the_words_of_a_group_author_are_no_surnames(claims_file):
    updates = claims_file.parent / "updates.toml"
    group = "Kidney Disease: Improving Global Outcomes (KDIGO) Lupus Nephritis Work Group"
    updates.write_text(updates.read_text() + '\n[[source]]\nid = "kdigo-2024"\n'
                       f'authors = "{group}"\ntitle = "A guideline"\njournal = "Kidney Int"\n'
                       'year = 2024\ndoi = "10.1/x"\n')
    add_claim(claims_file, id="state", **TARGET, answer="4 or less",
              statement="LLDAS allows 4 or less.",
              question="Up to what score does the Lupus Low Disease Activity State allow?")
    # a person listed in the same file still counts
    add_claim(claims_file, id="person", **TARGET, answer="omega", statement="Zeta blocks omega.",
              question="What did Simard find that zeta blocks?")
    assert "attribution-in-question" not in rules_of(claims_file.parent, "state")
    assert "attribution-in-question" in rules_of(claims_file.parent, "person")


def test_an_acronym_and_its_expansion_teach_one_fact(claims_file):
    add_claim(claims_file, id="target-state", **TARGET, answer="LLDAS",
              statement="Zeta raises LLDAS attainment.", question="Which treatment target does zeta raise?")
    add_claim(claims_file, id="target-expanded", **TARGET, answer="Lupus Low Disease Activity State",
              statement="LLDAS stands for Lupus Low Disease Activity State.",
              question="What does LLDAS stand for?")
    found = [f for f in findings(claims_file.parent) if f.rule == "duplicate-fact"]
    assert [f.subject for f in found] == ["claim 'target-expanded'"]  # the later claim, once
    assert "'target-state'" in found[0].message


def test_an_answer_that_is_another_claims_alias_is_a_duplicate(claims_file):
    # belimumab-blys lists BLyS among its aliases
    add_claim(claims_file, id="blys-again", **TARGET, answer="BLyS",
              statement="Belimumab neutralises BLyS.", question="What does belimumab bind?")
    assert "duplicate-fact" in rules_of(claims_file.parent, "blys-again")


def test_equal_answers_are_not_duplicates(claims_file):
    # two claims answering "hydroxychloroquine" teach two facts about one drug
    assert "duplicate-fact" not in rules_of(claims_file.parent)


def year_claims(claims_file, years):
    for n, year in enumerate(years):
        add_claim(claims_file, id=f"year-{n}", topic="History", category="year", refs=[54],
                  statement=f"Event {n} happened in {year}.", question=f"In what year did event {n} happen?",
                  answer=str(year))


def test_year_options_are_the_closest_years_in_ascending_order(claims_file):
    year_claims(claims_file, [2008, 2011, 2014, 2016, 1976])
    from trainer.generate import render

    deck = json.loads(render(load_source(claims_file.parent)))
    item = next(q for q in deck["quiz"] if q["id"] == "year-1/choice")
    assert item["options"] == ["2008", "2011", "2014", "2016"]  # 1976 is the furthest: left out
    false = next(q for q in deck["quiz"] if q["id"] == "year-1/truefalse")["false_statement"]
    assert false == "Event 1 happened in 2008."  # the closest year, not a random one


def test_a_year_far_from_every_other_is_caught(claims_file):
    year_claims(claims_file, [2008, 2011, 2014, 2016, 1976])
    found = [f for f in findings(claims_file.parent) if f.rule == "number-options"]
    assert [f.subject for f in found] == ["claim 'year-4'"]  # 1976 against 2008-2014
    assert "implausibly far" in found[0].message


def test_a_percentage_far_from_its_peers_is_caught(claims_file):
    for n, share in enumerate(["66%", "70%", "75%", "80%", "10%"]):
        add_claim(claims_file, id=f"share-{n}", topic="Trials", category="share", refs=[54],
                  statement=f"Drug {n} helped {share} of patients.", answer=share,
                  question=f"What share of patients did drug {n} help?")
    found = [f.subject for f in findings(claims_file.parent) if f.rule == "number-options"]
    assert found == ["claim 'share-4'"]  # 10% among 66-75%: more than 3 times off


def test_lint_allow_sets_a_rule_aside_for_one_claim_and_warns_when_unused(claims_file):
    add_claim(claims_file, **{**TARGET, **CASES["attribution-in-question"]})
    claims_file.write_text(claims_file.read_text().rstrip("\n") + "\nlint_allow = { attribution-in-question "
                           "= \"the question is ambiguous without its source\" }\n")
    assert rules_of(claims_file.parent, "credited") == set()
    add_claim(claims_file, id="needless", **TARGET, answer="omega", statement="Zeta blocks omega.",
              question="Which molecule does zeta block?")
    claims_file.write_text(claims_file.read_text().rstrip("\n") + "\nlint_allow = { answer-leak = \"no\" }\n")
    found = [f for f in findings(claims_file.parent) if f.subject == "claim 'needless'"]
    assert [(f.rule, f.severity) for f in found] == [("unused-lint-allow", "warning")]


def test_the_shipped_deck_is_lint_clean():
    from tests.seedtools import FIXTURES

    shipped = FIXTURES.parent.parent / "seeds" / "sle-review"
    assert [str(f) for f in findings(shipped)] == []
