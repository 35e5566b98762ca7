"""Snapshots of the study screens at 80x24 and 120x40 (review changes: pytest --snapshot-update)."""

from __future__ import annotations

import pytest

from tests.apps import SIZES


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestStudySnapshots:
    def test_home(self, snap_compare, app, size):
        assert snap_compare(app, terminal_size=size)

    def test_question(self, snap_compare, app, size):
        assert snap_compare(app, press=["enter"], terminal_size=size)

    def test_answer(self, snap_compare, app, size):
        assert snap_compare(app, press=["enter", "space"], terminal_size=size)

    def test_end_of_session(self, snap_compare, app, size, store):
        store.settings.set("mini", "new_per_day", 1)
        assert snap_compare(app, press=["enter", "space", "4"], terminal_size=size)
