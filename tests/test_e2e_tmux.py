"""End to end in a real terminal: ``python -m newsreader`` on the seeds inside tmux."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

BODY_SENTENCE = "dispatched over 3,000 soldiers"


SOCKET = f"newsreader-test-{uuid.uuid4().hex[:8]}"  # a private server: no user config, our size


def tmux(*args: str) -> str:
    return subprocess.run([TMUX, "-L", SOCKET, "-f", "/dev/null", *args], capture_output=True, text=True, check=True).stdout


def screen(session: str, *, colours: bool = False) -> str:
    return tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", session)


def wait_for(session: str, needle: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(session)
        if needle in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} never appeared; screen was:\n{shown}")


def wait_for_change(session: str, before: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = screen(session)
        if now != before:
            return now
        time.sleep(0.1)
    return screen(session)


def test_open_the_seed_article_see_highlights_and_quit_in_tmux(tmp_path):
    session = f"nr-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    command = f"{sys.executable} -m newsreader; echo $? > {done}"
    env = [f"XDG_DATA_HOME={tmp_path}/data", f"XDG_CONFIG_HOME={tmp_path}/config", f"XDG_CACHE_HOME={tmp_path}/cache",
           "TERM=xterm-256color"]
    tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "45", "env", "-u", "COLUMNS", "-u", "LINES", *env, "sh", "-c", command)
    try:
        wait_for(session, "North Korea Sends")
        wait_for(session, "Quit")  # the footer shows the key
        # Move down the list until the reader shows the seed article's body.
        shown = screen(session)
        for _ in range(10):
            if BODY_SENTENCE in shown:
                break
            tmux("send-keys", "-t", session, "j")
            shown = wait_for_change(session, shown)
            time.sleep(0.3)
            shown = screen(session)
        assert BODY_SENTENCE in shown, shown
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "] Next")  # the reader has the focus (Textual moves it after the key)
        # The notes pane lists the name with its mention count once the analysis is in.
        shown = wait_for(session, "Kim Jong Un  ×")
        assert "North Korea Sends" in shown
        coloured = screen(session, colours=True)
        # The name is drawn in its label's colour (an SGR sequence right before it).
        assert re.search(r"\x1b\[[0-9;]*m(?:\x1b\[[0-9;]*m)*Kim Jong Un", coloured), "the name is not coloured"
        # ] makes a highlight current and the legend names it.
        tmux("send-keys", "-t", session, "]")
        wait_for(session, "▸ ")
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 20
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert done.exists(), "the app did not quit on q"
        assert Path(done).read_text().strip() == "0"
    finally:
        subprocess.run([TMUX, "-L", SOCKET, "kill-server"], capture_output=True)


def _run_app(session: str, tmp_path: Path, done: Path, pid_file: Path | None = None) -> None:
    command = f"{sys.executable} -m newsreader; echo $? > {done}"
    if pid_file is not None:  # the app replaces the shell, so the pid is the app's
        command = f"echo $$ > {pid_file}; exec {sys.executable} -m newsreader"
    env = [f"XDG_DATA_HOME={tmp_path}/data", f"XDG_CONFIG_HOME={tmp_path}/config", f"XDG_CACHE_HOME={tmp_path}/cache",
           "TERM=xterm-256color"]
    tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "45", "env", "-u", "COLUMNS", "-u", "LINES", *env, "sh", "-c", command)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by its parent) counts as ended
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def _quit(session: str, done: Path) -> None:
    tmux("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 20
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert done.exists(), "the app did not quit on q"
    assert done.read_text().strip() == "0"


def test_a_star_and_a_note_are_there_after_quitting_and_reopening_in_tmux(tmp_path):
    first, second = (tmp_path / "first-exit", tmp_path / "second-exit")
    try:
        session = f"nr-{uuid.uuid4().hex[:8]}"
        _run_app(session, tmp_path, first)
        wait_for(session, "Quit")
        wait_for(session, "Unread")  # the notes pane's status line
        tmux("send-keys", "-t", session, "s")
        wait_for(session, "★ Starred")
        tmux("send-keys", "-t", session, "n")
        wait_for(session, "ctrl+s saves")
        tmux("send-keys", "-t", session, "-l", "Remember the ferry figure")
        wait_for(session, "Remember the ferry figure")
        tmux("send-keys", "-t", session, "C-s")
        wait_for(session, "Notes (1)")
        _quit(session, first)
        session = f"nr-{uuid.uuid4().hex[:8]}"
        _run_app(session, tmp_path, second)
        shown = wait_for(session, "Remember the ferry")
        assert "★ Starred" in shown and "Notes (1)" in shown
        _quit(session, second)
    finally:
        subprocess.run([TMUX, "-L", SOCKET, "kill-server"], capture_output=True)


def test_closing_the_terminal_saves_a_fresh_star_in_tmux(tmp_path):
    """SIGHUP (the window closed) flushes the batched flags before the app ends."""
    done = tmp_path / "exit-code"
    session = f"nr-{uuid.uuid4().hex[:8]}"
    state = tmp_path / "data" / "newsreader" / "state.json"
    pid_file = tmp_path / "app-pid"
    try:
        _run_app(session, tmp_path, done, pid_file=pid_file)
        wait_for(session, "Unread")
        pid = int(pid_file.read_text())
        tmux("send-keys", "-t", session, "s")
        wait_for(session, "★ Starred")
        tmux("kill-session", "-t", session)  # the pane's processes get SIGHUP
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not (state.exists() and '"starred"' in state.read_text()):
            time.sleep(0.1)
        assert state.exists() and '"starred"' in state.read_text(), "the star was not saved"
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        assert not _alive(pid), "the app is still running after its terminal closed"
    finally:
        subprocess.run([TMUX, "-L", SOCKET, "kill-server"], capture_output=True)
