"""Deck files from elsewhere: every field's shape is checked, a broken one is one line naming
the file and the card, and no control character gets into a card."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.seedtools import FIXTURES
from trainer.decks import load_deck
from trainer.errors import BadDeckFile

GOLDEN = json.loads((FIXTURES / "golden" / "mini.json").read_text(encoding="utf-8"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10)


def write(tmp_path, data) -> object:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=st.sampled_from(["cards", "quiz"]), index=st.integers(0, 5),
       field=st.sampled_from(["id", "kind", "question", "answer", "tags", "refs", "sources", "year",
                              "priority", "update_sources", "options", "aliases", "changed_at", "bogus"]),
       value=json_values)
def test_any_value_in_any_field_loads_right_or_is_one_line(tmp_path, section, index, field, value):
    data = json.loads(json.dumps(GOLDEN))
    data[section][index][field] = value
    try:
        deck = load_deck(write(tmp_path, data))
    except BadDeckFile as exc:
        line = str(exc)
        assert "\n" not in line and line.startswith(str(tmp_path / "x.json"))
        assert f"#{index + 1}" in line
        return
    record = (deck.cards if section == "cards" else deck.quiz)[index]
    # what loaded has the shape the rest of the program relies on
    assert isinstance(record.id, str) and isinstance(record.answer, str)
    assert all(isinstance(t, str) for t in record.tags)
    assert record.kind in (("qa", "cloze", "reverse") if section == "cards" else
                           ("choice", "truefalse", "typed"))


@pytest.mark.parametrize("text", ["\x1b]0;pwned\x07", "\x1b]52;c;ZXZpbA==\x07", "a\x00b", "\x9b31m"])
def test_control_characters_in_card_text_are_refused(tmp_path, text):
    data = json.loads(json.dumps(GOLDEN))
    data["cards"][2]["question"] = "Which drug? " + text
    with pytest.raises(BadDeckFile) as error:
        load_deck(write(tmp_path, data))
    assert "card #3" in str(error.value) and "control character" in str(error.value)
    assert "\x1b" not in str(error.value) and "\x00" not in str(error.value)


def test_a_deck_name_with_a_control_character_is_refused(tmp_path):
    data = json.loads(json.dumps(GOLDEN))
    data["deck"]["name"] = "SLE\x1b[2J"
    with pytest.raises(BadDeckFile, match="control character"):
        load_deck(write(tmp_path, data))


def test_an_unknown_card_kind_is_refused(tmp_path):
    data = json.loads(json.dumps(GOLDEN))
    data["cards"][0]["kind"] = "essay"
    with pytest.raises(BadDeckFile, match=r"card #1 \(.*\) field 'kind' is 'essay', not one of qa"):
        load_deck(write(tmp_path, data))


def test_deep_nesting_is_one_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(BadDeckFile, match=r"nested too deeply|not a trainer deck file"):
        load_deck(path)
