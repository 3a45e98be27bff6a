"""Catalog and search benchmark: import, analysis, warm open, search latency, memory, size.

    python benchmarks/catalog.py [--sizes 10000,100000] [--work DIR] [--runs 3] [--workers 2]

For each size N: a library of N generated articles (``make_library.py``, kept in the work
folder), then, each in a fresh child process:

- cold import: an empty catalog, ``Catalog.sync`` (parse + index; no analysis), articles/s;
- analysis: ``Catalog.analyse`` over every article (``--analyse N`` for the newest N only),
  articles/s and KB/s of text; then a fixed state (read, starred, tags, notes) is mirrored;
- warm open: from before importing the catalog module to the first page of 50 rows
  (``Catalog.open`` + ``count()`` + ``rows()``), and the warm sync that finds nothing changed;
- search: the queries below, each run ``--repeat`` times after one untimed run; time to the
  first page (``rows(q, limit=50)``) and to the count, p50/p95 over all runs; peak RSS of that
  child (``resource.getrusage(RUSAGE_SELF).ru_maxrss``);
- catalog size on disk (with its write-ahead log).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

QUERIES = [
    "council",
    "harbour strike",
    '"pay talks"',
    "ferry -strike",
    "kowalczyk",
    '"port calder" council',
    "tag:sport",
    "source:meridian",
    'source:"kestrel post" election',
    "author:hargreaves",
    "after:2023 budget",
    "before:2019-06 storm",
    "water -shortage -drought",
    'place:"port calder"',
    'person:"aoife kowalczyk"',
    'org:"tarnton bank"',
    "is:unread shipping",
    "-tag:sport -tag:politics after:2024-01",
    '"the council said"',
    "energy prices before:2021",
    "tag:mine is:starred",
    "has:notes",
]


# -- children ---------------------------------------------------------------------------


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def child_import(library: str, catalog_path: str, workers: int) -> dict:
    from newsreader.core.catalog import Catalog

    catalog, _ = Catalog.open(Path(catalog_path))
    started = time.perf_counter()
    report = catalog.sync([Path(library)], workers=workers)
    seconds = time.perf_counter() - started
    catalog.close()
    return {"seconds": seconds, "articles": report.articles, "files": report.new,
            "problems": len(report.problems), "rss_mb": _rss_mb()}


def _state(ids: list[str]):
    """A fixed state: about 20% read, 1% starred, 2% tagged, 0.5% with a note."""
    from newsreader.core.catalog import StateRecord

    records = {}
    for article_id in ids:
        h = int(hashlib.blake2b(article_id.encode(), digest_size=4).hexdigest(), 16) % 1000
        read, starred = h < 200, h % 100 == 7
        tags = ("mine",) if h % 50 == 3 or h % 100 == 7 else ()
        notes = (f"remember {article_id[:6]} for the review",) if h % 200 == 11 else ()
        if read or starred or tags or notes:
            records[article_id] = StateRecord(read, starred, tags, notes, len(notes))
    return records


def child_analyse(catalog_path: str, limit: int | None) -> dict:
    from newsreader.core.catalog import Catalog

    catalog, _ = Catalog.open(Path(catalog_path))
    done, chars, seconds = 0, 0, 0.0
    if limit != -1:  # -1: state only
        todo = catalog.ids(None)[:limit] if limit else catalog.ids(None)
        chars = sum(len(catalog.article(i).body) for i in todo if catalog.spans(i) is None)
        started = time.perf_counter()
        done = catalog.analyse(limit=limit)
        seconds = time.perf_counter() - started
    state_started = time.perf_counter()
    changed = catalog.sync_state(_state(catalog.ids(None)))
    state_seconds = time.perf_counter() - state_started
    pending = catalog.pending_analysis()
    catalog.close()
    return {"seconds": seconds, "analysed": done, "kb": chars / 1024, "state_rows": changed,
            "state_seconds": state_seconds, "pending": pending}


def child_open(library: str, catalog_path: str) -> dict:
    started = time.perf_counter()
    from newsreader.core.catalog import Catalog

    catalog, notice = Catalog.open(Path(catalog_path))
    total = catalog.count()
    rows = catalog.rows(None, "newest", 0, 50)
    first_page = time.perf_counter() - started
    sync_started = time.perf_counter()
    report = catalog.sync([Path(library)])
    sync_seconds = time.perf_counter() - sync_started
    catalog.close()
    return {"first_page": first_page, "rows": len(rows), "total": total, "notice": notice,
            "warm_sync": sync_seconds, "unchanged": report.unchanged, "parsed": report.parsed}


def child_queries(catalog_path: str, repeat: int) -> dict:
    from newsreader.core.catalog import Catalog

    catalog, _ = Catalog.open(Path(catalog_path))
    per_query = {}
    for query in QUERIES:
        catalog.rows(query, limit=50)  # once untimed
        catalog.count(query)
        page, count, hits = [], [], 0
        for _ in range(repeat):
            t = time.perf_counter()
            catalog.rows(query, limit=50)
            page.append(time.perf_counter() - t)
            t = time.perf_counter()
            hits = catalog.count(query)
            count.append(time.perf_counter() - t)
        per_query[query] = {"page": page, "count": count, "hits": hits}
    catalog.close()
    return {"queries": per_query, "rss_mb": _rss_mb()}


# -- parent -----------------------------------------------------------------------------


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result.get("notice"):
        print(f"NOTE: the catalog was rebuilt on opening: {result['notice']}")
    return result


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _size(path: Path) -> int:
    return sum(Path(str(path) + s).stat().st_size for s in ("", "-wal") if Path(str(path) + s).exists())


def bench(n: int, work: Path, runs: int, workers: int, analyse: int | None, repeat: int, reuse: bool) -> None:
    library = work / f"library-{n}"
    if not library.is_dir():
        print(f"generating {n} articles ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "make_library.py"), str(n), str(library)],
                       check=True, stdout=subprocess.DEVNULL)
    catalog = work / f"catalog-{n}.sqlite3"
    print(f"\n## {n:,} articles", flush=True)
    imports = []
    if reuse and catalog.exists():
        runs = 0
        print("cold import: skipped (--reuse: the catalog is kept from an earlier run)")
    for run in range(runs):
        for suffix in ("", "-wal", "-shm"):
            Path(str(catalog) + suffix).unlink(missing_ok=True)
        result = _child("import", str(library), str(catalog), str(workers))
        imports.append(result)
        print(f"cold import run {run + 1}: {result['articles']} articles from {result['files']} files in "
              f"{result['seconds']:.1f} s = {result['articles'] / result['seconds']:.0f} articles/s "
              f"(peak RSS {result['rss_mb']:.0f} MB)", flush=True)
    if imports:
        rate = statistics.median(r["articles"] / r["seconds"] for r in imports)
        print(f"cold import (parse + index, {workers} worker processes): median {rate:.0f} articles/s", flush=True)
    result = _child("analyse", str(catalog), str(analyse or 0))
    if result["analysed"]:
        print(f"analysis: {result['analysed']} articles, {result['kb'] / 1024:.1f} MB of text in "
              f"{result['seconds']:.1f} s = {result['analysed'] / result['seconds']:.0f} articles/s, "
              f"{result['kb'] / result['seconds']:.0f} KB/s", flush=True)
    print(f"articles not analysed (entity filters do not find them): {result['pending']}")
    print(f"state mirrored: {result['state_rows']} articles in {result['state_seconds'] * 1000:.0f} ms", flush=True)
    opens = [_child("open", str(library), str(catalog)) for _ in range(5)]
    firsts = [o["first_page"] * 1000 for o in opens]
    shown = ", ".join(f"{t:.0f}" for t in firsts)
    print(f"warm open to first page of 50 rows: median {statistics.median(firsts):.1f} ms (runs: {shown} ms); "
          f"warm sync, nothing changed: median {statistics.median(o['warm_sync'] for o in opens):.2f} s", flush=True)
    result = _child("queries", str(catalog), str(repeat))
    pages = [t for q in result["queries"].values() for t in q["page"]]
    counts = [t for q in result["queries"].values() for t in q["count"]]
    both = [p + c for q in result["queries"].values() for p, c in zip(q["page"], q["count"], strict=True)]
    print(f"search over {len(QUERIES)} queries x {repeat}: first page p50 {_pct(pages, .5) * 1000:.1f} ms, "
          f"p95 {_pct(pages, .95) * 1000:.1f} ms; count p50 {_pct(counts, .5) * 1000:.1f} ms, "
          f"p95 {_pct(counts, .95) * 1000:.1f} ms; page + count p50 {_pct(both, .5) * 1000:.1f} ms, "
          f"p95 {_pct(both, .95) * 1000:.1f} ms", flush=True)
    print(f"peak RSS of the process that opens the catalog and runs the queries: {result['rss_mb']:.0f} MB")
    print(f"catalog on disk: {_size(catalog) / 1e6:.0f} MB")
    print("\n| query | hits | first page (median) | count (median) |\n| --- | --- | --- | --- |")
    for query, q in result["queries"].items():
        shown = query.replace("|", "\\|")
        print(f"| `{shown}` | {q['hits']} | {statistics.median(q['page']) * 1000:.1f} ms | "
              f"{statistics.median(q['count']) * 1000:.1f} ms |")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, args = sys.argv[2], sys.argv[3:]
        if kind == "import":
            result = child_import(args[0], args[1], int(args[2]))
        elif kind == "analyse":
            result = child_analyse(args[0], int(args[1]) or None)
        elif kind == "open":
            result = child_open(args[0], args[1])
        else:
            result = child_queries(args[0], int(args[1]))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated library sizes")
    parser.add_argument("--work", type=Path, help="keep libraries and catalogs here (default: a temporary folder)")
    parser.add_argument("--runs", type=int, default=3, help="cold imports per size up to 10,000 (default 3)")
    parser.add_argument("--big-runs", type=int, default=1, help="cold imports per larger size (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="parsing processes (default 2)")
    parser.add_argument("--analyse", type=int, help="analyse only the newest N articles (default: all; -1: none)")
    parser.add_argument("--reuse", action="store_true", help="keep a catalog already in the work folder (no import)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (default 5)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="catalog-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"Python {sys.version.split()[0]}, SQLite {__import__('sqlite3').sqlite_version}, "
          f"{os.cpu_count()} CPUs; work folder {work}")
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            bench(n, work, args.runs if n <= 10_000 else args.big_runs, args.workers, args.analyse, args.repeat,
                  args.reuse)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
