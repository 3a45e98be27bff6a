"""The wheel carries the seeds and themes as package data."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, SEEDS


def test_wheel_contains_seeds_and_themes(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("newsreader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in SEEDS.glob("*.txt"):
        assert f"newsreader/_bundled/seeds/{seed.name}" in names
    assert "newsreader/_bundled/themes/dark.toml" in names
    assert "newsreader/_bundled/themes/light.toml" in names
    assert "newsreader/cli.py" in names
    assert any(n.endswith("entry_points.txt") for n in names)
