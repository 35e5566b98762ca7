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
                           "false-variant", "uncited-reference", "answer-in-question"}
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
