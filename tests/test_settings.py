"""`trainer config` and the settings service: parsing, ranges, the deck/global cascade."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.conftest import TZ
from trainer import settings
from trainer.cli import app
from trainer.errors import TrainerError
from trainer.model import Rating
from trainer.study import Session


@pytest.mark.parametrize("name, text, value", [
    ("new_per_day", "30", 30), ("rollover_hour", "0", 0), ("desired_retention", "0.85", 0.85),
    ("learning_steps", "30s 5m 1h", [30, 300, 3600]), ("relearning_steps", "10m, 1d", [600, 86400]),
    ("fuzz", "off", False), ("fuzz", "Yes", True), ("maximum_interval", "365", 365),
])
def test_parse_valid(name, text, value):
    assert settings.parse(name, text) == value


@pytest.mark.parametrize("name, text, message", [
    ("bogus", "1", "unknown setting 'bogus'"), ("new_per_day", "-1", "out of range"),
    ("new_per_day", "ten", "not a whole number"), ("rollover_hour", "24", "out of range"),
    ("desired_retention", "1.5", "out of range"), ("desired_retention", "high", "not a number"),
    ("learning_steps", "10 minutes", "not a list of steps"),
    ("learning_steps", "0m", "out of range"), ("fuzz", "maybe", "not true or false"),
])
def test_parse_invalid(name, text, message):
    with pytest.raises(TrainerError, match=message):
        settings.parse(name, text)


def test_deck_setting_overrides_global_and_reaches_the_scheduler(store, clock):
    settings.set_value(store, None, "learning_steps", "2m 20m")
    settings.set_value(store, "mini", "new_per_day", "3")
    assert settings.effective(store, "mini")["new_per_day"] == 3
    assert settings.effective(store, None)["new_per_day"] == 20
    session = Session.open(store, "mini", clock, tz=TZ)
    assert session.counts().new == 3
    assert session.next().preview(Rating.AGAIN) == "2m"
    settings.reset(store, "mini", "new_per_day")
    assert Session.open(store, "mini", clock, tz=TZ).counts().new == 20


def test_config_cli(tmp_path, decks_dir):
    base = ["--db", str(tmp_path / "t.db"), "--decks", str(decks_dir), "config"]
    runner = CliRunner()
    listing = runner.invoke(app, base)
    assert listing.exit_code == 0 and "desired_retention  0.9" in listing.stdout
    changed = runner.invoke(app, [*base, "--deck", "mini", "reviews_per_day", "50"])
    assert changed.exit_code == 0 and "(this deck)" in changed.stdout
    for value in ("25", "-5"):
        bad = runner.invoke(app, [*base, "rollover_hour", value])
        assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "out of range" in bad.stderr
    unknown_deck = runner.invoke(app, [*base, "--deck", "nope"])
    assert unknown_deck.exit_code == 2 and "no deck named 'nope'" in unknown_deck.stderr


@pytest.mark.parametrize("name, text, allowed", [
    ("new_per_day", "100000", "0-9999"), ("reviews_per_day", "10000", "0-9999"),
    ("desired_retention", "nan", "0.70-0.99"), ("desired_retention", "inf", "0.70-0.99"),
    ("desired_retention", "0.5", "0.70-0.99"), ("maximum_interval", "40000", "1-36500"),
    ("learning_steps", "1m 31d", "1s-30d"), ("relearning_steps", " ".join(["1m"] * 11), "at most 10"),
])
def test_values_out_of_bounds_name_the_range(name, text, allowed):
    with pytest.raises(TrainerError, match="out of range") as error:
        settings.parse(name, text)
    assert allowed in str(error.value)


@pytest.mark.parametrize("name, text, message", [
    ("new_per_day", "abc", "setting 'new_per_day': 'abc' is not a whole number; allowed: 0-9999 "
                           "(new cards introduced per study day)"),
    ("desired_retention", "1.5", "setting 'desired_retention': 1.5 is out of range; allowed: "
                                 "0.70-0.99 (chance of recall FSRS aims for at review time)"),
    ("learning_steps", "1x", "setting 'learning_steps': '1x' is not a list of steps; allowed: "
                             "steps such as '1m 10m' or '1h 1d', each 1s-30d"),
    ("fuzz", "maybe", "setting 'fuzz': 'maybe' is not true or false; allowed: true or false, "
                      "yes or no"),
])
def test_a_refused_value_says_in_plain_words_what_is_allowed(name, text, message):
    with pytest.raises(TrainerError) as error:
        settings.parse(name, text)
    assert str(error.value).startswith(message)
    assert "((" not in str(error.value) and "))" not in str(error.value)  # no brackets in brackets


def test_an_empty_relearning_step_list_is_allowed_as_in_anki():
    assert settings.parse("relearning_steps", "") == []


def run(tmp_path, decks_dir, *args):
    return CliRunner().invoke(app, ["--db", str(tmp_path / "c.db"), "--decks", str(decks_dir),
                                    "config", *args])


def test_reset_without_a_name_resets_the_whole_scope_and_says_so(tmp_path, decks_dir):
    run(tmp_path, decks_dir, "new_per_day", "7")
    run(tmp_path, decks_dir, "fuzz", "false")
    result = run(tmp_path, decks_dir, "--reset")
    assert result.exit_code == 0 and "reset every setting for all decks" in result.output
    assert "(changed)" not in result.output


def test_a_value_with_reset_is_refused_and_changes_nothing(tmp_path, decks_dir):
    run(tmp_path, decks_dir, "new_per_day", "7")
    result = run(tmp_path, decks_dir, "new_per_day", "5", "--reset")
    assert result.exit_code == 2 and "takes no value" in result.output
    assert "new_per_day        7" in run(tmp_path, decks_dir, "new_per_day").output


def test_a_dashed_name_gets_a_did_you_mean(tmp_path, decks_dir):
    result = run(tmp_path, decks_dir, "new-per-day", "5")
    assert result.exit_code == 2 and "did you mean 'new_per_day'?" in result.output


def test_a_stored_value_out_of_bounds_is_reported_and_not_used(store, clock):
    store.settings.set("global", "rollover_hour", 30)  # as an older version might have stored
    store.settings.set("mini", "desired_retention", "high")
    session = Session.open(store, "mini", clock, TZ)  # no crash: the defaults apply
    assert session.settings.rollover_hour == 4 and session.settings.scheduler.desired_retention == 0.9
    problems = settings.stored_problems(store, "mini")
    assert any("rollover_hour = 30 (all decks) is out of range" in p for p in problems)
    assert any("desired_retention = 'high' (deck mini) is not a number" in p for p in problems)


def test_values_of_several_words_need_no_quotes(tmp_path, decks_dir):
    from trainer.scheduling import default_parameters

    numbers = [str(v) for v in default_parameters()]
    numbers[3] = "20.0"
    unquoted = run(tmp_path, decks_dir, "parameters", *numbers)
    assert unquoted.exit_code == 0, unquoted.output
    assert unquoted.stdout.splitlines()[1].split()[1:22] == numbers
    steps = run(tmp_path, decks_dir, "--deck", "mini", "learning_steps", "2m", "20m")
    assert steps.exit_code == 0 and "learning_steps     2m 20m" in steps.stdout
    quoted = run(tmp_path, decks_dir, "learning_steps", "3m 30m")  # as before
    assert quoted.exit_code == 0 and "learning_steps     3m 30m" in quoted.stdout
    days = run(tmp_path, decks_dir, "easy_days", "sat=50%", "sun=0%")
    assert days.exit_code == 0 and "sat=50% sun=0%" in days.stdout
    too_many = run(tmp_path, decks_dir, "new_per_day", "5", "6")
    assert too_many.exit_code == 2 and "'5 6' is not a whole number" in too_many.stderr


@pytest.mark.parametrize("args, line", [
    (["--bogus"], "trainer: unknown option --bogus; see 'trainer config --help'\n"),
    (["new_per_day", "5", "--dek", "mini"],
     "trainer: unknown option --dek (did you mean --deck?); see 'trainer config --help'\n"),
])
def test_an_unknown_option_is_no_setting_name(tmp_path, decks_dir, args, line):
    result = run(tmp_path, decks_dir, *args)
    assert result.exit_code == 2 and result.stderr == line
    assert "(changed)" not in run(tmp_path, decks_dir).stdout  # nothing was set


def test_a_negative_number_is_still_a_value_to_refuse(tmp_path, decks_dir):
    result = run(tmp_path, decks_dir, "new_per_day", "-5")
    assert result.exit_code == 2 and "-5 is out of range; allowed: 0-9999" in result.stderr


def test_simulate_words_its_ranges_as_config_does(tmp_path, decks_dir):
    config = run(tmp_path, decks_dir, "desired_retention", "1.2")
    simulate = CliRunner().invoke(app, ["--db", str(tmp_path / "c.db"), "--decks", str(decks_dir),
                                        "simulate", "--retention", "1.2"])
    assert "1.2 is out of range; allowed: 0.70-0.99" in config.stderr
    assert simulate.stderr == ("trainer: option --retention: 1.2 is out of range; "
                               "allowed: 0.70-0.99\n")


def test_sources_follow_the_cascade_the_sessions_use(store):
    settings.set_value(store, None, "new_per_day", "7")
    settings.set_value(store, None, "fuzz", "false")
    settings.set_value(store, "mini", "fuzz", "true")
    store.settings.set("mini", "theme", "dark")  # not a study setting: no source of its own
    found = settings.sources(store, "mini")
    assert found["new_per_day"] == settings.ALL_DECKS and found["fuzz"] == settings.DECK
    assert found["reviews_per_day"] == settings.DEFAULT and "theme" not in found
    assert settings.sources(store, None)["fuzz"] == settings.ALL_DECKS
    settings.reset(store, "mini", None)
    assert settings.DECK not in settings.sources(store, "mini").values()
