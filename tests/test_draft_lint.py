"""Draft claims in the seeds: loaded with question and answer empty, malformed ones still refused,
lint lists what each lacks, generate never makes cards of them and says how many it skipped."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.seedtools import MINI, claim_table
from trainer.cli import app
from trainer.errors import BadSeed
from trainer.generate import generate, render
from trainer.generate.lint import DRAFT_RULES, lint
from trainer.generate.seeds import load_source

DRAFT = dict(id="zeta-omega-draft", draft=True, topic="Pipeline", statement="Zeta blocks omega kinase.",
             source_text="Zeta blocks omega kinase [54].", question="", answer="", aliases=[],
             cloze=["omega kinase"], category="target", refs=[54])


def add(claims_file, **fields):
    claims_file.write_text(claims_file.read_text() + claim_table(**fields))


def draft_findings(folder, claim="zeta-omega-draft"):
    return [f for f in lint(load_source(folder)) if f.subject == f"claim '{claim}'"]


def test_a_draft_with_empty_question_and_answer_loads(claims_file):
    add(claims_file, **DRAFT)
    claim = next(c for c in load_source(claims_file.parent).claims if c.id == "zeta-omega-draft")
    assert claim.draft and claim.question == "" and claim.source_text == "Zeta blocks omega kinase [54]."


@pytest.mark.parametrize("change, message", [
    (dict(draft="yes"), "field 'draft' must be bool"),
    (dict(statement=""), "field 'statement' is empty"),
    (dict(refs=["somewhere"]), "refs holds 'somewhere'"),
    (dict(id="Not A Slug"), "id must be a slug"),
    (dict(question=3), "field 'question' must be str"),
])
def test_a_malformed_draft_is_still_refused(claims_file, change, message):
    add(claims_file, **{**DRAFT, **change})
    with pytest.raises(BadSeed, match=message):
        load_source(claims_file.parent)


def test_removing_draft_makes_the_usual_rules_apply(claims_file):
    finished = {k: v for k, v in DRAFT.items() if k != "draft"}
    add(claims_file, **finished)
    with pytest.raises(BadSeed, match="field 'question' is empty"):
        load_source(claims_file.parent)


def test_a_finished_claim_citing_a_missing_reference_is_refused(claims_file):
    add(claims_file, **{**{k: v for k, v in DRAFT.items() if k != "draft"}, "question": "What does zeta "
        "block?", "answer": "omega kinase", "refs": [999]})
    with pytest.raises(BadSeed, match="cites reference 999"):
        load_source(claims_file.parent)


def test_lint_lists_exactly_what_a_fresh_draft_lacks(claims_file):
    add(claims_file, **DRAFT)
    (finding,) = draft_findings(claims_file.parent)
    assert (finding.rule, finding.severity) == ("draft-incomplete", "warning")
    assert "write the question and the answer" in finding.message
    assert "own words" in finding.message and "delete draft = true" in finding.message
    assert finding.line > 0 and finding.path.endswith("claims.toml")


def test_lint_names_only_what_is_still_missing(claims_file):
    add(claims_file, **{**DRAFT, "question": "What does zeta block?", "statement": "Zeta inhibits omega."})
    (finding,) = draft_findings(claims_file.parent)
    assert finding.rule == "draft-incomplete"
    assert "write the answer" in finding.message and "question" not in finding.message
    assert "own words" not in finding.message
    assert "cloze term 'omega kinase'" in finding.message  # reworded away: copy it or drop it


def test_a_draft_citing_an_entry_left_unparsed_points_at_its_comment(claims_file):
    refs = claims_file.parent / "references.toml"
    refs.write_text(refs.read_text() + "\n# UNPARSED reference 120: no journal found.\n#   120. A book.\n")
    add(claims_file, **{**DRAFT, "refs": [120]})
    (finding,) = draft_findings(claims_file.parent)
    line = refs.read_text().splitlines().index("# UNPARSED reference 120: no journal found.") + 1
    assert f"write reference 120 in references.toml (its entry could not be read: see the comment on " \
           f"line {line}" in finding.message
    unparsed = [f for f in lint(load_source(claims_file.parent)) if f.rule == "reference-unparsed"]
    assert [(f.subject, f.line) for f in unparsed] == [("reference 120", line)]


def test_a_finished_draft_is_ready_and_a_verbatim_claim_is_flagged(claims_file):
    add(claims_file, **{**DRAFT, "question": "What does zeta block?", "answer": "omega kinase",
                        "statement": "Zeta inhibits the omega kinase."})
    (ready,) = draft_findings(claims_file.parent)
    assert ready.rule == "draft-ready" and "delete draft = true" in ready.message
    verbatim = {k: v for k, v in DRAFT.items() if k != "draft"}
    add(claims_file, **{**verbatim, "id": "zeta-verbatim", "question": "Which enzyme does zeta block?",
                        "answer": "omega kinase"})
    (wording,) = draft_findings(claims_file.parent, "zeta-verbatim")
    assert wording.rule == "source-wording"


def test_every_draft_rule_is_tested_here():
    assert set(DRAFT_RULES) == {"draft-incomplete", "draft-ready", "source-wording", "reference-unparsed"}


def test_drafts_make_no_cards_and_do_not_change_the_deck(claims_file, tmp_path):
    before = render(load_source(claims_file.parent))
    add(claims_file, **DRAFT)
    add(claims_file, **{**DRAFT, "id": "second-draft", "question": "What does zeta block?",
                        "answer": "omega kinase"})
    seeds = load_source(claims_file.parent)
    assert render(seeds) == before
    outcome = generate(claims_file.parent.parent, tmp_path / "out")
    assert outcome.drafts == 2
    deck = json.loads((tmp_path / "out" / "mini.json").read_text())
    assert not [c for c in deck["cards"] if c["claim"] in ("zeta-omega-draft", "second-draft")]


def test_a_source_of_drafts_only_gets_no_deck(seeds_dir, tmp_path):
    folder = seeds_dir / "fresh"
    folder.mkdir()
    (folder / "references.toml").write_text((MINI / "references.toml").read_text())
    (folder / "claims.toml").write_text(claim_table(**DRAFT))
    outcome = generate(seeds_dir, tmp_path / "out")
    assert (tmp_path / "out" / "mini.json").exists() and not (tmp_path / "out" / "fresh.json").exists()
    assert outcome.drafts == 1


def test_generate_and_lint_say_how_many_drafts(claims_file):
    add(claims_file, **DRAFT)
    runner = CliRunner()
    result = runner.invoke(app, ["generate"])
    assert result.exit_code == 0, result.output
    assert "skipped 1 draft claim(s)" in result.stdout
    linted = runner.invoke(app, ["lint"])
    assert linted.exit_code == 0  # drafts warn; they are work in progress, not errors
    assert "14 claims (1 drafts)" in linted.stderr and "warning[draft-incomplete]" in linted.stderr
