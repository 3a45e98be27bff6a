"""Copies of the state file in ``backups/`` beside it.

- A daily copy, ``state-YYYY-MM-DD.json``, made by the first writer of the day from the file as
  it was loaded; the newest ``KEEP_DAILY`` are kept.
- A copy before each migration, ``state-vN-YYYYMMDDTHHMMSS.json``; the newest
  ``KEEP_MIGRATION`` are kept.

When the state file is damaged the newest backup that still loads is offered;
``restore`` moves the damaged file aside (never deletes it) and puts the backup in its place.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from newsreader.core.files import write_target
from newsreader.core.paths import state_backups_dir
from newsreader.core.state.errors import StateCorrupt, StateError
from newsreader.core.state.storage import read_state_file, write_atomic

__all__ = ["KEEP_DAILY", "KEEP_MIGRATION", "backups", "clean_temps", "daily_backup", "migration_backup", "newest_good_backup", "restore"]

KEEP_DAILY = 7
KEEP_MIGRATION = 3
_DAILY = re.compile(r"state-(\d{4}-\d{2}-\d{2})\.json")
_MIGRATION = re.compile(r"state-v\d+-\d{8}T\d{6}(?:-\d+)?\.json")


def _today() -> str:
    return datetime.now().strftime("%Y-%m-%d")


def _prune(folder: Path, pattern: re.Pattern[str], keep: int, *, written: Path, newest: str | None = None) -> None:
    """Keep the newest ``keep`` backups by name, always ``written`` (the one just made) among
    them. Names after ``newest`` (dated in the future: the clock was wrong, or went back) are
    neither counted nor pruned: they cannot push out the backup made today, nor be lost."""
    found = sorted(
        p.name for p in folder.iterdir()
        if pattern.fullmatch(p.name) and p.name != written.name and (newest is None or p.name <= newest)
    )
    for name in found[: max(0, len(found) - max(0, keep - 1))]:
        with contextlib.suppress(OSError):
            (folder / name).unlink()


def daily_backup(state: Path, raw: bytes, *, keep: int = KEEP_DAILY, today: str | None = None) -> Path | None:
    """Write today's copy of ``raw`` (the file as loaded) unless there is one; prune old ones."""
    if not raw:
        return None
    folder = state_backups_dir(state)
    target = folder / f"state-{today or _today()}.json"
    if target.exists():
        return None
    write_atomic(target, raw)
    _prune(folder, _DAILY, keep, written=target, newest=target.name)
    return target


def migration_backup(state: Path, raw: bytes, version: int, *, keep: int = KEEP_MIGRATION) -> Path:
    """A copy of ``raw`` before it is upgraded from ``version``. When one of these copies
    already holds these bytes (an upgrade that failed, tried again) it is used again, so
    repeated attempts do not rotate the real backups out."""
    folder = state_backups_dir(state)
    with contextlib.suppress(OSError):
        for earlier in sorted(folder.iterdir()):
            if _MIGRATION.fullmatch(earlier.name) and earlier.name.startswith(f"state-v{version}-"):
                with contextlib.suppress(OSError):
                    if earlier.stat().st_size == len(raw) and earlier.read_bytes() == raw:
                        return earlier
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = folder / f"state-v{version}-{stamp}.json"
    n = 1
    while target.exists():
        target = folder / f"state-v{version}-{stamp}-{n}.json"
        n += 1
    write_atomic(target, raw)
    _prune(folder, _MIGRATION, keep, written=target)
    return target


def clean_temps(state: Path) -> None:
    """Remove temporary files a crash left in the backups folder (call while holding the lock)."""
    folder = state_backups_dir(state)
    try:
        leftovers = list(folder.glob(".state-*.tmp"))
    except OSError:
        return
    for tmp in leftovers:
        with contextlib.suppress(OSError):
            tmp.unlink()


def backups(state: Path) -> list[Path]:
    """Every backup of ``state``, newest first."""
    folder = state_backups_dir(state)
    try:
        found = [p for p in folder.iterdir() if _DAILY.fullmatch(p.name) or _MIGRATION.fullmatch(p.name)]
    except OSError:
        return []

    def when(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    return sorted(found, key=lambda p: (when(p), p.name), reverse=True)


def newest_good_backup(state: Path) -> Path | None:
    for path in backups(state):
        try:
            data, _ = read_state_file(path)
        except StateCorrupt:
            continue
        if data is not None:
            return path
    return None


def restore(state: Path, backup: Path | None = None) -> tuple[Path, Path | None]:
    """Put ``backup`` (default: the newest good one) in place of ``state``.

    The current file, if any, is kept as ``state.json.broken-YYYYMMDDTHHMMSS`` (a second name
    for it, so ``state`` is there all along); when the new file cannot be written (a full disk)
    ``state`` is left as it was and ``StateError`` says why. Returns (the backup used, where the
    old file went). Call only while holding the lock.
    """
    backup = backup or newest_good_backup(state)
    if backup is None:
        raise StateError(state, "no backup that loads was found")
    data, raw = read_state_file(backup)
    if data is None:
        raise StateError(backup, "no such backup")
    state = write_target(state)  # a symbolic link stays one: the file it points to is restored
    aside: Path | None = None
    if state.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = state.with_name(f"{state.name}.broken-{stamp}")
        n = 1
        while aside.exists():
            aside = state.with_name(f"{state.name}.broken-{stamp}-{n}")
            n += 1
        try:
            os.link(state, aside, follow_symlinks=False)
            linked = True
        except OSError:  # no hard links here: move it aside, and back on failure
            os.replace(state, aside)
            linked = False
    try:
        write_atomic(state, raw)
    except OSError as exc:
        if aside is not None:
            with contextlib.suppress(OSError):
                if linked:
                    os.unlink(aside)
                else:
                    os.replace(aside, state)
        raise StateError(state, f"could not be replaced ({exc.strerror or exc}); it is unchanged") from None
    return backup, aside
