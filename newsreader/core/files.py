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

__all__ = ["fsync_dir", "locked", "read_toml", "write_atomic"]

LOCK_WAIT = 10.0  # seconds a command waits for another one to finish changing a file


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``: readers see the old file or the new one, never a part.
    ``durable`` also fsyncs the file and its folder, so the new one survives a power cut."""
    path.parent.mkdir(parents=True, exist_ok=True)
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
    from filelock import FileLock, Timeout

    file.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(file) + ".lock")
    try:
        lock.acquire(timeout=LOCK_WAIT)
    except Timeout:
        raise InputError(file, f"another newsreader command is changing {what}") from None
    try:
        yield
    finally:
        lock.release()
