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
    ("new_per_day", "ten", "not a valid int"), ("rollover_hour", "24", "out of range"),
    ("desired_retention", "1.5", "out of range"), ("learning_steps", "10 minutes", "not a valid"),
    ("learning_steps", "0m", "out of range"), ("fuzz", "maybe", "not a valid bool"),
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
    assert changed.exit_code == 0 and "(changed)" in changed.stdout
    for value in ("25", "-5"):
        bad = runner.invoke(app, [*base, "rollover_hour", value])
        assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "out of range" in bad.stderr
    unknown_deck = runner.invoke(app, [*base, "--deck", "nope"])
    assert unknown_deck.exit_code == 2 and "no deck named 'nope'" in unknown_deck.stderr
