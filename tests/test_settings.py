"""Remembered settings: atomic writes, unknown keys kept, a corrupt file reported and kept."""

from __future__ import annotations

import json

from newsreader.core.settings import Settings, settings_path


def test_missing_file_gives_defaults_and_first_save_creates_it():
    settings = Settings.load()
    assert settings.get("theme") is None and settings.problem is None
    assert settings.set("theme", "newsreader-light") is None
    assert json.loads(settings_path().read_text()) == {"theme": "newsreader-light"}
    assert Settings.load().get("theme") == "newsreader-light"


def test_unknown_keys_are_kept(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"future": [1, 2], "theme": "x"}')
    settings = Settings.load(path)
    settings.set("theme", "y")
    assert json.loads(path.read_text()) == {"future": [1, 2], "theme": "y"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left behind


def test_a_corrupt_file_is_reported_and_never_overwritten(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    settings = Settings.load(path)
    assert settings.problem and "not valid JSON" in settings.problem and str(path) in settings.problem
    problem = settings.set("theme", "y")
    assert problem == settings.problem
    assert path.read_text() == "{not json"


def test_a_non_object_is_reported(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[1]")
    assert "not a JSON object" in Settings.load(path).problem


def test_an_unwritable_folder_is_reported_in_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings = Settings.load(blocker / "settings.json")
    problem = settings.set("theme", "y")
    assert problem and "\n" not in problem and "saved" in problem


def test_mark_read_delay_defaults_and_accepts_zero_never_and_bad_values(tmp_path):
    path = tmp_path / "settings.json"
    assert Settings.load(path).mark_read_delay() == 2.0
    for raw, expected in (("0", 0.0), ("1.5", 1.5), ("-1", None), ("null", None), ('"soon"', 2.0), ("true", 2.0)):
        path.write_text('{"mark_read_delay": %s}' % raw)
        assert Settings.load(path).mark_read_delay() == expected, raw
