"""Command-line writers queueing on one state file: does every one get its turn within --wait?

Builds a state file of about ``--megabytes`` MB in a temporary data folder, then runs
``--writers`` loops at once, each starting ``newsreader tag|mark|note add`` commands one after
another for ``--seconds`` seconds. Every command holds the lock well under a second (load,
change, save), so none should give up (exit code 75) after waiting ``--wait`` seconds.

    python benchmarks/lock_fairness.py [--writers 6] [--megabytes 8] [--seconds 60] [--wait 10]

Prints how many commands ran, how many exited 75 (lock wait exceeded) or otherwise failed,
and the longest a command took from start to exit.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from newsreader.core.state import schema
from newsreader.core.state.records import now_iso
from newsreader.core.state.storage import dumps, write_atomic

ARTICLE = "9ccb85cfda95b9eb"  # a bundled sample article


def build(path: Path, megabytes: float) -> None:
    data = schema.fresh()
    now = now_iso()
    n = 0
    size = 0
    while size < megabytes * 1024 * 1024:
        for _ in range(5000):
            data["articles"][f"{n:016x}"] = {"read": now, "starred": now, "tags": ["ferry", "strike"]}
            n += 1
        size = len(dumps(data))
    write_atomic(path, dumps(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--megabytes", type=float, default=8.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--wait", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        build(data / "state.json", args.megabytes)
        print(f"state.json: {(data / 'state.json').stat().st_size / 1e6:.1f} MB; "
              f"{args.writers} writers for {args.seconds:g} s, --wait {args.wait:g}", flush=True)
        env = dict(os.environ, NEWSREADER_DATA_DIR=str(data))
        commands = [
            ["tag", ARTICLE, "x"],
            ["mark", ARTICLE, "star"],
            ["note", "add", ARTICLE, "a note"],
            ["mark", ARTICLE, "read"],
        ]
        results: list[tuple[int, float, str]] = []
        guard = threading.Lock()
        stop = time.monotonic() + args.seconds

        def loop(k: int) -> None:
            i = k
            while time.monotonic() < stop:
                argv = [sys.executable, "-m", "newsreader", *commands[i % len(commands)], "--wait", str(args.wait)]
                i += 1
                started = time.monotonic()
                done = subprocess.run(argv, env=env, capture_output=True, text=True)
                with guard:
                    results.append((done.returncode, time.monotonic() - started, done.stderr.strip()[-200:]))

        threads = [threading.Thread(target=loop, args=(k,)) for k in range(args.writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        busy = sum(1 for code, _, _ in results if code == 75)
        failed = [(code, err) for code, _, err in results if code not in (0, 75)]
        longest = max((s for _, s, _ in results), default=0.0)
        print(f"commands: {len(results)}; exit 75: {busy}; other failures: {len(failed)}; longest: {longest:.1f} s")
        for code, err in failed[:5]:
            print(f"  exit {code}: {err}")


if __name__ == "__main__":
    main()
