"""Reading deck files back: a damaged or foreign file is one clear error naming it."""

from __future__ import annotations

import pytest

from tests.seedtools import FIXTURES
from trainer.commands.messages import describe
from trainer.decks import load_deck
from trainer.errors import TrainerError


def test_the_golden_deck_reads_back():
    deck = load_deck(FIXTURES / "golden" / "mini.json")
    assert deck.info.id == "mini" and len(deck.cards) == 27
    assert deck.cards[0].sources[1].label == "[67] Fanouriakis et al. 2019"


@pytest.mark.parametrize("content, message", [
    ("[]", "not a trainer deck file (no 'format' field)"),
    ('{"id": "x"}', "not a trainer deck file (no 'format' field)"),
    ('{"format": 3}', "deck format 3 is newer than this trainer's (2)"),
    ('{"format": 1}', "deck format 1 is older than this trainer's (2): it lacks the cards' change times"),
    ('{"format": "2"}', "deck format '2' is not 2"),
    ('{"format": 2, "deck": {"id": "x", "name": "X", "tag": "T"}, "cards": [{"id": "a/qa"}], '
     '"quiz": []}', "card #1 (a/qa) lacks or mangles 'claim'"),
    ('{"format": 2, "deck": {"id": "x", "name": "X", "tag": "T"}, "cards": [7], "quiz": []}',
     "card #1 is not an object"),
    ('{"format": 2, "deck": [], "cards": [], "quiz": []}', "malformed deck file"),
    ('{"format": 2, "deck": {"id": "x", "name": "X", "tag": "T"}, "cards": [], "quiz": [], '
     '"retired": [], "anki": {}}', "malformed deck file (missing or wrong 'notetype')"),
    ('{"format": 2, "deck": {"id": "x", "name": "X", "tag": "T"}, "cards": [], "quiz": [], '
     '"retired": [7], "anki": {"notetype": {}}}', "retired card #1 is not an object"),
    ("{ nope", "x.json:1: not a deck file"),
])
def test_a_broken_deck_file_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(TrainerError) as err:
        load_deck(path)
    line = describe(err.value)  # as the CLI and the TUI print it
    assert message in line and "\n" not in line
    assert "trainer generate" in line
