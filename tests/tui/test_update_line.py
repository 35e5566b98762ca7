"""Pilot tests of the "Update" line: what changed since the review shows beside the review's fact."""

from __future__ import annotations

from tests.apps import trainer_app
from tests.tui.conftest import card_part, text_of
from trainer.model import Rating
from trainer.tui.screens.browse import browse_screen
from trainer.tui.screens.study import StudyScreen

UPDATE = "Update: A 2024 cohort of 399 lupus pregnancies found no link between hydroxychloroquine"
SOURCE = "Simard et al. 2024 · doi:10.1002/acr.25386"


async def test_the_back_of_an_updated_card_shows_the_update_and_its_source(make_app):
    app = make_app(study=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("space")
        # the first card (hcq-every-patient) has no update: no empty line is shown for it
        assert card_part(app, "update") is None
        await pilot.press(str(int(Rating.GOOD)))
        await pilot.pause()
        assert "preeclampsia" in card_part(app, "question")
        assert card_part(app, "update") is None  # hidden until the reveal
        await pilot.press("space")
        update = card_part(app, "update")
        assert update.startswith(UPDATE) and SOURCE in update
        # the review's own source stays where it was, apart from the update's
        sources = card_part(app, "sources")
        assert "[73] Seo et al. 2019" in sources and "Simard" not in sources


async def test_browse_shows_the_update_in_the_card_detail(store, clock):
    app = trainer_app(store, clock, start=lambda app: browse_screen(app, "hcq-preeclampsia/qa"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        update = text_of(app, "#detail-update")
        assert update.startswith(UPDATE) and SOURCE in update
        assert "[73] Seo et al. 2019" in text_of(app, "#detail-sources")
