"""The theme: chosen with ctrl+t or the palette, remembered the same way, safe during a sync."""

from __future__ import annotations

import threading

from tests.apps import trainer_app
from trainer.studysettings import GLOBAL


async def test_the_palettes_theme_choice_is_remembered_like_ctrl_t(store, clock):
    app = trainer_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")  # "Theme: change the current theme": every theme listed
        await pilot.pause(0.3)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.theme == "nord"
    assert store.settings.get(GLOBAL, "theme", None) == "nord"
    again = trainer_app(store, clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"  # the next start opens in it
        await pilot.press("ctrl+t")  # nord is dark: ctrl+t goes light
        await pilot.pause()
        assert again.theme == "textual-light"
    assert store.settings.get(GLOBAL, "theme", None) == "textual-light"


async def test_ctrl_t_while_the_decks_sync_neither_fails_nor_breaks_the_sync(store, clock,
                                                                             monkeypatch):
    """The sync writes through the app's store in its worker thread; ctrl+t in the middle of
    its transaction must not write through the same connection from the UI thread."""
    import trainer.collection

    started, release = threading.Event(), threading.Event()

    def slow_sync(s, _folder, _now, _progress=None):
        with s.db.write() as c:
            c.execute("UPDATE decks SET name = 'Synced' WHERE id = 'mini'")
            started.set()
            release.wait(10)
        return []

    monkeypatch.setattr(trainer.collection, "sync_decks", slow_sync)
    app = trainer_app(store, clock, sync=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert started.wait(10)
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        assert app.theme == "textual-light"  # shown at once
        release.set()
        for _ in range(50):
            await pilot.pause(0.1)
            if app.ready:
                break
        assert app.ready and app.failure is None and app.is_running
        assert not app._notifications  # no error toast
    assert store.settings.get(GLOBAL, "theme", None) == "textual-light"  # stored after the sync
    assert [d.name for d in store.decks.all()] == ["Synced"]  # the sync's own write was kept
