"""A full disk under the data folder: nothing typed is lost, and nothing unsaved is called saved.

The fault is injected where a full tmpfs fails: ``os.write`` on a file opened in the data
folder raises ENOSPC (creating the file still works, as on a real full tmpfs); files anywhere
else are written normally. ``free()`` makes room again.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import time
from pathlib import Path

import pytest
from test_app_fakes import FakeEngine, fixed_articles, settle, wait_until
from textual.widgets import TextArea

from newsreader.app.app import NewsreaderApp
from newsreader.app.screens.editors import NoteEditor
from newsreader.app.screens.help import HelpScreen
from newsreader.app.screens.quit import QuitDialog
from newsreader.cli import main
from newsreader.core.paths import state_file
from newsreader.core.settings import Settings
from newsreader.core.state import StateStore

SIZE = (150, 50)


class FullDisk:
    """``os.write`` to files opened under ``folder`` fails with ENOSPC until ``free()``."""

    def __init__(self, monkeypatch, folder: Path) -> None:
        self.folder = str(folder.resolve())
        self.full = True
        self.refused = 0
        self._fds: set[int] = set()
        real_open, real_write, real_close = os.open, os.write, os.close

        def opening(path, flags, mode=0o777, *args, **kwargs):
            fd = real_open(path, flags, mode, *args, **kwargs)
            try:
                inside = os.path.abspath(os.fsdecode(path)).startswith(self.folder + os.sep)
            except TypeError:
                inside = False
            if inside:
                self._fds.add(fd)
            return fd

        def writing(fd, data):
            if self.full and fd in self._fds:
                self.refused += 1
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)

        def closing(fd):
            self._fds.discard(fd)
            return real_close(fd)

        monkeypatch.setattr(os, "open", opening)
        monkeypatch.setattr(os, "write", writing)
        monkeypatch.setattr(os, "close", closing)

    def free(self) -> None:
        self.full = False


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A home folder on another (not full) disk, where a rescue file can go."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("newsreader.core.state.writer.RETRY_DELAY", 0.2)
    return home


def on_disk(path: Path) -> dict:
    return json.loads(path.read_bytes())


def starred(data: dict) -> list[str]:
    return [k for k, r in data.get("articles", {}).items() if r.get("starred")]


def notes(data: dict) -> list[str]:
    return sorted(n["text"] for n in data.get("notes", {}).values())


def make_app() -> NewsreaderApp:
    return NewsreaderApp(fixed_articles(), engine=FakeEngine(), settings=Settings(values={"mark_read_delay": None}))


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def rescues(folder: Path) -> list[Path]:
    return sorted(folder.glob("newsreader-state-rescue-*.json"))


def prepared() -> Path:
    """A state file with one note, and today's backup made (no backup job runs later)."""
    store = StateStore.open()
    store.add_note("old", "saved before the disk filled")
    assert store.close()
    assert StateStore.open().close()
    return state_file()


async def star_and_note(app, pilot, text: str) -> str:
    await settle(app, pilot)
    article = app.main.current_article
    await pilot.press("s")
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
    app.screen.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
    return article.id


# -- the store ------------------------------------------------------------------------------


def test_the_store_rescues_every_unsaved_change_to_another_folder(elsewhere, monkeypatch):
    path = prepared()
    store = StateStore.open()
    disk = FullDisk(monkeypatch, path.parent)
    store.set_starred("a1")
    store.add_note("a1", "typed while the disk was full")
    assert not store.flush(10, fail_fast=True)  # one failed try ends the wait
    assert store.pending == 2 and "No space left on device" in (store.last_error or "")
    rescued = store.rescue()
    assert rescued.parent == elsewhere  # the data folder is full: the next folder took it
    data = on_disk(rescued)
    assert starred(data) == ["a1"]
    assert notes(data) == ["saved before the disk filled", "typed while the disk was full"]
    assert not list(elsewhere.glob(".*.tmp"))  # written atomically: no temporary file left
    assert not store.close()  # still not in state.json
    assert disk.refused >= 2
    disk.free()
    # The way back, as the quit dialog and the README say.
    assert main(["restore-backup", "--force", str(rescued)]) == 0
    data = on_disk(path)
    assert starred(data) == ["a1"] and "typed while the disk was full" in notes(data)


def test_a_lone_flag_is_written_once_nothing_else_comes_not_after_the_batch_delay():
    path = prepared()
    store = StateStore.open(flag_delay=60.0)  # the batching limit alone would keep it 60 s
    store.set_starred("a1")
    deadline = time.monotonic() + 10
    while not starred(on_disk(path)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert starred(on_disk(path)) == ["a1"]
    assert store.close()


# -- the app ----------------------------------------------------------------------------------


async def test_disk_full_note_is_not_called_saved_and_quit_retries_once_space_is_freed(elsewhere, monkeypatch):
    path = prepared()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        disk = FullDisk(monkeypatch, path.parent)
        article = await star_and_note(app, pilot, "my note on a full disk")
        await wait_until(pilot, lambda: any("not on disk" in m for m in messages(app)))
        assert not any(m == "Note saved." for m in messages(app))
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog))
        assert app.is_running
        shown = app.screen.text
        assert "not saved" in shown and "No space left on device" in shown and "restore-backup" in shown
        await pilot.press("r")  # still full: the dialog stays, nothing is dropped
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog) and app.screen.attempts >= 2)
        assert app.is_running
        disk.free()
        await pilot.press("r")
        await wait_until(pilot, lambda: not app.is_running)
    data = on_disk(path)
    assert starred(data) == [article] and "my note on a full disk" in notes(data)
    assert not rescues(elsewhere)


async def test_disk_full_quit_writes_a_rescue_file_that_restore_backup_puts_back(elsewhere, monkeypatch):
    path = prepared()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        disk = FullDisk(monkeypatch, path.parent)
        article = await star_and_note(app, pilot, "rescue me")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog))
        await pilot.press("w")
        await wait_until(pilot, lambda: not app.is_running)
    [rescued] = rescues(elsewhere)
    assert any(str(rescued) in str(r) for r in app._exit_renderables) or app.session.rescued == rescued
    assert "rescue me" not in notes(on_disk(path))  # the disk was full: not in state.json
    disk.free()
    assert main(["restore-backup", "--force", str(rescued)]) == 0
    data = on_disk(path)
    assert starred(data) == [article] and "rescue me" in notes(data)


async def test_disk_full_quit_losing_the_changes_only_when_asked(elsewhere, monkeypatch):
    path = prepared()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        FullDisk(monkeypatch, path.parent)
        await star_and_note(app, pilot, "dropped on purpose")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog))
        await pilot.press("escape")  # back to the app: nothing decided
        await wait_until(pilot, lambda: not isinstance(app.screen, QuitDialog))
        assert app.is_running
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.is_running)
    assert "dropped on purpose" not in notes(on_disk(path))
    assert not rescues(elsewhere)  # the user chose to lose them


async def test_a_signal_while_the_disk_is_full_rescues_without_asking(elsewhere, monkeypatch):
    path = prepared()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        FullDisk(monkeypatch, path.parent)
        await star_and_note(app, pilot, "kept through SIGTERM")
        os.kill(os.getpid(), signal.SIGTERM)
        await wait_until(pilot, lambda: not app.is_running, timeout=30)
    [rescued] = rescues(elsewhere)
    assert "kept through SIGTERM" in notes(on_disk(rescued))
    assert app.return_code == 1


async def test_a_note_is_called_saved_once_it_is_on_disk():
    prepared()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await star_and_note(app, pilot, "on disk")
        await wait_until(pilot, lambda: "Note saved." in messages(app))
        assert "on disk" in notes(on_disk(state_file()))
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_q_quits_from_the_help_screen():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 0


def test_the_quit_dialog_keys_come_from_the_keymap():
    from newsreader.app.keymap import KEYS

    declared = {(k.keys, k.action) for k in KEYS}
    for owner in (QuitDialog, HelpScreen):
        for binding in owner.BINDINGS:
            assert (binding.key, binding.action) in declared, (owner.__name__, binding)


def test_restore_backup_on_a_full_disk_leaves_the_state_file_as_it_was(elsewhere, monkeypatch, capsys):
    path = prepared()
    before = path.read_bytes()
    rescue = elsewhere / "newsreader-state-rescue-x.json"
    rescue.write_bytes(before.replace(b"saved before the disk filled", b"from the rescue file"))
    FullDisk(monkeypatch, path.parent)
    assert main(["restore-backup", "--force", str(rescue)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "unchanged" in err
    assert path.read_bytes() == before  # still there, whole
    assert not list(path.parent.glob("state.json.broken-*"))
