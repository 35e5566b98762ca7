"""The generator: golden output, determinism, card and quiz item shapes, --check."""

from __future__ import annotations

import json

from tests.seedtools import FIXTURES, MINI, edit
from trainer.generate import generate, render
from trainer.generate.history import read_previous
from trainer.generate.seeds import load_source


def test_golden_deck_matches_committed_bytes():
    # tests/fixtures/golden/mini.json is reviewed by hand; regenerate it only on purpose:
    # trainer generate --seeds tests/fixtures/seeds --out tests/fixtures/golden
    # Its cards' change times come from the file it replaces, so rendering over it (at any later
    # time: nothing changed) must give its bytes back.
    golden = FIXTURES / "golden" / "mini.json"
    assert render(load_source(MINI), read_previous(golden), now=2_000_000_000) == golden.read_bytes()


def test_generate_is_byte_identical_across_runs(seeds_dir, tmp_path):
    generate(seeds_dir, tmp_path / "a")
    generate(seeds_dir, tmp_path / "b")
    first = (tmp_path / "a" / "mini.json").read_bytes()
    assert first == (tmp_path / "b" / "mini.json").read_bytes()
    assert b"generated" not in first and b"timestamp" not in first


def deck():
    return json.loads(render(load_source(MINI)))


def test_every_claim_gives_qa_and_cloze_and_reverse_only_when_asked():
    cards = deck()["cards"]
    kinds = {}
    for card in cards:
        kinds.setdefault(card["claim"], []).append(card["kind"])
    assert kinds["mmf-impdh"] == ["qa", "cloze", "reverse"]
    assert kinds["hcq-every-patient"] == ["qa", "cloze"]
    assert all(c["id"] == f"{c['claim']}/{c['kind']}" for c in cards)


def test_cards_carry_identity_topic_tags_refs_sources_and_hash():
    card = next(c for c in deck()["cards"] if c["id"] == "hcq-every-patient/qa")
    assert card["topic"] == "Hydroxychloroquine"
    assert card["tags"] == ["SLE::Hydroxychloroquine"]
    assert card["refs"] == ["review", 67]
    eular = card["sources"][1]
    assert eular["doi"] == "10.1136/annrheumdis-2019-215089"
    assert eular["url"] == "https://doi.org/10.1136/annrheumdis-2019-215089"
    assert eular["citation"].startswith("Fanouriakis A, Kostopoulou M")
    assert "Ann Rheum Dis 2019;78(6):736-45." in eular["citation"]
    assert len(card["content_hash"]) == 16


def test_topic_with_spaces_becomes_one_hierarchical_tag():
    card = next(c for c in deck()["cards"] if c["topic"] == "Lupus nephritis")
    assert card["tags"] == ["SLE::Lupus_nephritis"]


def test_cloze_card_blanks_every_term_and_keeps_anki_syntax():
    card = next(c for c in deck()["cards"] if c["id"] == "belimumab-blys/cloze")
    assert card["question"] == "Belimumab is a [...] that neutralises [...]."
    assert card["cloze"] == ("Belimumab is a {{c1::monoclonal antibody}} that neutralises "
                             "{{c1::B-lymphocyte stimulator}}.")
    assert card["answer"] == "Belimumab is a monoclonal antibody that neutralises B-lymphocyte stimulator."


def test_reverse_card_with_its_own_question(seeds_dir):
    edit(seeds_dir / "mini" / "claims.toml", "reverse = true",
         'reverse = "Which drug inhibits inosine monophosphate dehydrogenase?"')
    deck = json.loads(render(load_source(seeds_dir / "mini")))
    card = next(c for c in deck["cards"] if c["id"] == "mmf-impdh/reverse")
    assert card["question"] == "Which drug inhibits inosine monophosphate dehydrogenase?"
    assert card["answer"].startswith("Mycophenolate mofetil inhibits")


def test_reverse_card_asks_from_answer_to_statement():
    card = next(c for c in deck()["cards"] if c["id"] == "mmf-impdh/reverse")
    assert card["question"] == "inosine monophosphate dehydrogenase"
    assert card["answer"].startswith("Mycophenolate mofetil inhibits inosine")


def test_choice_item_has_answer_and_three_same_category_distractors():
    items = {q["id"]: q for q in deck()["quiz"]}
    item = items["belimumab-blys/choice"]
    assert len(item["options"]) == 4 and len(set(item["options"])) == 4
    assert "B-lymphocyte stimulator" in item["options"]
    targets = {"endosomal Toll-like receptors", "inosine monophosphate dehydrogenase",
               "type I interferon receptor", "IL-12 and IL-23", "CD40 ligand",
               "sphingosine 1-phosphate receptor-1", "B-lymphocyte stimulator"}
    assert set(item["options"]) <= targets


def test_distractors_never_repeat_the_answer_even_from_a_sibling_claim():
    # two drug claims answer "hydroxychloroquine": neither offers it twice, nor as a distractor
    items = {q["id"]: q for q in deck()["quiz"]}
    options = items["hcq-preeclampsia/choice"]["options"]
    assert [o.lower() for o in options].count("hydroxychloroquine") == 1


def test_truefalse_swaps_a_same_category_answer_into_the_statement():
    item = next(q for q in deck()["quiz"] if q["id"] == "multitarget-tacrolimus/truefalse")
    assert item["statement"].count("tacrolimus") == 1
    assert "tacrolimus" not in item["false_statement"]
    wrong = item["false_statement"].split(" adds ")[1].split(" to ")[0]
    assert wrong in {"hydroxychloroquine", "leflunomide", "rituximab"}


def test_false_variant_capitalises_only_at_sentence_start():
    items = {q["id"]: q for q in deck()["quiz"]}
    belimumab = items["belimumab-blys/truefalse"]["false_statement"]
    assert belimumab.startswith("Belimumab is a monoclonal antibody that neutralises ")
    assert " Type I" not in belimumab and " Endosomal" not in belimumab


def test_typed_item_carries_aliases():
    item = next(q for q in deck()["quiz"] if q["id"] == "hcq-every-patient/typed")
    assert item["answer"] == "hydroxychloroquine" and item["aliases"] == ["HCQ"]


def test_check_reports_stale_and_writes_nothing(seeds_dir, tmp_path):
    out = tmp_path / "decks"
    generate(seeds_dir, out)
    before = (out / "mini.json").read_bytes()
    edit(seeds_dir / "mini" / "claims.toml", "neutralises B-lymphocyte", "blocks B-lymphocyte")
    outcome = generate(seeds_dir, out, check=True)
    assert outcome.stale == ["decks/mini.json"]
    assert (out / "mini.json").read_bytes() == before


def test_rewording_one_claim_changes_only_its_cards(seeds_dir, tmp_path):
    out = tmp_path / "decks"
    generate(seeds_dir, out)
    old = {c["id"]: c for c in json.loads((out / "mini.json").read_text())["cards"]}
    edit(seeds_dir / "mini" / "claims.toml", "neutralises B-lymphocyte", "blocks B-lymphocyte")
    generate(seeds_dir, out)
    new = {c["id"]: c for c in json.loads((out / "mini.json").read_text())["cards"]}
    assert old.keys() == new.keys()
    changed = {i for i in old if old[i]["content_hash"] != new[i]["content_hash"]}
    assert changed == {"belimumab-blys/cloze"}  # the qa card asks the unchanged question


def test_synonyms_and_overlapping_phrases_are_never_distractors():
    from trainer.generate.cards import distractors
    from trainer.seedmodel import Claim

    def claim(cid, answer, aliases=()):
        return Claim(id=cid, topic="T", statement=f"It is {answer}.", question=f"What is {cid}?",
                     answer=answer, category="target", refs=(1,), aliases=tuple(aliases))

    blys = claim("blys", "B-lymphocyte stimulator", ["BLyS"])
    others = [claim("baff", "B-cell activating factor", ["B-lymphocyte stimulator"]),
              claim("ifnar", "type I interferon receptor"),
              claim("ifnar1", "type I interferon receptor subunit 1"),
              claim("cd40l", "CD40 ligand")]
    group = {"target": [blys, *others]}
    assert sorted(distractors(blys, group)) == sorted(
        ["type I interferon receptor", "type I interferon receptor subunit 1", "CD40 ligand"])
    # a phrase holding the answer would make the "false" statement true: never offered
    assert sorted(distractors(others[1], group)) == sorted(
        ["B-lymphocyte stimulator", "B-cell activating factor", "CD40 ligand"])


def test_a_category_too_large_to_rank_whole_still_gets_fair_distractors():
    from trainer.generate.cards import EXACT_LIMIT, Pool, distractors
    from trainer.seedmodel import Claim

    def claim(cid, answer, category):
        return Claim(id=cid, topic="T", statement=f"It is {answer}.", question=f"What is {cid}?",
                     answer=answer, category=category, refs=(1,))

    n = EXACT_LIMIT * 3
    names = [claim(f"d{i}", f"drug{i}mab", "drug") for i in range(n)]
    doses = [claim(f"n{i}", f"{10 * (i + 1)} mg", "dose") for i in range(n)]
    group = {"drug": names, "dose": doses}
    pools = {k: Pool(v) for k, v in group.items()}
    picked = [tuple(distractors(c, group, pools)) for c in names]
    assert all(len(set(p)) == 3 and c.answer not in p for c, p in zip(names, picked, strict=True))
    assert len({p for p in picked}) > n * 0.9  # varied from claim to claim, not one fixed set
    # numbers: the nearest of the same unit, exactly as ranking the whole category would give
    import math

    for c in (doses[0], doses[500], doses[-1]):
        value = float(c.answer.split()[0])
        nearest = sorted((d for d in doses if d is not c),
                         key=lambda d: abs(math.log(float(d.answer.split()[0]) / value)))[:3]
        assert distractors(c, group, pools) == [d.answer for d in nearest]


def test_the_shipped_deck_is_generated_from_the_shipped_seeds(monkeypatch):
    root = FIXTURES.parent.parent
    monkeypatch.chdir(root)
    outcome = generate(root / "seeds", root / "decks", check=True)
    assert not [f for f in outcome.findings if f.severity == "error"]
    assert outcome.stale == [], "decks/ is out of date: run 'trainer generate' and commit decks/"


# -- priority and updates --------------------------------------------------------------------

def test_core_cards_come_first_in_author_order_within_each_priority(seeds_dir):
    edit(seeds_dir / "mini" / "claims.toml", 'refs = ["review", 67]\n',
         'refs = ["review", 67]\npriority = "detail"\n')
    deck = json.loads(render(load_source(seeds_dir / "mini")))
    claims = list(dict.fromkeys(c["claim"] for c in deck["cards"]))
    assert claims[-3:] == ["hcq-every-patient", "leflunomide-vs-cyclophosphamide",
                           "rituximab-plus-belimumab"]
    assert claims[0] == "hcq-preeclampsia"
    priorities = [c["priority"] for c in deck["cards"]]
    assert priorities == sorted(priorities)  # "core" < "detail": no core card after a detail one
    assert [q["claim"] for q in deck["quiz"]][-1] == "rituximab-plus-belimumab"


def test_a_new_user_meets_core_cards_before_detail_ones(seeds_dir, tmp_path, clock):
    from tests.conftest import TZ
    from trainer.collection import sync_decks
    from trainer.schedule import SchedulerConfig, seconds
    from trainer.store import Store
    from trainer.study import Session
    from trainer.studysettings import StudySettings

    edit(seeds_dir / "mini" / "claims.toml", 'refs = ["review", 67]\n',
         'refs = ["review", 67]\npriority = "detail"\n')
    generate(seeds_dir, tmp_path / "decks")
    store = Store.open(tmp_path / "t.db")
    sync_decks(store, tmp_path / "decks", seconds(clock()))
    session = Session(store, "mini", clock, tz=TZ,
                      settings=StudySettings(scheduler=SchedulerConfig(fuzz=False)))
    assert session.next().card.id == "hcq-preeclampsia/qa"  # the detail claim waits
    store.close()


def test_update_line_and_its_sources_travel_with_every_card_and_item():
    from trainer.deckmodel import QuizItem
    from trainer.model import Card

    d = deck()
    cards = [Card.from_dict(c) for c in d["cards"] if c["claim"] == "hcq-preeclampsia"]
    items = [QuizItem.from_dict(q) for q in d["quiz"] if q["claim"] == "hcq-preeclampsia"]
    assert cards and items
    for record in [*cards, *items]:
        assert record.update.startswith("A 2024 cohort of 399 lupus pregnancies")
        [source] = record.update_sources
        assert source.label == "Update · Simard et al. 2024"
        assert source.doi == "10.1002/acr.25386" and source.url == "https://doi.org/10.1002/acr.25386"
        assert source.citation.startswith("Simard JF, Liu EF") and "Arthritis Care Res" in source.citation
        assert [s.label for s in record.sources] == ["[73] Seo et al. 2019"]  # the review's own
    others = [c for c in d["cards"] if c["claim"] != "hcq-preeclampsia"]
    assert all(c["update"] == "" and c["update_sources"] == [] for c in others)


def test_fields_at_their_defaults_leave_a_cards_hash_alone():
    from trainer.generate.cards import content_hash

    card = next(c for c in deck()["cards"] if c["id"] == "belimumab-blys/qa")
    bare = {k: v for k, v in card.items() if k not in ("priority", "update", "update_sources")}
    assert content_hash(bare) == content_hash(card) == card["content_hash"]
    assert content_hash({**card, "priority": "detail"}) != card["content_hash"]


def test_the_deck_description_says_what_the_deck_is():
    root = FIXTURES.parent.parent
    info = load_source(root / "seeds" / "sle-review").deck
    assert "review" in info.description and "update" in info.description.lower()
