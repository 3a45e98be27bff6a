"""The state file's lock: waiters get it in turn, a dead or stopped waiter holds nobody up,
and a folder where the lock file should be is named in the error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.core import fairlock
from newsreader.core.errors import InputError
from newsreader.core.fairlock import FairLock, queue_dir
from newsreader.core.files import locked
from newsreader.core.state import StateStore
from newsreader.core.state.errors import StateError
from newsreader.core.state.lock import StateLock, lock_path

pytestmark = pytest.mark.skipif(fairlock.fcntl is None, reason="tickets need fcntl")


def wait_for(condition, what: str, limit: float = 30.0) -> None:
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


def tickets(lock: Path) -> list[str]:
    try:
        return sorted(n for n in os.listdir(queue_dir(lock)) if n.isdigit())
    except FileNotFoundError:
        return []


def test_waiters_get_the_lock_in_the_order_they_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(fairlock, "STUCK", 600.0)  # no waiter passes a slow first one here
    state = tmp_path / "state.json"
    holder = StateLock(state)
    assert holder.acquire(0)
    order: list[int] = []
    threads = []
    for k in range(5):
        def wait(k=k):
            lock = StateLock(state)
            assert lock.acquire(60)
            order.append(k)
            lock.release()

        thread = threading.Thread(target=wait)
        thread.start()
        threads.append(thread)
        wait_for(lambda k=k: len(tickets(lock_path(state))) == k + 1, f"waiter {k} to queue")
    holder.release()
    for thread in threads:
        thread.join(60)
    assert order == [0, 1, 2, 3, 4]
    assert tickets(lock_path(state)) == []


def test_a_newcomer_queues_behind_a_waiter_instead_of_snatching_the_lock(tmp_path):
    state = tmp_path / "state.json"
    holder = StateLock(state)
    assert holder.acquire(0)
    got: list[str] = []
    done = threading.Event()

    def wait():
        lock = StateLock(state)
        assert lock.acquire(60)
        got.append("waiter")
        done.wait(60)
        lock.release()

    waiter = threading.Thread(target=wait)
    waiter.start()
    wait_for(lambda: len(tickets(lock_path(state))) == 1, "the waiter to queue")
    holder.release()
    # The lock is free for a moment now; someone arriving then must not jump the queue.
    newcomer = StateLock(state)
    assert not newcomer.acquire(0)
    done.set()
    waiter.join(60)
    assert got == ["waiter"]
    assert newcomer.acquire(5)
    newcomer.release()


def test_a_waiter_killed_in_the_queue_holds_nobody_up(tmp_path):
    state = tmp_path / "state.json"
    holder = StateLock(state)
    assert holder.acquire(0)
    code = (
        "import sys; from pathlib import Path; from newsreader.core.state.lock import StateLock; "
        "print('waiting', flush=True); StateLock(Path(sys.argv[1])).acquire(600)"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(state)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "waiting"
        wait_for(lambda: len(tickets(lock_path(state))) == 1, "the child to queue")
        os.kill(child.pid, signal.SIGKILL)  # dies in the queue, its ticket left behind
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
    assert len(tickets(lock_path(state))) == 1
    holder.release()
    app = StateLock(state)
    assert app.acquire(0)  # the app does not wait, and is not turned away by a dead ticket
    app.release()
    assert tickets(lock_path(state)) == []


def test_a_stopped_waiter_first_in_line_does_not_keep_a_free_lock_from_others(tmp_path, monkeypatch):
    monkeypatch.setattr(fairlock, "STUCK", 0.2)
    state = tmp_path / "state.json"
    stuck = fairlock._Ticket(queue_dir(lock_path(state)))  # in line, but never tries (a stopped process)
    try:
        lock = StateLock(state)
        assert lock.acquire(60)
        lock.release()
    finally:
        stuck.drop()


def test_a_busy_lock_still_times_out(tmp_path):
    state = tmp_path / "state.json"
    holder = StateLock(state)
    assert holder.acquire(0)
    try:
        assert not StateLock(state).acquire(0.05)
        assert tickets(lock_path(state)) == []  # a waiter that gives up leaves the queue
    finally:
        holder.release()


def test_a_folder_in_place_of_the_lock_file_is_named(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    (data / "state.json.lock").mkdir(parents=True)
    with pytest.raises(StateError) as info:
        StateStore.open(data / "state.json", role="writer")
    assert "state.json.lock is a folder" in str(info.value)
    store = StateStore.open(data / "state.json", role="app")
    assert store.read_only and "state.json.lock is a folder" in store.notice
    store.close()
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(data))
    assert main(["mark", "9ccb85cfda95b9eb", "star"]) == 1
    err = capsys.readouterr().err
    assert "state.json.lock is a folder" in err and "Traceback" not in err and "internal error" not in err

    settings = tmp_path / "subscriptions.toml"
    (tmp_path / "subscriptions.toml.lock").mkdir()
    with pytest.raises(InputError) as info, locked(settings, "the subscriptions"):
        pass
    assert "subscriptions.toml.lock is a folder" in str(info.value)


def test_fair_lock_works_for_the_small_files_too(tmp_path):
    lock = FairLock(tmp_path / "x.lock")
    assert lock.acquire(0) and lock.held
    assert not FairLock(tmp_path / "x.lock").acquire(0)
    lock.release()
    assert not lock.held
    with locked(tmp_path / "x", "x"):
        assert not FairLock(tmp_path / "x.lock").acquire(0)
