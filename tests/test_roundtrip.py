"""Any claim text (unicode, brackets, markup-like text, quotes, newlines) reaches the deck unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.seedtools import MINI, claim_table
from trainer.generate import render
from trainer.generate.seeds import load_source

# text with the characters that break naive formats, plus anything else unicode offers
tricky = st.text(alphabet=st.sampled_from('[]<>&"\'\\\n\t{}:=#≤αβγ💊 aZ0'), min_size=1)
anything = st.text(min_size=1)
field = st.one_of(tricky, anything).filter(lambda s: s.strip())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(statement=field, question=field, extra=field, alias=field)
def test_claim_text_reaches_the_deck_unchanged(tmp_path: Path, statement, question, extra, alias):
    folder = tmp_path / "mini"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(MINI, folder)
    answer = "answer-token"
    text = claim_table(id="fuzz", topic="Pipeline", statement=statement + " " + answer,
                       question=question, answer=answer, aliases=[alias], category="target",
                       refs=[54], extra=extra)
    with (folder / "claims.toml").open("a", encoding="utf-8") as f:
        f.write(text)
    deck = json.loads(render(load_source(folder)))
    cards = {c["id"]: c for c in deck["cards"]}
    quiz = {q["id"]: q for q in deck["quiz"]}
    assert cards["fuzz/qa"]["question"] == question
    assert cards["fuzz/qa"]["extra"] == extra
    assert cards["fuzz/cloze"]["answer"] == statement + " " + answer
    assert quiz["fuzz/typed"]["aliases"] == [alias]
    assert quiz["fuzz/truefalse"]["statement"] == statement + " " + answer
