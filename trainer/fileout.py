"""Writing a file the user named without ever destroying what is there: through a symlink,
into a FIFO or a terminal, keeping permissions, durable before it replaces anything; and what
an existing file holds, so a command can refuse to replace one that is not its own."""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from trainer.errors import CannotWrite


def _target(path: Path) -> tuple[Path, bool]:
    """The file to write (a symlink's target: the link itself stays) and whether it is a
    stream (a FIFO or a character device such as /dev/stdout), written into, never replaced."""
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        # through the link as given: /dev/stdout links (in /proc) to a pipe that has no name
        mode = path.stat().st_mode
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise CannotWrite(path, f"folder {real.parent} does not exist") from None
        return real, False
    except OSError as exc:
        raise CannotWrite(path, f"cannot write ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise CannotWrite(path, "is a folder; give a file name to write")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return path, True  # opened through the link, as it was found
    if not stat.S_ISREG(mode):
        raise CannotWrite(path, "is not a regular file, a FIFO or a terminal; give a file name")
    return real, False


def replaces(path: Path | str) -> Path | None:
    """The regular file that writing `path` would replace (a symlink's target), or None: nothing
    is there yet, or it is a stream (a FIFO, /dev/stdout), written into and never replaced.
    Folders and other odd files are refused with CannotWrite, as safe_output refuses them."""
    target, stream = _target(Path(path))
    return target if not stream and target.exists() else None


def zip_holds(path: Path, names: Collection[str]) -> bool:
    """Whether `path` is a zip archive with an entry named one of `names`."""
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name in names for name in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def starts_with(path: Path, head: bytes) -> bool:
    """Whether the file at `path` begins with the bytes `head`."""
    try:
        with path.open("rb") as file:
            return file.read(len(head)) == head
    except OSError:
        return False


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
        if isinstance(exc, BrokenPipeError):
            raise  # the reader went away (`-o /dev/stdout | head`): ends quietly, as every command
        raise CannotWrite(path, f"cannot write ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
