"""Small files read as TOML, and written whole: atomically (a temporary file in the same folder, fsync, rename)
and, where commands may race, under a lock file. The state file has its own storage
(``core.state.storage``); this is for settings, subscriptions, saved searches and feed items."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsreader.core.errors import InputError

__all__ = ["fsync_dir", "locked", "read_toml", "write_atomic", "write_target"]

LOCK_WAIT = 10.0  # seconds a command waits for another one to finish changing a file


def write_target(path: Path) -> Path:
    """The file that writing ``path`` must replace: ``path``, or for a symbolic link the file it
    points to (to the end of a chain), as editors do. So a file kept elsewhere through a link
    (dotfiles, a synced folder) is the one updated, and the link stays a link. A dangling link
    gives its target, which is created; its folder is not."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``: readers see the old file or the new one, never a part.
    ``durable`` also fsyncs the file and its folder, so the new one survives a power cut.
    A symbolic link is written through (see ``write_target``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path = write_target(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows opening folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_toml(file: Path) -> dict | None:
    """A TOML file's table, None when there is no file; a clear InputError otherwise."""
    import tomllib

    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(file, exc.strerror or "cannot be read") from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(file, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(file, f"not valid TOML: {exc}") from None


@contextmanager
def locked(file: Path, what: str) -> Iterator[None]:
    """Hold ``file``.lock while changing ``file``; another command waits, then gets a clear
    error naming ``what`` is being changed."""
    from newsreader.core.fairlock import FairLock

    file.parent.mkdir(parents=True, exist_ok=True)
    lock = FairLock(Path(str(file) + ".lock"))
    try:
        got = lock.acquire(LOCK_WAIT)
    except OSError as exc:
        where = file.parent if isinstance(exc, IsADirectoryError) else Path(exc.filename or lock.path)
        raise InputError(where, exc.strerror or "cannot be locked") from None
    if not got:
        raise InputError(file, f"another newsreader command is changing {what}")
    try:
        yield
    finally:
        lock.release()
