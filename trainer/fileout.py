"""Writing a file the user named without ever destroying what is there: through a symlink,
into a FIFO or a terminal, keeping permissions, durable before it replaces anything."""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from trainer.errors import CannotWrite


def _target(path: Path) -> tuple[Path, bool]:
    """The file to write (a symlink's target: the link itself stays) and whether it is a
    stream (a FIFO or a character device such as /dev/stdout), written into, never replaced."""
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise CannotWrite(path, f"folder {real.parent} does not exist") from None
        return real, False
    except OSError as exc:
        raise CannotWrite(path, f"cannot write ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise CannotWrite(path, "is a folder; give a file name to write")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return real, True
    if not stat.S_ISREG(mode):
        raise CannotWrite(path, "is not a regular file, a FIFO or a terminal; give a file name")
    return real, False


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some systems cannot open a folder: the rename is as durable as they allow
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def safe_output(path: Path | str) -> Iterator[Path]:
    """A temporary file to write; when the block succeeds its bytes become `path`.

    A regular file is replaced by a rename after an fsync, keeping the old file's permissions
    (a new file gets the user's usual ones); a symlink keeps pointing where it did; a FIFO or a
    character device is written into, never replaced. On any failure or Ctrl+C the temporary
    file is removed and `path` is as it was."""
    path = Path(path)
    target, stream = _target(path)
    folder = Path(tempfile.gettempdir()) if stream else target.parent
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        tmp.open("xb").close()
        yield tmp
        if stream:
            with tmp.open("rb") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            tmp.unlink()
            return
        with tmp.open("rb+") as out:
            os.fsync(out.fileno())
        if target.exists():
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CannotWrite(path, f"cannot write ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
