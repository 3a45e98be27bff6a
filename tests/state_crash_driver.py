"""Kill -9 loop for the state file: run as ``python state_crash_driver.py DATA_DIR KILLS SEED``.

The driver is single-threaded and never opens the store itself, so it can ``fork`` cheaply: each
round forks a child that opens the state file and writes notes (each flushed, then
acknowledged), note edits, and batched read/star flags (acknowledged after ``wait_saved``) as
fast as it can; the driver kills it with SIGKILL at a random moment, then checks that the file
loads and that every acknowledged write is there. Acknowledgements go to a plain file with one
``os.write`` each, which survives the kill. Prints a JSON summary; exits 1 on any failure.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

from newsreader.core.state.errors import StateCorrupt
from newsreader.core.state.storage import read_state_file, temp_files
from newsreader.core.state.store import StateStore

ARTICLE = "crash-article"


def child(state: Path, acks: Path, round_no: int, seed: int) -> None:
    rng = random.Random(seed)
    fd = os.open(acks, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def ack(line: str) -> None:
        os.write(fd, (line + "\n").encode())

    store = StateStore.open(state, role="writer", wait=10, flag_delay=rng.choice([0.0, 0.005, 0.02]))
    mine: list[tuple[str, int]] = []
    flags: list[str] = []
    i = 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        i += 1
        op = rng.random()
        if op < 0.45 or not mine:
            payload = "x" * rng.randint(0, 400)
            note = store.add_note(ARTICLE, f"r{round_no} n{i} v1 {payload}")
            if store.flush(10):
                ack(f"N {note.id} 1 {len(note.text)}")
            mine.append((note.id, 1))
        elif op < 0.60:
            k = rng.randrange(len(mine))
            note_id, version = mine[k]
            version += 1
            text = f"r{round_no} edit v{version} " + "y" * rng.randint(0, 200)
            store.edit_note(note_id, text)
            mine[k] = (note_id, version)
            if store.flush(10):
                ack(f"E {note_id} {version} {len(text)}")
        else:
            article = f"r{round_no}-{i}"
            if op < 0.85:
                store.mark_read(article)
                flags.append(f"R {article}")
            else:
                store.set_starred(article)
                flags.append(f"S {article}")
            if len(flags) >= rng.randint(1, 8) and store.wait_saved(10):
                for line in flags:
                    ack(line)
                flags.clear()
    os._exit(0)


def verify(state: Path, notes: dict[str, tuple[int, int]], read: set[str], starred: set[str]) -> list[str]:
    try:
        data, _ = read_state_file(state)
    except StateCorrupt as exc:
        return [f"does not load: {exc}"]
    if data is None:
        return ["no state file"] if notes or read or starred else []
    problems: list[str] = []
    stored = data.get("notes", {})
    articles = data.get("articles", {})
    for note_id, (version, _length) in notes.items():
        record = stored.get(note_id)
        if record is None:
            problems.append(f"acknowledged note {note_id} is missing")
            continue
        text = record["text"]
        found = int(text.split(" v", 1)[1].split(" ", 1)[0]) if " v" in text else 0
        if found < version:
            problems.append(f"note {note_id}: version {found} on disk, {version} was acknowledged")
    for article in read:
        if not articles.get(article, {}).get("read"):
            problems.append(f"acknowledged read flag of {article} is missing")
    for article in starred:
        if not articles.get(article, {}).get("starred"):
            problems.append(f"acknowledged star of {article} is missing")
    return problems


def main() -> int:
    data_dir, kills, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    state = data_dir / "state.json"
    acks = data_dir / "acks.txt"
    notes: dict[str, tuple[int, int]] = {}
    read: set[str] = set()
    starred: set[str] = set()
    failures: list[str] = []
    temps_seen = 0
    started = time.monotonic()
    for round_no in range(kills):
        acks.write_bytes(b"")
        pid = os.fork()
        if pid == 0:
            try:
                child(state, acks, round_no, rng.randrange(2**32))
            finally:
                os._exit(3)
        if rng.random() < 0.75:
            # Most kills land once writes are going on, however slow the machine: wait for
            # the writer's first acknowledged write (a quarter of them may hit the opening).
            until = time.monotonic() + 5
            while not acks.stat().st_size and time.monotonic() < until:
                time.sleep(0.001)
        time.sleep(rng.uniform(0.002, 0.08))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status):
            failures.append(f"round {round_no}: the writer exited with {os.WEXITSTATUS(status)} before the kill")
        for line in acks.read_text().splitlines():
            kind, rest = line.split(" ", 1)
            if kind in ("N", "E"):
                note_id, version, length = rest.split()
                old = notes.get(note_id, (0, 0))
                if int(version) >= old[0]:
                    notes[note_id] = (int(version), int(length))
            elif kind == "R":
                read.add(rest)
            elif kind == "S":
                starred.add(rest)
        temps_seen += len(temp_files(state))
        for problem in verify(state, notes, read, starred):
            failures.append(f"round {round_no}: {problem}")
        if len(failures) > 20:
            break
    # A last open cleans up what the kills left behind, and sees everything.
    try:
        store = StateStore.open(state, role="writer", wait=10)
    except StateCorrupt as exc:
        failures.append(f"the store does not open after the kills: {exc}")
    else:
        missing = [n for n in notes if store.note(n) is None]
        store.close()
        if missing:
            failures.append(f"{len(missing)} acknowledged notes not visible through the store")
    summary = {
        "kills": kills,
        "seconds": round(time.monotonic() - started, 1),
        "acknowledged_notes": len(notes),
        "acknowledged_edits": sum(1 for v, _ in notes.values() if v > 1),
        "acknowledged_flags": len(read) + len(starred),
        "temp_files_seen_after_kills": temps_seen,
        "temp_files_left": len(temp_files(state)),
        "failures": failures,
    }
    print(json.dumps(summary))
    return 1 if failures or summary["temp_files_left"] else 0


if __name__ == "__main__":
    sys.exit(main())
