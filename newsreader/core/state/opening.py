"""Opening the state file for a role: the lock, the checks, upgrades and what to do when they fail.

``open_state`` takes the lock (or not, by role), reads and checks the file, upgrades an older
schema (keeping the old file as a backup), and says what the store is to hold: the document,
whether it may write (it holds the lock), and a notice when it opened read-only. See
``store`` for the roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from newsreader.core.paths import state_file
from newsreader.core.state import backup as backups
from newsreader.core.state import schema
from newsreader.core.state.errors import (
    StateBusy,
    StateCorrupt,
    StateError,
    StateReadOnly,
    StateWriteError,
)
from newsreader.core.state.lock import StateLock
from newsreader.core.state.storage import (
    MAX_READ_BYTES,
    clean_stale_temps,
    dumps,
    read_state_file,
    write_atomic,
)

__all__ = ["DEFAULT_WAIT", "Opened", "Role", "open_state"]

Role = Literal["app", "writer", "reader"]
DEFAULT_WAIT = 10.0  # seconds a writer waits for the lock


@dataclass(frozen=True, slots=True)
class Opened:
    """What ``open_state`` found: the store may write when it holds ``lock``."""

    path: Path
    data: dict[str, dict[str, Any]]
    lock: StateLock | None = None
    notice: str | None = None
    corrupt: StateCorrupt | None = None
    backup_raw: bytes = b""  # the file as read, kept as the day's backup once the writer runs


def open_state(path: Path | str | None = None, *, role: Role = "app", wait: float = DEFAULT_WAIT) -> Opened:
    """Open the state file (default: ``paths.state_file()``) for ``role``; see ``store``."""
    """Open the state file (default: ``paths.state_file()``) for ``role``; see the module doc."""
    path = Path(path).expanduser() if path is not None else state_file()
    lock: StateLock | None = None
    notice: str | None = None
    if role != "reader":
        lock = StateLock(path)
        try:
            got = lock.acquire(0.0 if role == "app" else wait)
        except OSError as exc:
            problem = StateError(path.parent, f"cannot use this folder for state ({exc.strerror or exc})")
            if role == "writer":
                raise problem from None
            try:  # a read-only folder may still hold a readable file
                data, _ = read_state_file(path)
                version = schema.version_of(data) if data is not None else None
                if data is None or version is None or version > schema.CURRENT:
                    data = schema.fresh()
                elif version < schema.CURRENT:
                    data = schema.migrate(data, version)
            except StateCorrupt:
                data = schema.fresh()
            notice = f"{problem}; opened read-only, changes will not be saved."
            return Opened(path, data, notice=notice)
        if not got:
            if role == "writer":
                raise StateBusy(
                    path,
                    f"another newsreader (the app or a command) is using this file; waited {wait:g} s. "
                    "Try again when it has closed",
                )
            lock = None
            notice = "Another newsreader is open on this state file: opened read-only, changes will not be saved."
    try:
        if lock is not None:
            clean_stale_temps(path)
            backups.clean_temps(path)
        data, raw = read_state_file(path, limit=MAX_READ_BYTES if role == "reader" else None)  # readers may export a file too large to write
    except StateCorrupt as exc:
        if lock is not None:
            lock.release()
        exc.backup = backups.newest_good_backup(path)
        if role == "app":
            return Opened(path, schema.fresh(), notice=f"{exc} — {exc.advice()}", corrupt=exc)
        raise
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if data is None:
        data, raw = schema.fresh(), b""
    version = schema.version_of(data)
    if version is None:
        if lock is not None:
            lock.release()
        exc = StateCorrupt(path, "the meta table has no schema version", line=1, column=1)
        exc.backup = backups.newest_good_backup(path)
        if role == "app":
            return Opened(path, schema.fresh(), notice=f"{exc} — {exc.advice()}", corrupt=exc)
        raise exc
    if version > schema.CURRENT:
        newer = (
            f"{path}: written by a newer newsreader (schema {version}; this one knows {schema.CURRENT}); "
            "opened read-only, nothing will be changed"
        )
        if lock is not None:
            lock.release()
        if role == "writer":
            raise StateReadOnly(path, newer.split(": ", 1)[1])
        return Opened(path, data, notice=newer)
    if version < schema.CURRENT:
        if lock is None:  # a reader or a second app: migrate in memory only
            data = schema.migrate(data, version)
        else:
            try:
                saved = backups.migration_backup(path, raw, version)
                migrated = schema.migrate(data, version)
                raw = dumps(migrated)
                write_atomic(path, raw)
            except Exception as exc:  # the file is left as it was
                lock.release()
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
                problem = StateWriteError(path, f"could not upgrade the file from schema {version} ({reason})")
                if role == "writer":
                    raise problem from None
                try:
                    shown = schema.migrate(data, version)
                except Exception:
                    shown = schema.fresh()
                return Opened(path, shown, notice=f"{problem}; opened read-only")
            except BaseException:
                lock.release()
                raise
            data = migrated
            notice = f"{path}: upgraded from schema {version} to {schema.CURRENT}; the old file is kept as {saved}"
    return Opened(path, data, lock=lock, notice=notice, backup_raw=raw if lock is not None else b"")
