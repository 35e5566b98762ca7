"""Bad seeds: each problem is one located line, exit code 2, and decks/ untouched."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.seedtools import claim_table, edit
from trainer.cli import app

GOOD = dict(id="new-claim", topic="Pipeline", statement="Zeta blocks omega.",
            question="What does zeta block?", answer="omega", category="target", refs=[54])


def run_generate(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir(exist_ok=True)
    (decks / "mini.json").write_text("previous deck\n")
    result = CliRunner().invoke(app, ["generate"])
    assert (decks / "mini.json").read_text() == "previous deck\n", "decks/ must be untouched"
    return result


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def line_number(path, needle: str) -> int:
    return next(i + 1 for i, line in enumerate(path.read_text().splitlines()) if needle in line)


def test_invalid_toml_names_file_and_line(claims_file, tmp_path):
    edit(claims_file, 'id = "hcq-tlr"', 'id = "hcq-tlr')
    line = line_number(claims_file, 'id = "hcq-tlr')
    msg = one_line_error(run_generate(tmp_path))
    assert msg.startswith(f"trainer: seeds/mini/claims.toml:{line}: invalid TOML")


def test_non_utf8_file_names_its_line(claims_file, tmp_path):
    data = claims_file.read_bytes().replace(b"Belimumab is", b"Belimumab \xe9s", 1)
    claims_file.write_bytes(data)
    line = data[: data.index(b"\xe9")].count(b"\n") + 1
    msg = one_line_error(run_generate(tmp_path))
    assert f"claims.toml:{line}: not UTF-8" in msg and "save the file as UTF-8" in msg


def test_unknown_field_is_named_with_its_line(claims_file, tmp_path):
    edit(claims_file, 'answer = "tacrolimus"', 'anwser = "tacrolimus"')
    line = line_number(claims_file, "anwser")
    msg = one_line_error(run_generate(tmp_path))
    assert f"claims.toml:{line}: claim 'multitarget-tacrolimus': unknown field 'anwser'" in msg


def test_missing_field_is_named(claims_file, tmp_path):
    edit(claims_file, 'category = "drug"\nrefs = [80]', "refs = [80]")
    msg = one_line_error(run_generate(tmp_path))
    assert "claim 'leflunomide-vs-cyclophosphamide': missing field 'category'" in msg


def test_wrong_type_is_named(claims_file, tmp_path):
    edit(claims_file, "reverse = true", "reverse = 1")
    msg = one_line_error(run_generate(tmp_path))
    assert "claim 'mmf-impdh': field 'reverse' must be bool or str, not int" in msg


def test_duplicate_id_points_at_both(claims_file, tmp_path):
    edit(claims_file, 'id = "hcq-preeclampsia"', 'id = "hcq-every-patient"')
    first = line_number(claims_file, "[[claim]]")
    msg = one_line_error(run_generate(tmp_path))
    assert "claim 'hcq-every-patient': duplicate id" in msg and f"line {first}" in msg


def test_bad_slug_is_refused(claims_file, tmp_path):
    edit(claims_file, 'id = "hcq-tlr"', 'id = "HCQ TLR"')
    assert "id must be a slug" in one_line_error(run_generate(tmp_path))


def test_duplicate_reference_number(seeds_dir, tmp_path):
    edit(seeds_dir / "mini" / "references.toml", "number = 30", "number = 27")
    msg = one_line_error(run_generate(tmp_path))
    assert "references.toml:" in msg and "reference 27: duplicate reference number" in msg


def test_reference_to_missing_number(claims_file, tmp_path):
    edit(claims_file, "refs = [80]", "refs = [81]")
    line = line_number(claims_file, "refs = [81]")
    msg = one_line_error(run_generate(tmp_path))
    assert f"claims.toml:{line}: claim 'leflunomide-vs-cyclophosphamide': cites reference 81" in msg


def test_refs_entry_of_wrong_kind(claims_file, tmp_path):
    edit(claims_file, "refs = [80]", 'refs = ["the review"]')
    assert "use reference numbers or \"review\"" in one_line_error(run_generate(tmp_path))


def test_cloze_term_absent_from_statement(claims_file, tmp_path):
    edit(claims_file, 'cloze = ["monoclonal antibody"', 'cloze = ["monoclonal antibodies"')
    msg = one_line_error(run_generate(tmp_path))
    assert "claim 'belimumab-blys': cloze term 'monoclonal antibodies' is not in the statement" in msg


def test_unknown_top_level_table(claims_file, tmp_path):
    claims_file.write_text(claims_file.read_text() + "\n[[claims]]\nid = \"x\"\n")
    assert "unknown table or key 'claims'" in one_line_error(run_generate(tmp_path))


def test_missing_seeds_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["generate"])
    assert "no seeds folder here" in one_line_error(result)


@pytest.mark.parametrize("command", [["lint"], ["generate", "--check"]])
def test_every_seed_reader_reports_the_same_way(claims_file, command):
    claims_file.write_text(claims_file.read_text() + claim_table(**{**GOOD, "bogus": 1}))
    result = CliRunner().invoke(app, command)
    assert "claim 'new-claim': unknown field 'bogus'" in one_line_error(result)


def test_unknown_quiz_kind(claims_file, tmp_path):
    edit(claims_file, 'category = "drug"\nrefs = [80]', 'category = "drug"\nrefs = [80]\nquiz = ["essay"]')
    assert "quiz holds 'essay'; use some of choice, truefalse, typed" in one_line_error(
        run_generate(tmp_path))


# -- priority, updates, retired ids, lint_allow ------------------------------------------------

def test_unknown_priority_is_named_with_its_line(claims_file, tmp_path):
    edit(claims_file, 'refs = [80]\npriority = "detail"', 'refs = [80]\npriority = "minor"')
    line = line_number(claims_file, 'priority = "minor"')
    msg = one_line_error(run_generate(tmp_path))
    assert f"claims.toml:{line}: claim 'leflunomide-vs-cyclophosphamide': priority is 'minor'" in msg
    assert '"core"' in msg and '"detail"' in msg


def test_an_update_needs_its_source(claims_file, tmp_path):
    edit(claims_file, 'update_refs = ["simard-2024"]\n', "")
    msg = one_line_error(run_generate(tmp_path))
    assert "claim 'hcq-preeclampsia': update has no source" in msg


def test_an_update_source_must_exist(claims_file, tmp_path):
    edit(claims_file, 'update_refs = ["simard-2024"]', 'update_refs = ["simard-2025"]')
    line = line_number(claims_file, "simard-2025")
    msg = one_line_error(run_generate(tmp_path))
    assert f"claims.toml:{line}: claim 'hcq-preeclampsia': update_refs holds 'simard-2025'" in msg
    assert "it has: simard-2024" in msg


def test_an_update_source_needs_a_doi(seeds_dir, tmp_path):
    updates = seeds_dir / "mini" / "updates.toml"
    edit(updates, 'doi = "10.1002/acr.25386"\n', "")
    msg = one_line_error(run_generate(tmp_path))
    assert "updates.toml:" in msg and "source 'simard-2024': missing field 'doi'" in msg


def test_update_sources_are_not_references(seeds_dir, tmp_path):
    updates = seeds_dir / "mini" / "updates.toml"
    updates.write_text(updates.read_text() + '\n[[reference]]\nnumber = 1\n')
    assert "unknown table or key 'reference'" in one_line_error(run_generate(tmp_path))


def test_lint_allow_names_a_rule_that_can_be_allowed_with_a_reason(claims_file, tmp_path):
    edit(claims_file, "lint_allow = { answer-leak =", "lint_allow = { no-reference =")
    msg = one_line_error(run_generate(tmp_path))
    assert "claim 'hcq-tlr': lint_allow names 'no-reference', which cannot be allowed" in msg
    edit(claims_file, "lint_allow = { no-reference =", "lint_allow = { answer-leak =")
    text = claims_file.read_text()
    start = text.index("lint_allow = { answer-leak =")
    claims_file.write_text(text[:start] + 'lint_allow = { answer-leak = " " }' +
                           text[text.index("\n", start):])
    assert "lint_allow.answer-leak needs a reason" in one_line_error(run_generate(tmp_path))


def test_a_retired_entry_needs_a_reason(claims_file, tmp_path):
    edit(claims_file, 'reason = "fixture: a retired id, so reusing it is a lint error"\n', "")
    line = line_number(claims_file, 'id = "hcq-retina"')
    msg = one_line_error(run_generate(tmp_path))
    assert f"claims.toml:{line - 1}: retired 'hcq-retina': missing field 'reason'" in msg


def test_seed_errors_are_typed_and_located(claims_file):
    from trainer.errors import BadSeed
    from trainer.generate.seeds import load_source

    edit(claims_file, 'refs = [80]\npriority = "detail"', 'refs = [80]\npriority = 1')
    with pytest.raises(BadSeed) as caught:
        load_source(claims_file.parent)
    assert caught.value.line == line_number(claims_file, "priority = 1")
    assert caught.value.path.endswith("claims.toml")
    assert caught.value.problem.startswith("claim 'leflunomide-vs-cyclophosphamide': field 'priority'")
