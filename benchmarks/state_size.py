"""One CLI write against state files of growing size: wall time and peak RSS of the process.

Builds a valid state file of about each size given (notes of ~450 bytes of Markdown, each on one
of a tenth as many articles, like a long-used install), then runs ``newsreader mark ID star`` on
an article that is in the state file, twice, each in a fresh child process, and reports the
wall time and the child's peak RSS (``ru_maxrss`` from ``os.wait4``). The first run of the day
also writes the daily backup; the second run is a plain write. Then, as the app does, opens the
state, marks an article read and quits: the whole run, and the quit (the final save) alone.
Sizes over the cap (``MAX_STATE_BYTES``) show the refusal.

    python benchmarks/state_size.py [--sizes 1 8 16 31.5 64] [--timeout 300]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsreader.core.state import schema
from newsreader.core.state.records import new_id, now_iso
from newsreader.core.state.storage import dumps, write_atomic

NOTE = ("A note with *Markdown*, a [link](https://example.org/some/longer/path) and enough words "
        "to be a typical paragraph of a reader's own thoughts on the article. ") * 3


def build(path: Path, megabytes: float) -> str:
    """A state file of about ``megabytes``; returns an article id that is in it."""
    now = now_iso()
    per_note = 670  # bytes one note (and its share of an article) takes in the indented file
    notes = max(1, int(megabytes * 1024 * 1024 / per_note))
    articles = max(1, notes // 10)
    data = schema.fresh()
    ids = [f"{i:016x}" for i in range(articles)]
    for article in ids:
        data["articles"][article] = {"read": now}
    for n in range(notes):
        data["notes"][new_id()] = {"article": ids[n % articles], "text": NOTE, "created": now, "updated": now}
    write_atomic(path, dumps(data))
    return ids[0]


def child(argv: list[str], env: dict[str, str], timeout: float) -> tuple[float, float, int, str]:
    """Run ``argv``; (seconds, peak RSS in MB, exit status, last line of output)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, (lines[-1] if lines else "")


# The app's part: open the state as the app does, make one change, quit (close flushes it).
APP = """
import sys, time
from newsreader.core.state import StateStore
store = StateStore.open(sys.argv[1], role="app")
assert store.writable, store.notice
store.toggle_read(sys.argv[2])
start = time.perf_counter()
saved = store.close()
print(f"quit in {time.perf_counter() - start:.2f} s, saved={saved}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 8, 16, 31.5, 64], metavar="MB")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--build", nargs=2, metavar=("PATH", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(build(Path(args.build[0]), float(args.build[1])))
        return
    print(f"{'size':>8} {'notes':>8}  {'run':<12} {'seconds':>8} {'peak RSS':>9}  exit")
    for megabytes in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            data_dir = Path(folder, "data")
            data_dir.mkdir()
            path = data_dir / "state.json"
            # built in a child of its own: a child forked from a big parent would count its pages
            built = subprocess.run([sys.executable, __file__, "--build", str(path), str(megabytes)],
                                   capture_output=True, text=True, check=True)
            article = built.stdout.strip()
            size = path.stat().st_size / (1024 * 1024)
            with path.open("rb") as f:
                notes = sum(chunk.count(b'"article":') for chunk in iter(lambda: f.read(1 << 20), b""))
            env = dict(os.environ, NEWSREADER_DATA_DIR=str(data_dir), XDG_CONFIG_HOME=str(Path(folder, "config")))
            for run, mark in (("first", "star"), ("second", "unstar")):
                seconds, rss, code, last = child(
                    [sys.executable, "-m", "newsreader", "mark", article, mark], env, args.timeout)
                shown = "ok" if code == 0 else f"{code}: {last[:100]}"
                print(f"{size:7.1f}M {notes:>8}  {run:<12} {seconds:8.2f} {rss:7.0f}MB  {shown}", flush=True)
            seconds, rss, code, last = child([sys.executable, "-c", APP, str(path), article], env, args.timeout)
            shown = last if code == 0 else f"{code}: {last[:100]}"
            print(f"{size:7.1f}M {notes:>8}  {'app':<12} {seconds:8.2f} {rss:7.0f}MB  {shown}", flush=True)


if __name__ == "__main__":
    main()
