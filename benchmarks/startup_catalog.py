"""Library start-up through the catalog: process start to the article list on screen, with a
warm catalog of N generated articles, next to a minimal Textual app in the same run.

For each size (default 10k and 100k) the library is written by ``make_library.py`` and the
catalog filled once, untimed (the first sync of 100k files takes minutes), in a cache folder
of the benchmark's own. Then each run starts a fresh process as ``newsreader DIR`` does
(``cli.main``: catalog opened, first screen of rows, sync and analysis in the background) and
measures from just before the spawn until the child reports the first frame with rows drawn.
The minimal app (one Static, one Footer, from ``startup.py``) is timed in the same loop,
interleaved. A last run per size keeps the app open until its background sync has checked
every file, then jumps to the last row and runs a search, and reports the child's peak RSS
(``ru_maxrss`` from ``wait4``).

    python benchmarks/startup_catalog.py [--runs 5] [--sizes 10000 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import MINIMAL

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys
import newsreader.app.app as app_module
from newsreader.app.widgets.article_list import ArticleList

STAY = sys.argv.pop(1) == "stay"

class Timed(app_module.NewsreaderApp):
    def run(self, **kwargs):
        return super().run(headless=True, size=(120, 40))

    def _first_article(self):
        super()._first_article()
        if self.query_one(ArticleList).article_count > 0 and not getattr(self, "timed", False):
            self.timed = True
            print("READY", flush=True)
            if not STAY:
                self._stopping.set()
                self.exit()

    def on_sync_done(self, event):
        super().on_sync_done(event)
        if STAY:  # every file checked: use the list, then leave
            listing = self.query_one(ArticleList)
            listing.action_last()
            self.run_search("harbour council")
            self.set_timer(1.0, self._leave)

    def _leave(self):
        print(f"ROWS {self.query_one(ArticleList).article_count}", flush=True)
        self._stopping.set()
        self.exit()

app_module.NewsreaderApp = Timed  # what cli.run_app opens
from newsreader.cli import main
sys.exit(main(sys.argv[1:]))
"""

FILL = """
import sys, time
from pathlib import Path
from newsreader.core.catalog import Catalog
paths = [Path(sys.argv[1])]
catalog, _ = Catalog.for_library(paths)
started = time.perf_counter()
report = catalog.sync(paths, workers=2)
print(f"{report.articles} articles synced in {time.perf_counter() - started:.0f} s", flush=True)
catalog.close()
"""


def run_child(args: list[str], env: dict[str, str], code: str = CHILD) -> tuple[float, float, list[str]]:
    """Seconds to READY, the child's peak RSS in MB, and the lines it printed."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    assert proc.stdout is not None
    elapsed = None
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if line.strip() == "READY" and elapsed is None:
            elapsed = time.perf_counter() - start
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if elapsed is None:
        raise RuntimeError(f"the child never reported READY (exit {proc.returncode}): {lines[-5:]}")
    return elapsed, usage.ru_maxrss / 1024, lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="a folder for the libraries and catalogs, kept between runs")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update({"XDG_CONFIG_HOME": f"{base}/config", "XDG_DATA_HOME": f"{base}/data",
                    "XDG_CACHE_HOME": f"{base}/cache", "PYTHONPYCACHEPREFIX": f"{base}/bytecode",
                    "COLUMNS": "120", "LINES": "40"})
        libraries = {}
        for size in args.sizes:
            folder = base / f"library-{size}"
            if not folder.is_dir():
                subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_library.py"), str(size), str(folder)],
                               check=True, cwd=ROOT)
            out = subprocess.run([sys.executable, "-c", FILL, str(folder)], check=True, env=env, cwd=ROOT,
                                 capture_output=True, text=True).stdout.strip()
            print(f"library of {size}: {out} (untimed)", flush=True)
            libraries[size] = folder
        run_child([], env, MINIMAL)  # compiles, untimed
        run_child(["go", str(libraries[args.sizes[0]])], env)
        times: dict[str, list[float]] = {"minimal Textual app": []}
        rss: dict[str, float] = {}
        for size in args.sizes:
            times[f"newsreader, {size:,} articles"] = []
        for _ in range(args.runs):  # interleaved, so drift hits every case alike
            times["minimal Textual app"].append(run_child([], env, MINIMAL)[0])
            for size, folder in libraries.items():
                times[f"newsreader, {size:,} articles"].append(run_child(["go", str(folder)], env)[0])
        for size, folder in libraries.items():
            _, peak, _lines = run_child(["stay", str(folder)], env)
            rss[f"newsreader, {size:,} articles"] = peak
        rss["minimal Textual app"] = run_child([], env, MINIMAL)[1]

    minimal = statistics.median(times["minimal Textual app"])
    cpus = os.cpu_count()
    print(f"start-up to the list on screen, warm catalog, median of {args.runs} runs "
          f"(python {sys.version.split()[0]}, {cpus} CPUs)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<28} {median * 1000:7.0f} ms   ratio {median / minimal:5.2f}   "
              f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f} ms)   peak RSS {rss[name]:6.0f} MB")
    print("  (peak RSS of newsreader: after its sync checked every file, a jump to the last row and a search)")


if __name__ == "__main__":
    main()
