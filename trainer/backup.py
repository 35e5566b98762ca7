"""Backups of the database: a consistent copy at any time (SQLite's online backup, safe while
the app runs), automatic ones while studying, pruned as Anki prunes its own, and restore."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from trainer.errors import BadInput
from trainer.store import Store

MINUTES_BETWEEN = 30  # automatic backups while studying: at most one per half hour (Anki's)
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9  # Anki's defaults
_NAME = re.compile(r"^(?P<stem>.+)-(?P<when>\d{8}-\d{6})(?:-(?P<n>\d+))?\.db$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime  # local wall time, from the file name
    n: int = 0  # the second backup taken in one second is -1, and so on

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def folder_for(db_path: Path) -> Path:
    """Where a database's backups live: a `backups` folder beside it."""
    return db_path.parent / "backups"


def name_for(db_path: Path, taken: datetime, n: int = 0) -> str:
    return f"{db_path.stem}-{taken:%Y%m%d-%H%M%S}{f'-{n}' if n else ''}.db"


def free_path(db_path: Path, taken: datetime) -> Path:
    """A backup path for `taken` that no backup has yet (two in one second get -1, -2...)."""
    folder = folder_for(db_path)
    n = 0
    while (folder / name_for(db_path, taken, n)).exists():
        n += 1
    return folder / name_for(db_path, taken, n)


def backups(db_path: Path) -> list[Backup]:
    """The backups of a database, newest first."""
    folder = folder_for(db_path)
    found = []
    for path in folder.glob(f"{db_path.stem}-*.db") if folder.is_dir() else []:
        m = _NAME.match(path.name)
        if m and m["stem"] == db_path.stem:
            found.append(Backup(path, datetime.strptime(m["when"], "%Y%m%d-%H%M%S"), int(m["n"] or 0)))
    return sorted(found, key=lambda b: (b.taken, b.n), reverse=True)


def back_up(store: Store, target: Path) -> Path:
    """A consistent copy of the open database written to `target` (a file, or a folder to put
    it in), through a temporary file: a failure leaves nothing half written."""
    from trainer.fileout import safe_output

    with safe_output(target) as tmp:
        store.db.backup_to(tmp)
    return target


def take(store: Store, now: datetime) -> Path:
    """A backup into the database's backups folder, named by the local time `now`."""
    db = Path(store.path)
    folder_for(db).mkdir(exist_ok=True)
    return back_up(store, free_path(db, now))


def due(db_path: Path, now: datetime) -> bool:
    """Whether an automatic backup is due: none yet, or the last one MINUTES_BETWEEN ago."""
    found = backups(db_path)
    return not found or now - found[0].taken >= timedelta(minutes=MINUTES_BETWEEN)


def to_prune(found: list[Backup], now: datetime) -> list[Backup]:
    """The backups to delete, keeping (as Anki does) the newest of each of the last KEEP_DAILY
    days, KEEP_WEEKLY weeks and KEEP_MONTHLY months that have one, and everything from today."""
    keep: set[Path] = set()
    for key, limit in ((lambda b: b.taken.date(), KEEP_DAILY),
                       (lambda b: b.taken.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda b: (b.taken.year, b.taken.month), KEEP_MONTHLY)):
        seen: list[object] = []
        for b in sorted(found, key=lambda b: (b.taken, b.n), reverse=True):
            period = key(b)
            if period not in seen:
                if len(seen) == limit:
                    break
                seen.append(period)
                keep.add(b.path)
    keep.update(b.path for b in found if b.taken.date() == now.date())
    return [b for b in found if b.path not in keep]


def prune(db_path: Path, now: datetime) -> int:
    gone = to_prune(backups(db_path), now)
    for b in gone:
        b.path.unlink(missing_ok=True)
    return len(gone)


def automatic(store: Store, now: datetime) -> Path | None:
    """Take a backup if one is due, and prune the old ones (what the app does while studying)."""
    db = Path(store.path)
    if store.path == ":memory:" or not due(db, now):
        return None
    path = take(store, now)
    prune(db, now)
    return path


def restore(store: Store, source: Path, now: datetime) -> Path:
    """Replace the open database's content with a backup's, after checking the backup is a
    sound trainer database and backing up what is there now (returned: the way back)."""
    from trainer.store.files import check_backup

    check_backup(source)
    if Path(store.path).resolve() == source.resolve():
        raise BadInput(f"{source}: is the database itself; give a backup file")
    before = take(store, now.replace(microsecond=0))
    store.db.restore_from(source)
    return before
