"""Text from files in the command line's output: markup stays as written, and no control
character (C0 but tab and newline, DEL, C1, so ESC too) reaches the terminal, byte for byte."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from tests.conftest import Clock
from tests.helpers import ESCAPES, MARKUP, poison
from trainer.cli import app

PAYLOAD = f"{MARKUP} [b]bold {ESCAPES} \x9b31m"
# what a terminal could obey, written out here rather than taken from trainer.text
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run(*args: str):
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    for stream in (result.stdout_bytes, result.stderr_bytes):
        assert b"\x1b" not in stream and b"\x07" not in stream
        assert not RAW.search(stream.decode()), stream  # C1 reaches a UTF-8 terminal as \xc2\x9b
    return result


@pytest.fixture
def poisoned(store, tmp_path, decks_dir):
    """A database whose deck name and one card's topic hold PAYLOAD, and one review of it."""
    from tests.test_stats import add_review, today_of

    with store.db.write() as c:
        c.execute("UPDATE decks SET name = ? WHERE id = 'mini'", (f"D {PAYLOAD}",))
    # the escapes first: the text table clips topics at 16 characters
    poison(store, "hcq-every-patient/qa", topic=f"\x1b]0;P\x07\x9bT {PAYLOAD}")
    now = Clock(datetime.now(UTC))  # the command reads the real clock: a review of yesterday
    add_review(store, "hcq-every-patient/qa", today_of(now) - 1, 3)
    return ["--db", str(tmp_path / "trainer.db"), "--decks", str(decks_dir)]


def test_decks_shows_a_deck_name_as_symbols(poisoned):
    out = run(*poisoned, "decks").stdout
    assert out.splitlines()[1].startswith("D [@click=app.quit]x[/] [bol ")
    assert "SLE" not in out  # the stored name is what is listed
    as_json = run(*poisoned, "decks", "--json").stdout
    assert json.loads(as_json)[0]["name"] == f"D {PAYLOAD}"  # JSON gives the exact text back


def test_stats_shows_a_topic_as_symbols(poisoned):
    out = run(*poisoned, "stats").stdout
    assert "␛]0;P␇�T [@cli" in out
    as_json = json.loads(run(*poisoned, "stats", "--json").stdout)
    assert f"\x1b]0;P\x07\x9bT {PAYLOAD}" in as_json["retention"]["by_topic"]  # exact in JSON


def test_browse_shows_a_topic_as_symbols(poisoned):
    out = run(*poisoned, "browse", "hcq-every-patient/qa").stdout
    assert "␛]0;P␇�T [@cli" in out


def test_an_error_quoting_a_file_name_is_one_line_of_symbols(tmp_path, decks_dir):
    name = "m\x1b]0;PWNED\x07\x9b2J.json"
    shutil.copy(decks_dir / "mini.json", decks_dir / name)
    result = run("--db", str(tmp_path / "other.db"), "--decks", str(decks_dir), "decks")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "named 'm␛]0;PWNED␇�2J.json'" in result.stderr


def test_an_unknown_deck_typed_with_escapes_is_told_in_symbols(tmp_path, decks_dir):
    result = run("--db", str(tmp_path / "x.db"), "--decks", str(decks_dir), "export",
                 "\x1b]52;c;aGk=\x07", "-o", str(tmp_path / "out.apkg"))
    assert result.exit_code == 2 and "␛]52;c;aGk=␇" in result.stderr


def test_export_names_the_file_it_wrote_in_symbols(tmp_path, decks_dir):
    target = tmp_path / "deck\x1b]0;PWNED\x07.csv"
    result = run("--decks", str(decks_dir), "export", "-o", str(target))
    assert result.exit_code == 0 and target.exists()
    assert "deck␛]0;PWNED␇.csv" in result.stdout
    as_json = run("--decks", str(decks_dir), "export", "-o", str(target), "--json").stdout
    assert json.loads(as_json)["path"] == str(target)


def test_lint_quotes_seed_text_in_symbols(seeds_dir):
    claims = seeds_dir / "mini" / "claims.toml"
    text = claims.read_text()
    claims.write_text(text.replace('topic = "Hydroxychloroquine"',
                                   'topic = "Hydroxy\\u001b]0;PWNED\\u0007 \\u009b31m"', 1))
    result = run("lint", "--seeds", str(seeds_dir), "--coverage")
    assert result.exit_code == 1
    assert "U+001B" in result.stderr  # the rule names the character, and the topic is shown
    assert "Hydroxy␛]0;PWNED␇ �31m" in result.stdout
