"""`trainer backup` and `trainer restore`: copies of your progress, and putting one back."""

from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from trainer.commands.common import open_store, say, say_json


def _local_now() -> datetime:
    """The wall clock, for backup names: the interface's clock, in local time."""
    from trainer.commands.common import clock

    return clock().astimezone().replace(tzinfo=None, microsecond=0)


def _check_target(path: Path, db: Path, force: bool) -> None:
    """Refuse, before anything is written, to replace an existing file: without --force it may be
    an earlier backup or anything else of the user's (a name typed by hand), and even with it the
    database itself is never replaced (other windows would go on writing into the old file)."""
    from trainer.errors import BadInput
    from trainer.fileout import replaces

    existing = replaces(path)
    if existing is None:
        return
    if db.exists() and existing.samefile(db):
        raise BadInput(f"{path}: is the database itself; give another file name")
    if not force:
        raise BadInput(f"{path}: exists already; give another file name, or add --force to replace it")


def _restore_command(ctx: typer.Context, written: Path) -> str:
    """The command that puts `written` back, ready to paste: with --yes (restore asks for it) and
    with --db unless the database is the default one (else it would restore into that one)."""
    options = ctx.find_root().obj
    db = [] if options.db_is_default else ["--db", str(options.db_path)]
    return shlex.join(["trainer", *db, "restore", str(written), "--yes"])


def backup(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(
        metavar="PATH",
        help="File (or folder) to write the copy to; an existing file is kept unless --force "
             "[default: the backups folder beside the database].", show_default=False)] = None,
    list_them: Annotated[bool, typer.Option("--list", help="List the backups and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --list: print JSON.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists already.")]
    = False,
) -> None:
    """Write a consistent copy of your progress (safe while the app is open in another window).

    The app also keeps automatic backups while you study (at most one per half hour; the
    newest of each of the last 12 days, 10 weeks and 9 months are kept).
    """
    from trainer import backup as backups

    db = ctx.find_root().obj.db_path
    if list_them:
        found = backups.backups(db)
        if as_json:
            say_json([{"path": str(b.path), "taken": b.taken.isoformat(), "bytes": b.size}
                                   for b in found])
        elif not found:
            say(f"no backups of {db} yet (they go in {backups.folder_for(db)})")
        else:
            say(f"backups of {db}, newest first:")
            for b in found:
                say(f"  {b.taken:%Y-%m-%d %H:%M}  {b.size / 1e6:6.1f} MB  {b.path}")
        return
    now = _local_now()
    if path is not None:
        if path.is_dir():
            path = path / backups.name_for(db, now)
        _check_target(path, db, force)  # before the store opens: a refusal writes nothing at all
    store = open_store(ctx, sync=False)
    # no PATH: a new timestamped name in the backups folder, which never replaces one
    written = backups.back_up(store, path) if path else backups.take(store, now)
    say(f"wrote {written}; put it back with: {_restore_command(ctx, written)}")


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        metavar="FILE",
        help="A backup written by 'trainer backup' (see --list).", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Replace your current progress without asking.")]
    = False,
) -> None:
    """Put a backup back in place of your current progress (which is backed up first)."""
    from trainer import backup as backups
    from trainer.errors import BadInput
    from trainer.store.files import check_backup

    check_backup(file)  # a bad file is refused before anything is touched
    db = ctx.find_root().obj.db_path
    if not yes:
        raise BadInput(f"restoring replaces your progress in {db} with {file}; add --yes to go ahead "
                       "(your current progress is backed up first)")
    store = open_store(ctx, sync=False)
    before = backups.restore(store, file, _local_now())
    say(f"restored {file} into {db}; your progress before the restore is in {before}")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
