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


_data_dir_override: Path | None = None


def set_data_dir(path: Path | str | None) -> None:
    """Use ``path`` for state from now on (``--data-dir``); None goes back to the default."""
    global _data_dir_override
    _data_dir_override = None if path is None else Path(path).expanduser()


def data_dir() -> Path:
    """Where state is kept: ``--data-dir``, ``NEWSREADER_DATA_DIR`` or the user data folder."""
    if _data_dir_override is not None:
        return _data_dir_override
    override = os.environ.get("NEWSREADER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def state_file() -> Path:
    """The reader's notes, tags and marks: ``state.json`` in the data folder."""
    return data_dir() / "state.json"


def state_backups_dir(state: Path | None = None) -> Path:
    """Where copies of the state file are kept: ``backups/`` beside it."""
    return (state_file() if state is None else Path(state)).parent / "backups"


def config_dir() -> Path:
    """Where the user's configuration and own themes live."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def cache_dir() -> Path:
    """Where things that can be fetched or computed again are kept (``$XDG_CACHE_HOME``)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def subscriptions_file() -> Path:
    """The feeds the user subscribes to: ``feeds.toml`` in the config folder."""
    return config_dir() / "feeds.toml"


def feeds_dir() -> Path:
    """Where articles fetched from feeds are stored, one folder per feed, as Markdown files."""
    return data_dir() / "feeds"


def catalog_file() -> Path:
    """The search catalog of the default library (a cache: deleting it loses nothing)."""
    return cache_dir() / "catalog.sqlite3"


def saved_searches_file() -> Path:
    """Saved searches (name = query), shown as virtual feeds: ``searches.toml`` in the config folder."""
    return config_dir() / "searches.toml"
