"""The palette's providers, loaded when first used (off the start-up path), and the shape of
a palette command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["PROVIDERS", "PaletteCommand"]

# (name, what it does, help): help is read as markup, so it never holds article text.
PaletteCommand = tuple[str, Callable[[], object], str]


def _articles_provider() -> Any:
    from newsreader.app.providers.articles import ArticlesProvider

    return ArticlesProvider


def _entities_provider() -> Any:
    from newsreader.app.providers.entities import EntitiesProvider

    return EntitiesProvider


def _commands_provider() -> Any:
    from newsreader.app.providers.commands import CommandsProvider

    return CommandsProvider


def _tags_provider() -> Any:
    from newsreader.app.providers.tags import TagsProvider

    return TagsProvider


PROVIDERS = {_articles_provider, _entities_provider, _commands_provider, _tags_provider}
