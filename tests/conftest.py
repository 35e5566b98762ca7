"""Shared fixtures: a writable seeds folder built from the committed mini fixture."""

from __future__ import annotations

import pytest

from tests.seedtools import copy_mini


@pytest.fixture
def seeds_dir(tmp_path, monkeypatch):
    """tmp/seeds/mini (a copy of tests/fixtures/seeds/mini), with tmp as the current folder."""
    monkeypatch.chdir(tmp_path)
    return copy_mini(tmp_path)


@pytest.fixture
def claims_file(seeds_dir):
    return seeds_dir / "mini" / "claims.toml"


# -- the study engine: a fixed clock, a throwaway database synced with the golden mini deck --

import shutil  # noqa: E402
from datetime import UTC, datetime, timedelta, timezone  # noqa: E402

from tests.seedtools import FIXTURES  # noqa: E402

TZ = timezone(timedelta(hours=2))  # a fixed local zone, so day boundaries do not depend on the host


class Clock:
    """A settable clock for services: call it for 'now', advance it by hand."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    # 10:00 local (08:00 UTC) on a Monday: well inside a study day
    return Clock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
def decks_dir(tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    shutil.copy(FIXTURES / "golden" / "mini.json", folder / "mini.json")
    return folder


@pytest.fixture
def store(tmp_path, decks_dir, clock):
    from trainer.collection import sync_decks
    from trainer.schedule import seconds
    from trainer.store import Store

    s = Store.open(tmp_path / "trainer.db")
    sync_decks(s, decks_dir, seconds(clock()))
    yield s
    s.close()


@pytest.fixture
def session(store, clock):
    from trainer.schedule import SchedulerConfig
    from trainer.study import Session
    from trainer.studysettings import StudySettings

    return Session(store, "mini", clock, tz=TZ,
                   settings=StudySettings(scheduler=SchedulerConfig(fuzz=False)))
