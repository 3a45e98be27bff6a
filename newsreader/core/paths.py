"""Where newsreader keeps and finds things. Honours the XDG_* variables via platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "newsreader"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    """A folder shipped with newsreader: inside the wheel, or at the top of a checkout."""
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def seeds_dir() -> Path:
    """The bundled sample articles opened when no path is given."""
    return _bundled("seeds")


def bundled_themes_dir() -> Path:
    """The themes shipped with newsreader."""
    return _bundled("themes")


def data_dir() -> Path:
    """Where state is kept: ``NEWSREADER_DATA_DIR`` or the user data folder."""
    override = os.environ.get("NEWSREADER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Where the user's configuration and own themes live."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_themes_dir() -> Path:
    return config_dir() / "themes"
