"""Theme files: loading, validation, readable and distinct label colours."""

from __future__ import annotations

import itertools

import pytest

from newsreader.core.paths import bundled_themes_dir, user_themes_dir
from newsreader.core.themes import (
    LABEL_KEYS,
    MIN_CONTRAST,
    ThemeError,
    contrast_ratio,
    load_theme_file,
    load_themes,
    parse_colour,
)


def bundled():
    themes, problems = load_themes([bundled_themes_dir()])
    assert problems == []
    return {t.name: t for t in themes}


def test_dark_and_light_themes_ship_with_every_label():
    themes = bundled()
    assert {"newsreader-dark", "newsreader-light"} <= set(themes)
    assert themes["newsreader-dark"].dark and not themes["newsreader-light"].dark
    for theme in themes.values():
        assert set(theme.labels) == set(LABEL_KEYS)


@pytest.mark.parametrize("name", ["newsreader-dark", "newsreader-light"])
def test_label_colours_are_readable_on_background_and_surface(name):
    theme = bundled()[name]
    for key in ("background", "surface", "panel"):
        ground = parse_colour(theme.colours[key])
        for label, colour in theme.labels.items():
            assert contrast_ratio(parse_colour(colour), ground) >= MIN_CONTRAST, (name, key, label)


def _lab(rgb):
    def linear(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("name", ["newsreader-dark", "newsreader-light"])
def test_label_colours_are_distinct(name):
    """Every pair of labels differs by a CIE76 delta E of at least 15 (clearly different)."""
    theme = bundled()[name]
    for (a, ca), (b, cb) in itertools.combinations(theme.labels.items(), 2):
        la, lb = _lab(parse_colour(ca)), _lab(parse_colour(cb))
        distance = sum((x - y) ** 2 for x, y in zip(la, lb)) ** 0.5
        assert distance >= 15, (name, a, b, distance)


def test_parse_colour():
    assert parse_colour("#fff") == (255, 255, 255)
    assert parse_colour("#1c1c1c") == (28, 28, 28)
    assert parse_colour("rgb(1, 2, 3)") == (1, 2, 3)
    for bad in ("red", "#12345", "rgb(300,0,0)", 5, None, "#ggg"):
        assert parse_colour(bad) is None


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (bundled_themes_dir() / "dark.toml").read_text(encoding="utf-8")


def test_user_themes_load_after_bundled_and_bad_files_are_skipped_with_one_line():
    folder = user_themes_dir()
    write(folder, "mine.toml", GOOD.replace('name = "newsreader-dark"', 'name = "mine"'))
    write(folder, "broken.toml", "name = [")
    write(folder, "badcolour.toml", GOOD.replace('name = "newsreader-dark"', 'name = "bc"').replace('person = "#ff87af"', 'person = "pink"'))
    write(folder, "nolabels.toml", 'name = "nl"\nprimary = "#000000"\nbackground = "#000000"\nforeground = "#ffffff"\n')
    themes, problems = load_themes()
    names = {t.name for t in themes}
    assert {"newsreader-dark", "newsreader-light", "mine"} <= names
    assert not names & {"bc", "nl"}
    assert len(problems) == 3 and all("\n" not in p for p in problems)
    assert any(p.startswith("broken.toml: not valid TOML") for p in problems)
    assert any("badcolour.toml" in p and "person" in p for p in problems)
    assert any("nolabels.toml" in p and "[labels]" in p for p in problems)


def test_low_contrast_labels_are_reported_but_kept(tmp_path):
    path = write(tmp_path, "dim.toml", GOOD.replace('name = "newsreader-dark"', 'name = "dim"').replace('person = "#ff87af"', 'person = "#222222"'))
    theme = load_theme_file(path)
    assert theme.labels["person"] == "#222222"
    assert theme.warnings and "person" in theme.warnings[0]


def test_bad_names_are_rejected(tmp_path):
    path = write(tmp_path, "x.toml", GOOD.replace('name = "newsreader-dark"', 'name = "Bad Name!"'))
    with pytest.raises(ThemeError):
        load_theme_file(path)
