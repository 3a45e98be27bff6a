"""Figure recognition quality on the development figure specs, the seed check, and speed.

Scores ``find_figures`` against ``figures-dev/*.json`` (Recognizers-Text specs): each
gold span is a character range with a type. Precision and recall are reported per file
and per label, for exact range matches and separately for any overlap, both *typed*
(only our spans with labels the file's model produces, labels must agree) and
*untyped* (all our spans, ranges only). Entries not supported for Python are skipped.

    python benchmarks/figures.py [--data ../shared/data] [--errors N] [--mb 4]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from newsreader.core.analysis.figures import find_figures
from newsreader.core.ingest.loader import load_file

FILES = ("NumberModel.json", "PercentModel.json", "DateExtractor.json")
# Recognizers type -> the labels of ours that may carry it.
TYPE_LABELS = {
    "number": {"NUMBER"}, "ordinal": {"ORDINAL"}, "percentage": {"PERCENT"},
    "currency": {"MONEY"}, "dimension": {"QUANTITY"}, "temperature": {"QUANTITY"},
    "age": {"QUANTITY", "DATE"}, "date": {"DATE"}, "daterange": {"DATE"}, "time": {"TIME"},
    "timerange": {"TIME"}, "datetime": {"DATE", "TIME"}, "datetimerange": {"DATE", "TIME"},
    "duration": {"DATE", "TIME"},
}


def gold_spans(entry: dict) -> list[tuple[int, int, set[str]]]:
    """(start, end exclusive, labels) per result; "End" is inclusive when the text says so."""
    text = entry["Input"]
    spans = []
    for result in entry["Results"]:
        kind = (result.get("TypeName") or result.get("Type") or "").split(".")[-1]
        labels = TYPE_LABELS.get(kind)
        if labels is None:
            continue
        start = result["Start"]
        if "Length" in result:
            end = start + result["Length"]
        else:
            end = result["End"] + 1
            if text[start:end].lower() != result["Text"].lower() and text[start : end - 1].lower() == result["Text"].lower():
                end -= 1
        spans.append((start, end, labels))
    return spans


class Tally:
    """Counts of true positives among predictions and gold, for one slice."""

    def __init__(self) -> None:
        self.pred = self.gold = self.pred_hit = self.gold_hit = 0

    def add(self, preds: list, golds: list, match) -> None:
        self.pred += len(preds)
        self.gold += len(golds)
        self.pred_hit += sum(any(match(p, g) for g in golds) for p in preds)
        self.gold_hit += sum(any(match(p, g) for p in preds) for g in golds)

    def line(self) -> str:
        p = self.pred_hit / self.pred if self.pred else 1.0
        r = self.gold_hit / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (pred {self.pred}, gold {self.gold})"


def exact(p, g) -> bool:
    return p[0] == g[0] and p[1] == g[1]


def overlap(p, g) -> bool:
    return p[0] < g[1] and g[0] < p[1]


def typed(match):
    return lambda p, g: match(p, g) and p[2] in g[2]


def score_file(path: Path, errors: int) -> dict[str, Tally]:
    entries = json.loads(path.read_text(encoding="utf-8"))
    entries = [e for e in entries if "python" not in str(e.get("NotSupported", "")).lower()]
    model_labels = set().union(*(g[2] for e in entries for g in gold_spans(e))) or set()
    tallies: dict[str, Tally] = {}
    shown = 0
    for entry in entries:
        golds = gold_spans(entry)
        preds = [(s.start, s.end, s.label) for s in find_figures(entry["Input"])]
        mine = [p for p in preds if p[2] in model_labels]
        for name, subset, match in (
            ("typed exact", mine, typed(exact)), ("typed overlap", mine, typed(overlap)),
            ("untyped exact", preds, exact), ("untyped overlap", preds, overlap),
        ):
            tallies.setdefault(name, Tally()).add(subset, golds, match)
        for label in model_labels:
            tallies.setdefault(f"label {label}", Tally()).add(
                [p for p in mine if p[2] == label], [g for g in golds if label in g[2]], typed(exact)
            )
        wrong = {(p[0], p[1]) for p in mine} != {(g[0], g[1]) for g in golds}
        if wrong and shown < errors:
            shown += 1
            text = entry["Input"]
            print(f"    {text[:90]!r}\n      ours {[text[p[0]:p[1]] + '/' + p[2] for p in preds]}"
                  f"  gold {[text[g[0]:g[1]] for g in golds]}")
    return tallies


def seed_check(root: Path, data: Path) -> bool:
    gold = json.loads((data / "seed-article.gold.json").read_text(encoding="utf-8"))
    article, _ = load_file(root / "seeds" / gold["file"])
    spans = {(s.text, s.label): s for s in find_figures(article.body, article.published)}
    missing = [tuple(x) for x in gold["figures_in_body_must"] if tuple(x) not in spans]
    tuesday = spans.get(("Tuesday", "DATE"))
    print(f"seed: {len(gold['figures_in_body_must']) - len(missing)}/{len(gold['figures_in_body_must'])} "
          f"required figures found; missing: {missing or 'none'}; "
          f"Tuesday -> {tuesday.value if tuesday else None}")
    return not missing


def speed(data: Path, megabytes: float) -> None:
    gold = json.loads((data / "extraction-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    body = "\n\n".join(entry["articleBody"] for entry in gold.values())
    size = int(megabytes * 1_000_000)
    text = (body * (size // len(body) + 1))[:size]
    base = _best_time(lambda: re.findall(r"\w+", text))
    ours = _best_time(lambda: find_figures(text))
    spans = find_figures(text)
    counts = Counter(s.label for s in spans)
    print(f"speed: {len(text) / 1e6:.1f} MB in {ours:.2f} s = {len(text) / 1e6 / ours:.1f} MB/s (best of 3); "
          f"\\w+ findall {base:.3f} s; ratio {ours / base:.1f}x; spans {dict(counts)}")


def _best_time(run, repeats: int = 3) -> float:
    """The fastest of a few runs: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=root.parent / "shared" / "data")
    ap.add_argument("--errors", type=int, default=0, help="show up to N mismatched entries per file")
    ap.add_argument("--mb", type=float, default=4.0, help="megabytes of text for the speed run")
    args = ap.parse_args(argv)

    totals: dict[str, Tally] = {}
    for name in FILES:
        print(name)
        tallies = score_file(args.data / "figures-dev" / name, args.errors)
        for key, tally in tallies.items():
            print(f"  {key:16} {tally.line()}")
            total = totals.setdefault(key, Tally())
            for attr in ("pred", "gold", "pred_hit", "gold_hit"):
                setattr(total, attr, getattr(total, attr) + getattr(tally, attr))
    print("all files")
    for key, tally in sorted(totals.items()):
        print(f"  {key:16} {tally.line()}")
    ok = seed_check(root, args.data)
    if args.mb > 0:
        speed(args.data, args.mb)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
