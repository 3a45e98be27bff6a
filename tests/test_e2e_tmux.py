"""End to end in a real terminal: the installed command inside tmux."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    return subprocess.run([TMUX, *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, needle: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if needle in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} never appeared; screen was:\n{screen}")


def test_open_browse_and_quit_in_tmux(tmp_path):
    session = f"nr-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    command = f"{sys.executable} -m newsreader; echo $? > {done}"
    env = [f"XDG_DATA_HOME={tmp_path}/data", f"XDG_CONFIG_HOME={tmp_path}/config", "TERM=xterm-256color"]
    tmux("new-session", "-d", "-s", session, "-x", "140", "-y", "40", "env", *env, "sh", "-c", command)
    try:
        wait_for(session, "North Korea Sends")
        before = wait_for(session, "Quit")  # the footer shows the key
        tmux("send-keys", "-t", session, "j")
        deadline = time.monotonic() + 10
        while tmux("capture-pane", "-p", "-t", session) == before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert tmux("capture-pane", "-p", "-t", session) != before, "j changed nothing"
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 20
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert done.exists(), "the app did not quit on q"
        assert Path(done).read_text().strip() == "0"
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
