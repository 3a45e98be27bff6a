from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis profiles: "ci" for the normal run (the default), "long" for fuzzing
# (HYPOTHESIS_PROFILE=long; see the Fuzzing section of benchmarks/RESULTS.md). Tests that set
# their own max_examples keep it; tests/test_fuzz.py scales with the profile. The normal run
# is derandomised, so it passes or fails the same way on every machine; "explore" and "long"
# draw new examples each run (and keep failures in .hypothesis/ to replay).
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True)
settings.register_profile("explore", max_examples=100, deadline=None)
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_966db0fa02a41666.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"

# Strings that must never be styled, run or passed to the terminal.
HOSTILE = [
    "Price [/] up",
    "[bold]x",
    "[@click=app.quit]Read[/]",
    "OSC52 \x1b]52;c;SGVsbG8=\x07 paste",
    "Clear \x1b[2J screen",
    "Bidi \u202eevil\u202c text",
]


@pytest.fixture
def seed_gold() -> dict:
    path = SHARED_DATA / "seed-article.gold.json"
    if not path.exists():
        pytest.skip(f"development data not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """Keep every test away from the user's real data and config folders."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("NEWSREADER_DATA_DIR", raising=False)
