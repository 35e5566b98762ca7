"""Browse: the search syntax, every filter alone and combined, sorting, details and actions."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TZ
from tests.seedtools import FIXTURES
from tests.test_stats import add_review, local_time, scheduled, today_of
from trainer.browse import Browser, SearchError, parse
from trainer.schedule import LEARNING, LEECH_LAPSES, NEW, RELEARNING, REVIEW, seconds
from trainer.store.browse import Term

HCQ = [f"hcq-{c}/{k}" for c in ("every-patient", "preeclampsia", "tlr") for k in ("qa", "cloze")]


@pytest.fixture
def browser(store, clock):
    return Browser(store, clock, TZ)


def ids(browser, query: str, **kw) -> list[str]:
    return [line.id for line in browser.search(query, **kw).rows]


def containing(text: str) -> list[str]:
    """The oracle: mini cards whose id, question or answer hold `text`, ignoring case."""
    deck = json.loads((FIXTURES / "golden" / "mini.json").read_text())
    return [c["id"] for c in deck["cards"]
            if text.casefold() in "\n".join((c["id"], c["question"], c["answer"])).casefold()]


# -- the syntax ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query, terms", [
    ("", []),
    ("belimumab", [Term("text", "belimumab")]),
    ("tag:bio topic:Pipeline", [Term("tag", "bio"), Term("topic", "Pipeline")]),
    ('topic:"lupus nephritis"', [Term("topic", "lupus nephritis")]),
    ('"lupus nephritis" -is:new', [Term("text", "lupus nephritis"), Term("is", "new", True)]),
    ("IS:Due TAG:x", [Term("is", "due"), Term("tag", "x")]),
    ('"a [b" c\\"d', [Term("text", "a [b"), Term("text", 'c"d')]),
    ('"end\\\\" \\d', [Term("text", "end\\"), Term("text", "\\d")]),  # \\\\ is one backslash
    ('"unclosed quote', [Term("text", "unclosed quote")]),
    ('"tag:x"', [Term("text", "tag:x")]),  # quoted: words, not a filter
    ("ratio:1 1:2", [Term("text", "ratio:1"), Term("text", "1:2")]),  # unknown field: text
    ("tag: topic:", []),  # a field still being typed waits for its value
    ("b", []),  # one bare character would match nearly every card
    ('"b"', [Term("text", "b")]),
    ("-", []),
])
def test_parse(query, terms):
    assert parse(query) == terms


@pytest.mark.parametrize("query", ["is:foo", "belimumab is:dew", "-is:"])
def test_unknown_is_value_is_a_clear_error(query):
    if query == "-is:":
        assert parse(query) == []
        return
    with pytest.raises(SearchError, match=r'unknown "is:\w+"; use is:due, is:new'):
        parse(query)


@pytest.mark.parametrize("query, example", [("tag:", "tag:SLE::Biologics"),
                                            ("is:due topic:", "topic:nephritis")])
def test_a_finished_search_with_a_field_and_no_value_is_an_error_not_every_card(query, example):
    assert parse(query) == [Term("is", "due")] * ("is:due" in query)  # still being typed: it waits
    with pytest.raises(SearchError, match=f'needs a value, e.g. {example}'):
        parse(query, finished=True)


def test_the_browse_command_takes_a_search_of_several_words_and_refuses_an_empty_field(tmp_path, decks_dir):
    from typer.testing import CliRunner

    from trainer.cli import app

    def run(*args: str):
        return CliRunner().invoke(app, ["--db", str(tmp_path / "t.db"), "--decks", str(decks_dir),
                                        "browse", "--json", *args])

    several = run("topic:Hydroxychloroquine", "tlr")
    assert several.exit_code == 0
    assert json.loads(several.stdout)["query"] == "topic:Hydroxychloroquine tlr"
    negated = run("--", "is:new", "-topic:Hydroxychloroquine")
    assert negated.exit_code == 0 and json.loads(negated.stdout)["total"] == 27 - len(HCQ)
    empty = run("tag:")
    assert empty.exit_code == 2 and '"tag:" needs a value' in empty.stderr


# -- filters on the mini deck (27 cards) ------------------------------------------------------------


def test_all_cards_in_deck_order(browser):
    r = browser.search("")
    assert r.total == 27 and r.rows[0].id == "hcq-every-patient/qa" and len(r.rows) == 27
    assert r.rows[0].question.startswith("Which antimalarial drug")
    assert r.rows[0].topic == "Hydroxychloroquine"


def test_free_text_searches_question_answer_and_id_case_blind(browser):
    assert ids(browser, "PREECLAMPSIA") == ["hcq-preeclampsia/qa", "hcq-preeclampsia/cloze"]
    assert ids(browser, "receptors toll-like") == ["hcq-tlr/qa", "hcq-tlr/cloze"]  # any order
    assert ids(browser, '"receptors toll-like"') == []  # a phrase keeps its order
    assert ids(browser, '"toll-like receptors"') == ["hcq-tlr/qa", "hcq-tlr/cloze"]
    assert ids(browser, "ifnar") == ["anifrolumab-ifnar/qa", "anifrolumab-ifnar/cloze"]  # id
    for short in ("ts", "IL", "c"):  # under three letters: scanned rather than indexed
        assert ids(browser, f'"{short}"') == containing(short)
    assert ids(browser, "ts") == containing("ts")
    both = [c for c in containing("lupus") if c in containing("ne")]  # indexed, then scanned
    assert ids(browser, "ne lupus") == both and both
    assert ids(browser, "lupus -ne") == [c for c in containing("lupus") if c not in both]


def test_free_text_with_brackets_quotes_and_wildcard_characters(store, browser, decks_dir, clock):
    from trainer.collection import sync_decks

    deck = json.loads((decks_dir / "mini.json").read_text())
    deck["cards"][0]["question"] = 'Dose "5 mg/kg" [max] for 100%_of patients?'
    deck["cards"][0]["content_hash"] = "reworded"  # what the generator would write
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    sync_decks(store, decks_dir, seconds(clock()))  # the search index follows the deck
    assert len(ids(browser, "[...]")) == 13  # every cloze question holds one
    assert ids(browser, '\\"5 mg') == ["hcq-every-patient/qa"]
    assert ids(browser, '"[max]"') == ["hcq-every-patient/qa"]
    assert ids(browser, "100%_of") == ["hcq-every-patient/qa"]
    assert ids(browser, "0%") == ["hcq-every-patient/qa"]  # % and _ are literal in words
    assert ids(browser, "x_") == []
    assert ids(browser, '"Which antimalarial drug"') == []  # the old wording is gone


def test_tag_topic_and_deck(browser):
    assert len(ids(browser, "tag:biologics")) == 6
    assert ids(browser, "tag:lupus_nephritis") == ids(browser, 'tag:"lupus nephritis"')
    assert len(ids(browser, "tag:lupus_nephritis")) == 6
    assert len(ids(browser, "tag:SLE")) == 27
    assert len(ids(browser, "topic:pipe")) == 6
    assert len(ids(browser, "topic:lupus_nephritis")) == 6  # _ is any one character
    assert len(ids(browser, "topic:imm*ants")) == 3  # * is any run of characters
    assert ids(browser, "topic:ph") == ids(browser, "topic:lupus")  # short: scanned
    assert len(ids(browser, "deck:mini")) == 27 and ids(browser, "deck:other") == []


def test_is_filters(store, browser, clock):
    now, today = clock(), today_of(clock)
    scheduled(store, HCQ[0], local_time(today, 23))  # due later today
    scheduled(store, HCQ[1], local_time(today - 3))  # overdue
    scheduled(store, HCQ[2], local_time(today + 1, 12))  # tomorrow: not due
    scheduled(store, HCQ[3], local_time(today, 9), state=LEARNING)
    scheduled(store, HCQ[4], local_time(today - 1), state=RELEARNING, lapses=LEECH_LAPSES)
    scheduled(store, HCQ[5], local_time(today - 1), suspended=True, lapses=LEECH_LAPSES + 1)
    scheduled(store, "mmf-impdh/qa", local_time(today - 1),
              buried_until=seconds(local_time(today + 1, 4)))
    assert ids(browser, "is:due") == HCQ[:2] + HCQ[3:5]
    assert len(ids(browser, "is:new")) == 20
    assert ids(browser, "is:learn") == [HCQ[3], HCQ[4]]
    assert ids(browser, "is:review") == [*HCQ[:3], HCQ[5], "mmf-impdh/qa"]
    assert ids(browser, "is:suspended") == [HCQ[5]]
    assert ids(browser, "is:leech") == [HCQ[4], HCQ[5]]
    assert ids(browser, "is:buried") == ["mmf-impdh/qa"]
    assert ids(browser, "is:retired") == []
    assert now == clock()


def test_a_sibling_held_back_today_is_buried(store, browser, clock):
    from trainer.model import Rating
    from trainer.study import Session

    session = Session.open(store, "mini", clock)
    shown = session.show(HCQ[0])  # hcq-every-patient/qa; its cloze waits until tomorrow
    session.grade(shown, Rating.GOOD, 3000)
    assert ids(browser, "is:buried") == [HCQ[1]]
    assert HCQ[1] not in [s.card.id for s in [session.next()] if s]  # the queue holds it back too


def test_retired_cards_are_found_only_by_is_retired(store, browser, decks_dir, clock):
    from trainer.collection import sync_decks

    deck = json.loads((decks_dir / "mini.json").read_text())
    deck["cards"] = [c for c in deck["cards"] if c["claim"] != "hcq-tlr"]
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    sync_decks(store, decks_dir, seconds(clock()))
    assert ids(browser, "is:retired") == ["hcq-tlr/qa", "hcq-tlr/cloze"]
    assert "hcq-tlr/qa" not in ids(browser, "is:new")
    assert browser.search("").total == 27  # the table shows every card, retired too
    line = browser.search("is:retired").rows[0]
    assert line.retired and line.question  # its text is kept


def test_terms_combine_with_and_and_negate(store, browser):
    store.cards.set_suspended("belimumab-blys/qa", True)
    assert ids(browser, "tag:biologics is:suspended") == ["belimumab-blys/qa"]
    assert ids(browser, "belimumab -is:suspended") == ["belimumab-blys/cloze",
                                                       "rituximab-plus-belimumab/qa",
                                                       "rituximab-plus-belimumab/cloze"]
    assert len(ids(browser, "-topic:hydroxy -tag:biologics")) == 15
    assert ids(browser, "hydroxychloroquine topic:pipeline") == []
    nephritis = [c for c in containing("tacrolimus") if c in ids(browser, "topic:nephritis")]
    assert ids(browser, "tag:lupus_nephritis tacrolimus") == nephritis and nephritis
    assert ids(browser, "tag:biologics ab") == [c for c in containing("ab")
                                                 if c in ids(browser, "tag:biologics")]


# -- sorting and limits ------------------------------------------------------------------------------


def test_sorts_with_new_cards_last_either_way(store, browser, clock):
    today = today_of(clock)
    for i, (card, stability, lapses) in enumerate([(HCQ[0], 5.0, 2), (HCQ[1], 1.0, 0),
                                                   (HCQ[2], 9.0, 1)]):
        scheduled(store, card, local_time(today + 3 - i), stability=stability, lapses=lapses)
    assert ids(browser, "hcq", sort="due")[:3] == [HCQ[2], HCQ[1], HCQ[0]]
    assert ids(browser, "hcq", sort="due", descending=True)[:3] == [HCQ[0], HCQ[1], HCQ[2]]
    assert ids(browser, "hcq", sort="stability")[:3] == [HCQ[1], HCQ[0], HCQ[2]]
    assert ids(browser, "hcq", sort="stability", descending=True)[-1] == HCQ[5]  # new: last
    assert ids(browser, "hcq", sort="lapses", descending=True)[:3] == [HCQ[0], HCQ[2], HCQ[1]]
    assert ids(browser, "hcq", sort="difficulty")[:3] == HCQ[:3]  # equal: deck order
    with pytest.raises(SearchError, match="cannot sort by 'colour'"):
        browser.search("", sort="colour")


def test_limit_keeps_the_exact_count(browser):
    r = browser.search("", limit=5)
    assert r.total == 27 and len(r.rows) == 5


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
def test_any_query_either_searches_or_says_why(browser, query):
    try:
        r = browser.search(query)
    except SearchError as exc:
        assert "is:" in str(exc)
        return
    assert 0 <= len(r.rows) <= r.total <= 27


# -- one card ------------------------------------------------------------------------------------------


def test_details_show_both_sides_sources_and_history_with_intervals(store, browser, clock):
    today = today_of(clock)
    add_review(store, HCQ[0], today - 5, 3, prev=NEW)
    add_review(store, HCQ[0], today - 2, 1)
    d = browser.details(HCQ[0])
    assert d.card.answer == "hydroxychloroquine" and d.deck == "mini" and not d.retired
    assert d.card.sources[1].doi == "10.1136/annrheumdis-2019-215089"
    assert [(h.rating, h.interval, h.state_before) for h in d.history] == [
        (3, 3 * 86400, NEW), (1, 3 * 86400, REVIEW)]
    assert d.history[0].reviewed_at == seconds(local_time(today - 5))


def test_suspend_unsuspend_and_reset_keep_the_history(store, browser, clock):
    today = today_of(clock)
    for back in (3, 2, 1):
        add_review(store, HCQ[0], today - back, 1)
    store.cards.set_memory(HCQ[0], store.cards.memory(HCQ[0]).__class__(
        **{**store.cards.memory(HCQ[0]).to_dict(), "lapses": LEECH_LAPSES}))
    browser.set_suspended(HCQ[0], True)
    assert browser.details(HCQ[0]).memory.suspended
    browser.reset(HCQ[0])
    m = store.cards.memory(HCQ[0])
    assert (m.state, m.due, m.stability, m.reps, m.lapses) == (NEW, None, None, 0, 0)
    assert m.suspended  # a reset card stays suspended until unsuspended
    assert len(store.reviews.of_card(HCQ[0])) == 3
    browser.set_suspended(HCQ[0], False)
    assert ids(browser, "is:new hcq-every-patient/qa") == [HCQ[0]]


def test_the_browse_service_imports_no_interface():
    import subprocess
    import sys

    code = "import sys, trainer.browse, trainer.stats; print(sorted(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert "'textual" not in loaded and "'typer" not in loaded


# -- wildcards, tags the export writes, any card's own text, long queries, pages ---------------------


def fields_matching(pattern: str) -> list[str]:
    """The oracle for wildcards: mini cards whose id, question or answer (one at a time) match
    `pattern` (a regular expression), ignoring case."""
    import re

    deck = json.loads((FIXTURES / "golden" / "mini.json").read_text())
    return [c["id"] for c in deck["cards"]
            if any(re.search(pattern, c[f], re.IGNORECASE) for f in ("id", "question", "answer"))]


def test_star_in_words_is_any_text_at_the_start_middle_or_end(browser):
    belimumab = containing("belimumab")
    assert ids(browser, "belim*") == belimumab and belimumab  # prefix
    assert ids(browser, "*umab") == containing("umab")  # suffix
    assert ids(browser, "bel*mab") == fields_matching("bel.*mab")  # infix: bel, later mab
    assert ids(browser, "mab*bel") == ["rituximab-plus-belimumab/qa", "rituximab-plus-belimumab/cloze"]
    assert ids(browser, '"monoclonal*belimumab"') == fields_matching("monoclonal.*belimumab")
    assert ids(browser, "-bel*mab") == [c for c in ids(browser, "") if c not in fields_matching("bel.*mab")]
    assert ids(browser, "zzz*mab") == []


def test_tag_finds_a_claim_its_priority_and_retired_cards_as_the_export_tags_them(
        store, browser, decks_dir, clock):
    from trainer.collection import sync_decks

    assert ids(browser, "tag:SLE::claim::hcq-tlr") == ["hcq-tlr/qa", "hcq-tlr/cloze"]
    assert ids(browser, "tag:sle::CLAIM::mmf-impdh") == ["mmf-impdh/qa", "mmf-impdh/cloze",
                                                          "mmf-impdh/reverse"]
    cards = json.loads((decks_dir / "mini.json").read_text())["cards"]
    detail = [c["id"] for c in cards if c.get("priority") == "detail"]
    assert ids(browser, "tag:SLE::detail") == detail and detail
    assert ids(browser, "tag:SLE::core") == [c["id"] for c in cards if c["id"] not in detail]
    assert ids(browser, "tag:SLE::claim::*ifnar") == ["anifrolumab-ifnar/qa", "anifrolumab-ifnar/cloze"]
    deck = json.loads((decks_dir / "mini.json").read_text())
    deck["cards"] = [c for c in deck["cards"] if c["claim"] != "hcq-tlr"]
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    sync_decks(store, decks_dir, seconds(clock()))
    assert ids(browser, "tag:SLE::retired") == ids(browser, "is:retired") == ["hcq-tlr/qa", "hcq-tlr/cloze"]


def test_every_card_of_the_shipped_deck_is_found_by_its_own_question_or_answer(tmp_path, clock):
    """Pasted as words or as one phrase, long questions too (the trigram index refused a
    query of more than 16 words)."""
    import shutil

    from trainer.collection import sync_decks
    from trainer.store import Store

    folder = tmp_path / "shipped"
    folder.mkdir()
    shutil.copy(FIXTURES.parent.parent / "decks" / "sle-review.json", folder)
    store = Store.open(tmp_path / "shipped.db")
    sync_decks(store, folder, seconds(clock()))
    browser = Browser(store, clock, TZ)
    cards = json.loads((folder / "sle-review.json").read_text())["cards"]
    assert max(len(c["question"].split()) for c in cards) > 16
    for card in cards:
        for text in (card["question"], card["answer"]):
            phrase = '"' + text.replace('"', '\\"') + '"'
            assert card["id"] in ids(browser, text, limit=1000), text
            assert card["id"] in ids(browser, phrase, limit=1000), text
    store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
               min_size=2, max_size=120))
def test_a_card_is_found_by_its_question_as_a_phrase_whatever_it_holds(store, browser, question):
    """Brackets, quotes, %, _, *, accents, other scripts: the question as a quoted phrase finds
    its card (the card's text stored as an older version would have written it)."""
    card = "hcq-every-patient/qa"
    data = json.loads(store.db.one("SELECT data FROM cards WHERE id = ?", (card,)))
    with store.db.write() as c:
        c.execute("UPDATE cards SET data = ? WHERE id = ?",
                  (json.dumps({**data, "question": question}), card))
        c.execute("UPDATE decks SET file_hash = file_hash || 'x'")  # what a sync would do
    phrase = '"' + question.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if question.strip():
        assert card in ids(browser, phrase)


def test_a_query_longer_than_the_limit_is_refused_in_one_line(browser):
    from trainer.browse import MAX_QUERY

    assert ids(browser, "lupus " * (MAX_QUERY // 6))  # at the limit: searched
    with pytest.raises(SearchError) as exc:
        browser.search("x" * (MAX_QUERY + 1))
    assert str(exc.value) == (f"the search is {MAX_QUERY + 1} characters long; at most {MAX_QUERY} "
                              "are searched")


@pytest.mark.parametrize("query, sort", [("", "order"), ("lupus", "order"), ("-hcq", "order"),
                                         ("", "due"), ("is:new", "order"), ("a", "lapses")])
def test_pages_cover_every_match_once_in_order(store, browser, clock, query, sort):
    today = today_of(clock)
    for i, card in enumerate(HCQ):
        scheduled(store, card, local_time(today + i), lapses=i % 2)
    every = browser.search(query, sort, limit=1000)
    pages = [browser.search(query, sort, limit=4, offset=o) for o in range(0, every.total + 4, 4)]
    assert all(p.total == every.total for p in pages)
    assert [line.id for p in pages for line in p.rows] == [line.id for line in every.rows]
    assert pages[-1].rows == [] and every.total == len(every.rows)


@pytest.mark.usefixtures("store")  # the file, synced
def test_browsing_never_writes_so_it_works_on_a_read_only_file(tmp_path):
    """The index is built from reads alone: no write lock, nothing a grade elsewhere waits for."""
    import sqlite3

    from trainer.store.base import Database
    from trainer.store.browse import Search

    conn = sqlite3.connect(f"file:{tmp_path / 'trainer.db'}?mode=ro", uri=True, isolation_level=None)
    search = Search(Database(conn, str(tmp_path / "trainer.db")))
    total, rows = search.cards([Term("text", "belimumab")], now=0, due_before=0)
    assert total == 4 and rows[0].id == "belimumab-blys/qa"
    assert search.refresh() is False and conn.total_changes == 0
    conn.close()


def test_another_connections_sync_reaches_the_results(browser, decks_dir, clock, tmp_path):
    from trainer.collection import sync_decks
    from trainer.store import Store

    assert ids(browser, "belimumab")
    other = Store.open(tmp_path / "trainer.db")  # another window: its own connection
    deck = json.loads((decks_dir / "mini.json").read_text())
    for card in deck["cards"]:
        card["question"] = card["question"].replace("belimumab", "belimumab-xyz")
        card["content_hash"] += "-2"
    (decks_dir / "mini.json").write_text(json.dumps(deck))
    sync_decks(other, decks_dir, seconds(clock()))
    other.close()
    reworded = [c["id"] for c in deck["cards"] if "belimumab-xyz" in c["question"] + c["answer"]]
    assert ids(browser, "belimumab-xyz") == reworded and reworded
