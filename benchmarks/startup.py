"""Time from process start to the article list on screen, next to a minimal Textual app.

Each run starts a fresh Python process (headless Textual) and measures, from just before the
process is spawned, until the child reports that the first frame with the list's rows was
drawn. The child runs ``newsreader PATH`` itself (``cli.main``, so the articles open through
the search catalog kept in the cache folder, as the command opens them), with the app's class
swapped for one that runs headless and reports: at the app's first callback after the first
refresh (the list is on screen by then; it fills the reader), or, when the catalog was empty,
once the rows the sync put in it have been drawn.
Cases: the bundled seeds (catalog kept from an earlier start, as from the second start on),
the seeds with nothing cached (a new cache folder each run: the first start), a generated
library of 10k articles (its catalog filled beforehand; its first start, with nothing cached,
is timed once before the other runs), the same 10k articles unpickled by the child and given
to the app in memory (the UI's share without a catalog), and a minimal Textual app (one
Static, one Footer). Prints medians and the ratios.

The children keep compiled bytecode in a folder of their own (``PYTHONPYCACHEPREFIX``), as an
installed Python program does in ``__pycache__``, even when ``PYTHONDONTWRITEBYTECODE`` is set
in the calling environment: without it every start would compile newsreader's modules from
source while Textual's come precompiled from the wheel. Both apps start once untimed first.

The children are told the terminal size (``COLUMNS=80``, ``LINES=24``: what the headless driver
reports anyway). Without it Textual first sizes the screen from Rich's console, which guesses
80x25 (or takes the size of a terminal on stdin or stderr), then from the driver's 80x24; an
app whose screen handles the first size before the second replaces it lays everything out
twice more. In a terminal both read the same size.

    python benchmarks/startup.py [--runs 7] [--count 10000]
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

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Static

class Minimal(App):
    def compose(self):
        yield Static("hello")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        print("READY", flush=True)
        self.exit()

Minimal().run(headless=True)
"""

NEWSREADER = """
import sys
from pathlib import Path
import newsreader.app.app as app_module
from newsreader.app.widgets.article_list import ArticleList

class Timed(app_module.NewsreaderApp):
    # Not on_mount: Textual calls the handler of every class in the MRO, so an override that
    # also called super() ran the app's on_mount twice. The app's first callback after the
    # first refresh (the list is on screen by then) fills the reader; done comes right after.
    # A new catalog has no rows yet: done comes after the frame that draws the first ones.
    def run(self, **kwargs):
        return super().run(headless=True)

    def _first_article(self):
        super()._first_article()
        if self.query_one(ArticleList).article_count > 0:
            self.done()

    def _reload_list(self):
        super()._reload_list()
        if self.query_one(ArticleList).article_count > 0:
            self.call_after_refresh(self.done)

    def done(self):
        if getattr(self, "timed", False):
            return
        self.timed = True
        print("READY", flush=True)
        self.workers.cancel_all()
        self.exit()

if sys.argv[1].endswith(".pickle"):  # articles parsed beforehand, in memory: the UI's share
    import pickle
    Timed(pickle.loads(Path(sys.argv[1]).read_bytes()), problems=[]).run()
else:
    app_module.NewsreaderApp = Timed  # what cli.run_app opens
    from newsreader.cli import main
    sys.exit(main(sys.argv[1:]))
"""

FILL_CATALOG = """
import sys
from pathlib import Path
from newsreader.core.catalog import Catalog
paths = [Path(sys.argv[1])]
catalog, _ = Catalog.for_library(paths)
catalog.sync(paths)
catalog.close()
"""


def time_child(code: str, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError("the child never reported READY")
    proc.wait(timeout=60)
    return elapsed


def generate_library(folder: Path, count: int) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [s.read_text(encoding="utf-8") for s in seeds]
    for i in range(count):
        text = texts[i % len(texts)]
        lines = text.splitlines()
        # Make every title unique so every article gets its own id.
        for j, line in enumerate(lines):
            if " – " in line:
                lines[j] = line.replace(" – ", f" (no. {i}) – ", 1)
                break
        (folder / f"{i:05d}.txt").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update({"XDG_CONFIG_HOME": f"{tmp}/config", "XDG_DATA_HOME": f"{tmp}/data",
                    "XDG_CACHE_HOME": f"{tmp}/cache", "PYTHONPYCACHEPREFIX": f"{tmp}/bytecode",
                    "COLUMNS": "80", "LINES": "24"})
        library = Path(tmp) / "library"
        library.mkdir()
        generate_library(library, args.count)
        parsed = Path(tmp) / "library.pickle"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c",
             "import pickle, sys; from pathlib import Path; from newsreader.core.ingest.loader import load_paths; "
             "Path(sys.argv[2]).write_bytes(pickle.dumps(load_paths([Path(sys.argv[1])]).articles))",
             str(library), str(parsed)],
            check=True, cwd=ROOT,
        )
        parse_all = time.perf_counter() - started
        # Files written in the last seconds are not cached (their changes could go unseen).
        time.sleep(max(0.0, 3.0 - (time.time() - max(p.stat().st_mtime for p in library.iterdir()))))
        time_child(MINIMAL, [], env)  # compiles, untimed
        time_child(NEWSREADER, [str(ROOT / "seeds")], {**env, "XDG_CACHE_HOME": f"{tmp}/cache-compile"})
        big = f"newsreader, {args.count} articles"
        first_big = time_child(NEWSREADER, [str(library)], {**env, "XDG_CACHE_HOME": f"{tmp}/cache-first"})
        for folder in (ROOT / "seeds", library):  # the catalogs a later start finds
            subprocess.run([sys.executable, "-c", FILL_CATALOG, str(folder)], check=True, env=env, cwd=ROOT)
        cases = {
            "minimal Textual app": (MINIMAL, [], None),
            "newsreader, seeds": (NEWSREADER, [str(ROOT / "seeds")], None),
            "  nothing cached": (NEWSREADER, [str(ROOT / "seeds")], "fresh"),
            big: (NEWSREADER, [str(library)], None),
            "  the same, in memory": (NEWSREADER, [str(parsed)], None),
        }
        results: dict[str, list[float]] = {name: [] for name in cases}
        for run in range(args.runs):  # interleaved, so drift hits every case alike
            for name, (code, child_args, cache) in cases.items():
                run_env = env if cache is None else {**env, "XDG_CACHE_HOME": f"{tmp}/cache-{run}"}
                results[name].append(time_child(code, child_args, run_env))

    base = statistics.median(results["minimal Textual app"])
    print(f"startup to list on screen, median of {args.runs} runs (python {sys.version.split()[0]})")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"  {name:<28} {median * 1000:8.0f} ms   ratio {median / base:5.2f}   (min {min(times) * 1000:.0f} ms)")
    print(f"  {big + ', nothing cached':<28} {first_big * 1000:8.0f} ms   ratio {first_big / base:5.2f}   (one run)")
    print(f"  (parsing the {args.count} files alone, in one process: {parse_all:.1f} s)")


if __name__ == "__main__":
    main()
