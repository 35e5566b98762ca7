"""`trainer config --deck`: each value says where it comes from (this deck, all decks, default)."""

from __future__ import annotations

from typer.testing import CliRunner

from trainer.cli import app


def config(tmp_path, decks_dir, *args):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "c.db"), "--decks", str(decks_dir),
                                      "config", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def marks(listing: str) -> dict[str, str]:
    """Each setting's mark in a listing: the bracketed end of its line, '' for none."""
    out = {}
    for line in listing.splitlines()[1:]:
        if line.startswith("  ") and not line.startswith("   "):
            end = line.rsplit("   ", 1)[-1]
            out[line.split()[0]] = end if end.startswith("(") and end.endswith(")") else ""
    return out


def test_a_deck_view_tells_the_decks_own_values_from_global_ones_and_defaults(tmp_path, decks_dir):
    config(tmp_path, decks_dir, "new_per_day", "7")  # for all decks
    config(tmp_path, decks_dir, "learning_steps", "2m", "20m")
    config(tmp_path, decks_dir, "--deck", "mini", "reviews_per_day", "50")
    config(tmp_path, decks_dir, "--deck", "mini", "learning_steps", "1m", "10m")  # = the default

    shown = marks(config(tmp_path, decks_dir, "--deck", "mini"))
    assert shown["reviews_per_day"] == "(this deck)"
    assert shown["learning_steps"] == "(this deck)"  # the default's value, but the deck's own
    assert shown["new_per_day"] == "(all decks)"
    assert shown["desired_retention"] == "" and "(changed)" not in shown.values()
    assert [k for k, m in shown.items() if m] == ["new_per_day", "reviews_per_day", "learning_steps"]


def test_after_resetting_a_deck_nothing_shows_as_set_for_it(tmp_path, decks_dir):
    config(tmp_path, decks_dir, "new_per_day", "7")
    config(tmp_path, decks_dir, "--deck", "mini", "reviews_per_day", "50")
    config(tmp_path, decks_dir, "--deck", "mini", "new_per_day", "3")

    reset = config(tmp_path, decks_dir, "--reset", "--deck", "mini")
    assert "global values and defaults apply" in reset
    shown = marks(reset)
    assert "(this deck)" not in shown.values()
    assert shown["new_per_day"] == "(all decks)" and shown["reviews_per_day"] == ""
    assert "new_per_day        7 " in reset  # the global value applies again
    assert marks(config(tmp_path, decks_dir, "--deck", "mini")) == shown


def test_resetting_one_setting_of_a_deck_falls_back_to_the_global_value(tmp_path, decks_dir):
    config(tmp_path, decks_dir, "fuzz", "false")
    config(tmp_path, decks_dir, "--deck", "mini", "fuzz", "true")
    assert marks(config(tmp_path, decks_dir, "--deck", "mini", "fuzz")) == {"fuzz": "(this deck)"}
    after = config(tmp_path, decks_dir, "--deck", "mini", "fuzz", "--reset")
    assert marks(after) == {"fuzz": "(all decks)"} and "fuzz               false" in after


def test_the_global_view_still_marks_values_changed_from_the_default(tmp_path, decks_dir):
    config(tmp_path, decks_dir, "new_per_day", "7")
    config(tmp_path, decks_dir, "--deck", "mini", "reviews_per_day", "50")  # not a global value
    shown = marks(config(tmp_path, decks_dir))
    assert [k for k, m in shown.items() if m] == ["new_per_day"]
    assert shown["new_per_day"] == "(changed)"


def test_a_stored_value_out_of_bounds_shows_as_the_default_it_falls_back_to(tmp_path, decks_dir):
    from trainer.store import Store

    config(tmp_path, decks_dir, "--deck", "mini")  # creates the database and the deck
    store = Store.open(tmp_path / "c.db")
    store.settings.set("mini", "rollover_hour", 30)  # as an older version might have stored
    store.close()
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "c.db"), "--decks", str(decks_dir),
                                      "config", "--deck", "mini", "rollover_hour"])
    assert "rollover_hour = 30 (deck mini) is out of range" in result.stderr
    assert marks(result.stdout) == {"rollover_hour": ""} and "rollover_hour      4 " in result.stdout
