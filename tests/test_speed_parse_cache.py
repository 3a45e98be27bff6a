"""The parse cache: the same articles as parsing, and never a stale one."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from newsreader.core.ingest import parse_cache
from newsreader.core.ingest.loader import load_paths
from newsreader.core.ingest.parse_cache import ParseCache

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OLD = time.time() - 3600  # files "modified an hour ago" may be cached


def _dump(loaded):
    return (
        [a.to_json() for a in loaded.articles],
        [str(p) for p in loaded.problems],
        list(loaded.warnings),
        [str(p) for p in loaded.skipped],
    )


@pytest.fixture
def library(tmp_path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(SEEDS, folder)
    (folder / "notes.csv").write_text("not an article\n", encoding="utf-8")
    (folder / "blank.txt").write_text("   \n", encoding="utf-8")
    for path in folder.iterdir():
        os.utime(path, (OLD, OLD))
    return folder


def test_cached_loads_equal_parsing_and_skip_the_parser(library, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    expected = _dump(load_paths([library]))
    assert _dump(load_paths([library], cache_dir=cache)) == expected  # fills the cache
    assert len(list(cache.iterdir())) == 1

    import newsreader.core.ingest.loader as loader

    calls = []
    real = loader._load
    monkeypatch.setattr(loader, "_load", lambda path: calls.append(path) or real(path))
    assert _dump(load_paths([library], cache_dir=cache)) == expected
    assert [p.name for p in calls] == ["blank.txt"]  # only what holds no article is read again


def test_a_changed_file_is_parsed_again(library, tmp_path):
    cache = tmp_path / "cache"
    load_paths([library], cache_dir=cache)
    target = library / "002_lake-orrin-drought.txt"
    text = target.read_text(encoding="utf-8")
    changed = text.replace("Lake Orrin", "Lake Orrun", 1)  # same size
    assert len(changed) == len(text)
    target.write_text(changed, encoding="utf-8")
    os.utime(target, (OLD, OLD))  # even with the old modification time
    titles = [a.title for a in load_paths([library], cache_dir=cache).articles]
    assert any(t.startswith("Lake Orrun") for t in titles)
    assert titles == [a.title for a in load_paths([library]).articles]


def test_a_file_changed_just_now_is_not_kept(library, tmp_path):
    cache = tmp_path / "cache"
    fresh = library / "003_brightwell-foods-job-cuts.txt"
    os.utime(fresh, None)  # now
    load_paths([library], cache_dir=cache)
    kept = ParseCache(cache, library)
    assert ParseCache.key(fresh) is not None and kept.get(fresh, ParseCache.key(fresh)) is None
    other = library / "004_hollin-fell-comet.txt"
    assert kept.get(other, ParseCache.key(other)) is not None


def test_another_parser_or_a_damaged_cache_means_parsing_again(library, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    expected = _dump(load_paths([library]))
    load_paths([library], cache_dir=cache)
    (stored,) = cache.iterdir()

    monkeypatch.setattr(parse_cache, "_fingerprint", lambda: "a different parser")
    assert ParseCache(cache, library).get(library / "004_hollin-fell-comet.txt",
                                          ParseCache.key(library / "004_hollin-fell-comet.txt")) is None
    monkeypatch.undo()

    stored.write_bytes(b"\x80\x05not a pickle")
    assert _dump(load_paths([library], cache_dir=cache)) == expected
    stored.write_bytes(pickle.dumps(("something", "else")))
    assert _dump(load_paths([library], cache_dir=cache)) == expected


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_could_write_is_not_read(library, tmp_path):
    cache = tmp_path / "cache"
    load_paths([library], cache_dir=cache)
    (stored,) = cache.iterdir()
    assert stored.stat().st_mode & 0o077 == 0
    stored.chmod(0o666)
    probe = library / "004_hollin-fell-comet.txt"
    assert ParseCache(cache, library).get(probe, ParseCache.key(probe)) is None


def test_an_unwritable_cache_folder_only_costs_time(library, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert _dump(load_paths([library], cache_dir=blocker)) == _dump(load_paths([library]))
