"""Faults on the disk under the state file, injected: a full disk at each step of a save, a
read-only or forbidden folder, the state file replaced by a folder, a missing or blocked cache
folder, a lock left by a dead process, the clock set back. Each gives a clear one-line message
and keeps what the user had. (Injection rather than chmod: the tests also run as root.)"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SEEDS

from newsreader.cli import load_for_app, main
from newsreader.core.paths import cache_dir
from newsreader.core.state import StateStore
from newsreader.core.state import backup as backups
from newsreader.core.state import records as records_module
from newsreader.core.state import storage as storage_module
from newsreader.core.state.errors import StateCorrupt, StateError
from newsreader.core.state.export import ImportBatch
from newsreader.core.state.lock import StateLock

WRITER = "newsreader-state-writer"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "state.json"


def saved(path: Path, first: str = "first note") -> bytes:
    store = StateStore.open(path, role="writer")
    store.add_note("a", first)
    assert store.close()
    assert StateStore.open(path, role="writer").close()  # today's backup made: no backup job below
    return path.read_bytes()


def on_disk(path: Path) -> list[str]:
    return sorted(n["text"] for n in json.loads(path.read_bytes())["notes"].values())


def fail_in_writer(monkeypatch, name: str, code: int, times: int | None) -> dict[str, int]:
    """Make ``os.<name>`` raise ``OSError(code)`` in the state writer thread (``times`` calls, or always)."""
    real = getattr(os, name)
    count = {"failed": 0}

    def failing(*args, **kwargs):
        if threading.current_thread().name == WRITER and (times is None or count["failed"] < times):
            count["failed"] += 1
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)
    return count


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_disk_full_at_each_step_keeps_the_old_file_then_saves_on_retry(path, monkeypatch, step):
    monkeypatch.setattr("newsreader.core.state.writer.RETRY_DELAY", 0.1)
    before = saved(path)
    store = StateStore.open(path, role="app")
    errors: list[str] = []
    store.on_error = errors.append
    count = fail_in_writer(monkeypatch, step, errno.ENOSPC, times=2)
    store.add_note("a", "second note")
    deadline = time.monotonic() + 10
    while not errors and time.monotonic() < deadline:
        time.sleep(0.01)
    assert errors and errors[0] == f"{path}: could not save changes (No space left on device); will retry"
    assert path.read_bytes() == before  # the old version, whole
    assert storage_module.temp_files(path) == []  # no half-written file left beside it
    assert store.flush(15) and count["failed"] == 2
    assert store.close()
    assert on_disk(path) == ["first note", "second note"]


def test_a_disk_that_stays_full_fails_the_command_on_one_line_and_keeps_the_file(path, monkeypatch, capsys):
    before = saved(path)
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(path.parent))
    fail_in_writer(monkeypatch, "replace", errno.ENOSPC, times=None)
    assert main(["mark", "a", "star", "--wait", "1"]) == 1
    err = capsys.readouterr().err
    assert err == f"newsreader: error: {path}: could not save changes (No space left on device); not saved\n"
    assert path.read_bytes() == before and storage_module.temp_files(path) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_or_forbidden_data_folder(path, monkeypatch, code):
    saved(path)

    def refused(self, timeout=0.0):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(StateLock, "acquire", refused)
    store = StateStore.open(path, role="app")
    assert store.read_only
    assert store.notice == (f"{path.parent}: cannot use this folder for state ({os.strerror(code)}); "
                            "opened read-only, changes will not be saved.")
    assert [n.text for n in store.all_notes()] == ["first note"]  # what was there is shown
    store.mark_read("a")  # for the session
    store.close()
    with pytest.raises(StateError, match=os.strerror(code)):
        StateStore.open(path, role="writer")
    assert on_disk(path) == ["first note"]


def test_permission_denied_on_the_temporary_file(path, monkeypatch):
    before = saved(path)
    store = StateStore.open(path, role="app")
    errors: list[str] = []
    store.on_error = errors.append
    fail_in_writer(monkeypatch, "open", errno.EACCES, times=None)
    store.add_note("a", "typed while the folder is locked")
    deadline = time.monotonic() + 10
    while not errors and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not store.flush(0.2)
    assert errors == [f"{path}: could not save changes (Permission denied); will retry"]
    assert store.pending == 1  # kept in memory, retried
    monkeypatch.undo()
    assert store.flush(10) and store.close()
    assert path.read_bytes() != before and "typed while the folder is locked" in on_disk(path)


def test_permission_denied_reading_the_state_file(path, monkeypatch):
    before = saved(path)
    real = Path.read_bytes

    def forbidden(self):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", forbidden)
    store = StateStore.open(path, role="app")
    assert store.read_only and "cannot be read (Permission denied)" in store.notice
    assert "\n" not in store.notice
    store.close()
    with pytest.raises(StateCorrupt, match=r"cannot be read \(Permission denied\)"):
        StateStore.open(path, role="writer")
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_state_file_replaced_by_a_folder(path, capsys, monkeypatch):
    path.parent.mkdir(parents=True)
    path.mkdir()
    (path / "keep.txt").write_text("something of the user's")
    store = StateStore.open(path, role="app")
    assert store.read_only and store.notice.startswith(f"{path}: is a folder, not a file")
    store.close()
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(path.parent))
    assert main(["mark", "a", "star"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"newsreader: error: {path}: is a folder, not a file"
    assert (path / "keep.txt").read_text() == "something of the user's"


def test_missing_cache_folder_is_made_and_a_blocked_one_falls_back_to_memory(tmp_path, monkeypatch):
    from newsreader.core.catalog import Catalog

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not" / "there" / "yet"))
    catalog, notice = Catalog.for_library([SEEDS])
    try:
        report = catalog.sync([SEEDS])
        ids = catalog.ids()
    finally:
        catalog.close()
    assert notice is None and report.articles == len(ids) > 0 and not report.problems
    assert list(cache_dir().rglob("*.sqlite3"))
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with pytest.raises(OSError):
        Catalog.for_library([SEEDS])
    again = load_for_app([SEEDS])  # what 'newsreader PATH' opens instead, with a warning
    assert sorted(a.id for a in again.articles) == sorted(ids) and not again.problems
    assert blocker.read_text() == "a file where the cache folder should be"


def test_a_lock_file_left_by_a_dead_process_does_not_block(path):
    saved(path)
    lock = path.with_name(path.name + ".lock")
    lock.write_text("12345\n")  # an old lock file: no process holds it
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from newsreader.core.state.lock import StateLock; "
         f"lock = StateLock(__import__('pathlib').Path({str(path)!r})); assert lock.acquire(5); "
         "print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = StateStore.open(path, role="app")
        assert busy.read_only and "Another newsreader" in busy.notice
        busy.close()
        holder.kill()  # dies holding the lock, as with kill -9
        holder.wait(10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)
    started = time.monotonic()
    store = StateStore.open(path, role="writer", wait=5)
    assert time.monotonic() - started < 2 and store.writable
    store.add_note("a", "after the crash")
    assert store.close()
    assert on_disk(path) == ["after the crash", "first note"]


class _Clock(datetime):
    """``datetime`` with ``now`` running ``shift`` behind the real clock."""

    shift = timedelta(0)

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) - cls.shift


def test_clock_set_back_keeps_backups_and_an_edit_stays_the_newest(path, monkeypatch):
    saved(path)
    folder = backups.state_backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    today = datetime.now()
    days = [(today - timedelta(days=d)).strftime("%Y-%m-%d") for d in range(1, 7)]  # with today's: 7 kept
    for day in days:
        (folder / f"state-{day}.json").write_bytes(path.read_bytes())
    store = StateStore.open(path, role="writer")
    note = store.add_note("a", "written before the clock went back")
    assert store.close()
    exported = store.snapshot()

    monkeypatch.setattr(records_module, "datetime", _Clock)
    monkeypatch.setattr(backups, "datetime", _Clock)
    _Clock.shift = timedelta(days=3650)
    monkeypatch.setattr(records_module, "_last_now", datetime.min.replace(tzinfo=UTC))  # as in a new process
    store = StateStore.open(path, role="writer")
    edited = store.edit_note(note.id, "edited after the clock went back")
    assert edited.updated > note.updated  # newer than the version it replaces, whatever the clock says
    assert store.flush(10)
    # Importing the export taken before the edit must not bring the old text back.
    old = next(n for n in exported.notes if n.id == note.id)
    report = store.merge(ImportBatch(notes=[old]))
    assert report.kept_newer == 1
    assert store.close()
    reopened = StateStore.open(path, role="reader")
    assert reopened.note(note.id).text == "edited after the clock went back"
    kept = sorted(p.name for p in folder.glob("state-*.json"))
    assert all(f"state-{day}.json" in kept for day in days)  # the newer backups were not pruned
