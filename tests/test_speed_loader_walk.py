"""The loader's folder walk gives what ``rglob("*")`` with a check of each path gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsreader.core.ingest.loader import ARTICLE_SUFFIXES, _walk


def _reference(folder: Path) -> tuple[list[Path], list[Path]]:
    articles, others = [], []
    for path in folder.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or not path.is_file():
            continue
        (articles if path.suffix.lower() in ARTICLE_SUFFIXES else others).append(path)
    return sorted(articles), sorted(others)


def test_walk_matches_rglob(tmp_path):
    names = ["a.txt", "a-b.txt", "A.TXT", "b.md", "c.", "x.csv", "z.json", "é.txt", "a b.html", "noext",
             "Z.txt", "a.b.txt", ".hidden.txt", "feed.RSS"]
    for folder in ["", "sub", "sub-2", "Sub", "a", "a-b", "a.b", "deep/er/still", ".git", ".cache/inner"]:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (tmp_path / folder / name).write_text("x", encoding="utf-8")
    if hasattr(os, "symlink"):
        try:
            os.symlink(tmp_path / "sub", tmp_path / "link-to-folder")
            os.symlink(tmp_path / "a.txt", tmp_path / "link-to-file.txt")
            os.symlink(tmp_path / "missing.txt", tmp_path / "broken.txt")
        except OSError:
            pass
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
    for root in (tmp_path, tmp_path / "sub", tmp_path / "deep"):
        assert _walk(root) == _reference(root)
        assert [str(p) for p in _walk(root)[0]] == [str(p) for p in _reference(root)[0]]


@pytest.mark.parametrize("folder", ["seeds", "tests"])
def test_walk_matches_rglob_on_the_project(folder):
    root = Path(__file__).resolve().parent.parent / folder
    assert _walk(root) == _reference(root)
