"""Change times in the deck file: kept while a card is unchanged, moved on change, retired cards kept."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.seedtools import edit
from trainer.commands.messages import describe
from trainer.errors import TrainerError
from trainer.generate import generate
from trainer.generate.cards import content_hash
from trainer.generate.history import Previous, stamp_cards

T0 = 1_750_000_000
HOUR = 3600


def cards_of(out) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads((out / "mini.json").read_text())["cards"]}


def deck_file(out) -> dict:
    return json.loads((out / "mini.json").read_text())


@pytest.fixture
def out(seeds_dir, tmp_path):
    """decks/ generated once from the mini seeds at T0."""
    folder = tmp_path / "decks"
    generate(seeds_dir, folder, now=T0)
    return folder


def test_a_first_generate_stamps_every_card_and_the_note_type_with_the_time(out):
    deck = deck_file(out)
    assert deck["format"] == 2 and deck["retired"] == []
    assert {c["changed_at"] for c in deck["cards"]} == {T0}
    assert deck["anki"]["notetype"]["changed_at"] == T0 and len(deck["anki"]["notetype"]["hash"]) == 16
    assert all(content_hash(c) == c["content_hash"] for c in deck["cards"])  # the time is not content


def test_nothing_changed_means_the_same_bytes_at_any_later_time(seeds_dir, out):
    before = (out / "mini.json").read_bytes()
    outcome = generate(seeds_dir, out, now=T0 + 30 * 24 * HOUR)
    assert outcome.written == [] and (out / "mini.json").read_bytes() == before
    assert generate(seeds_dir, out, check=True, now=T0 + 31 * 24 * HOUR).stale == []


def test_a_reworded_claim_moves_only_its_changed_cards(seeds_dir, out):
    edit(seeds_dir / "mini" / "claims.toml", "neutralises B-lymphocyte", "blocks B-lymphocyte")
    assert generate(seeds_dir, out, check=True, now=T0 + HOUR).stale == ["decks/mini.json"]
    generate(seeds_dir, out, now=T0 + HOUR)
    moved = {i: c["changed_at"] for i, c in cards_of(out).items() if c["changed_at"] != T0}
    assert moved == {"belimumab-blys/cloze": T0 + HOUR}


def test_a_change_in_the_same_second_or_with_the_clock_set_back_still_moves_the_time(seeds_dir, out):
    edit(seeds_dir / "mini" / "claims.toml", "neutralises B-lymphocyte", "blocks B-lymphocyte")
    generate(seeds_dir, out, now=T0)  # the same second as the first run
    assert cards_of(out)["belimumab-blys/cloze"]["changed_at"] == T0 + 1
    edit(seeds_dir / "mini" / "claims.toml", "blocks B-lymphocyte", "binds B-lymphocyte")
    generate(seeds_dir, out, now=T0 - 5 * HOUR)  # a clock five hours behind
    assert cards_of(out)["belimumab-blys/cloze"]["changed_at"] == T0 + 2  # later than the note had


def remove_claim(claims_file, claim_id: str) -> None:
    text = claims_file.read_text(encoding="utf-8")
    blocks = text.split("[[claim]]")
    kept = [b for b in blocks if f'id = "{claim_id}"' not in b]
    assert len(kept) == len(blocks) - 1, claim_id
    claims_file.write_text("[[claim]]".join(kept), encoding="utf-8")


def test_a_removed_claim_is_kept_as_retired_with_its_retirement_time(seeds_dir, out):
    old = cards_of(out)
    remove_claim(seeds_dir / "mini" / "claims.toml", "hcq-tlr")
    generate(seeds_dir, out, now=T0 + HOUR)
    deck = deck_file(out)
    assert not [c for c in deck["cards"] if c["claim"] == "hcq-tlr"]
    assert [c["id"] for c in deck["retired"]] == ["hcq-tlr/qa", "hcq-tlr/cloze"]
    for entry in deck["retired"]:
        assert entry == {**old[entry["id"]], "changed_at": T0 + HOUR}  # its last version, retired now
    before = (out / "mini.json").read_bytes()
    generate(seeds_dir, out, now=T0 + 2 * HOUR)
    assert (out / "mini.json").read_bytes() == before  # carried as it is from then on


def test_a_claim_that_comes_back_leaves_the_retired_list_with_a_later_time(seeds_dir, out):
    original = (seeds_dir / "mini" / "claims.toml").read_text(encoding="utf-8")
    remove_claim(seeds_dir / "mini" / "claims.toml", "hcq-tlr")
    generate(seeds_dir, out, now=T0 + HOUR)
    (seeds_dir / "mini" / "claims.toml").write_text(original, encoding="utf-8")
    generate(seeds_dir, out, now=T0 + HOUR)  # the same second: its note had the retirement time
    deck = deck_file(out)
    assert deck["retired"] == []
    assert {c["changed_at"] for c in deck["cards"] if c["claim"] == "hcq-tlr"} == {T0 + HOUR + 1}


def test_a_card_kind_turned_off_is_retired_and_moves_its_claims_time(seeds_dir, out):
    edit(seeds_dir / "mini" / "claims.toml", "reverse = true", "reverse = false")
    generate(seeds_dir, out, now=T0 + HOUR)
    deck = deck_file(out)
    assert [(c["id"], c["changed_at"]) for c in deck["retired"]] == [("mmf-impdh/reverse", T0 + HOUR)]
    assert {c["changed_at"] for c in deck["cards"] if c["claim"] == "mmf-impdh"} == {T0}


def test_an_older_deck_file_gives_its_cards_no_time_so_all_are_stamped(seeds_dir, out):
    deck = deck_file(out)
    deck["format"] = 1
    for c in deck["cards"]:
        del c["changed_at"]
    del deck["retired"], deck["anki"]
    (out / "mini.json").write_text(json.dumps(deck))
    generate(seeds_dir, out, now=T0 + HOUR)
    new = deck_file(out)
    assert new["format"] == 2 and {c["changed_at"] for c in new["cards"]} == {T0 + HOUR}


@pytest.mark.parametrize("content", ["{ not json", '{"format": 2}', "[]"])
def test_a_previous_file_that_is_not_a_deck_is_refused_and_left_alone(seeds_dir, out, content):
    (out / "mini.json").write_text(content)
    with pytest.raises(TrainerError) as error:
        generate(seeds_dir, out, now=T0 + HOUR)
    line = describe(error.value)
    assert "mini.json" in line and "change times cannot be kept" in line and "\n" not in line
    assert (out / "mini.json").read_text() == content


def test_a_note_type_change_moves_its_time_and_no_card(seeds_dir, out, monkeypatch):
    from trainer.export import style

    cards = cards_of(out)
    before = deck_file(out)["anki"]["notetype"]
    monkeypatch.setattr(style, "CSS", style.CSS + "\n.trainer-id { display: none; }\n")
    assert generate(seeds_dir, out, check=True, now=T0 + HOUR).stale == ["decks/mini.json"]
    generate(seeds_dir, out, now=T0 + HOUR)
    after = deck_file(out)["anki"]["notetype"]
    assert after["hash"] != before["hash"] and after["changed_at"] == T0 + HOUR
    assert cards_of(out) == cards


def test_the_command_stamps_the_current_time(seeds_dir, tmp_path):
    from trainer.cli import app

    start = int(time.time())
    result = CliRunner().invoke(app, ["generate", "--seeds", str(seeds_dir), "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    stamps = {c["changed_at"] for c in cards_of(tmp_path / "d").values()}
    assert len(stamps) == 1 and start <= stamps.pop() <= int(time.time())


# -- the rule itself, on any history ---------------------------------------------------------------

HASHES = st.sampled_from(["aaaa", "bbbb", "cccc"])


@given(before=st.dictionaries(st.sampled_from(["x/qa", "x/cloze", "y/qa"]),
                              st.tuples(HASHES, st.integers(1, 2_000_000_000)), max_size=3),
       now=st.dictionaries(st.sampled_from(["x/qa", "x/cloze", "y/qa"]), HASHES, max_size=3),
       clock=st.integers(0, 2_000_000_000))
def test_a_note_time_moves_exactly_when_one_of_its_cards_changes(before, now, clock):
    previous = Previous(cards={i: {"id": i, "claim": i.split("/")[0], "content_hash": h, "changed_at": t}
                               for i, (h, t) in before.items()})
    cards = [{"id": i, "claim": i.split("/")[0], "content_hash": h} for i, h in now.items()]
    stamp_cards(cards, previous, clock)
    for card in cards:
        old = before.get(card["id"])
        if old is not None and old[0] == card["content_hash"]:
            assert card["changed_at"] == old[1]
        else:
            assert card["changed_at"] > previous.note_time(card["claim"]) and card["changed_at"] >= clock
