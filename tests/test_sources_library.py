"""benchmarks/make_library.py: deterministic, every form, and everything it writes loads."""

from __future__ import annotations

import importlib.util
from collections import Counter

from conftest import ROOT

from newsreader.core.ingest.loader import load_paths


def _make_library():
    spec = importlib.util.spec_from_file_location("make_library", ROOT / "benchmarks" / "make_library.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_library_is_deterministic_and_loads(tmp_path, capsys):
    make = _make_library()
    assert make.main(["300", str(tmp_path / "a"), "--jobs", "1"]) == 0
    assert make.main(["300", str(tmp_path / "b"), "--jobs", "1", "--seed", "1"]) == 0
    a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert a == b
    assert all((tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes() for p in a)
    kinds = Counter(p.suffix for p in a)
    assert kinds[".txt"] and kinds[".md"] and kinds[".html"]
    loaded = load_paths([tmp_path / "a"])
    assert len({x.id for x in loaded.articles}) == 300
    assert not loaded.problems
    words = sorted(sum(len(p.split()) for p in x.paragraphs) for x in loaded.articles if x.source.suffix != ".rss")
    assert words[len(words) // 2] > 300
    assert len({x.outlet for x in loaded.articles}) > 10


def test_feeds_in_a_generated_library(tmp_path, capsys):
    make = _make_library()
    # Articles depend only on the seed and their number, and each block of 20 picks its form,
    # so a library this size always holds feed files of each kind for this seed.
    make.main(["2000", str(tmp_path), "--jobs", "1", "--seed", "3"])
    suffixes = Counter(p.suffix for p in (tmp_path / "feeds").rglob("*") if p.is_file())
    assert suffixes[".atom"] + suffixes[".json"] + suffixes[".xml"] + suffixes[".rss"] >= 4
    assert "2000 articles" in capsys.readouterr().out
