"""A small dialog asking where to write a file; dismisses with the path or None."""

from __future__ import annotations

from pathlib import Path

from newsreader.app.screens.name_prompt import NamePrompt

__all__ = ["SavePathScreen"]


class SavePathScreen(NamePrompt):
    DEFAULT_CSS = """
    SavePathScreen > Vertical { width: 80; }
    """

    def __init__(self, prompt: str, default: Path) -> None:
        super().__init__(prompt, str(default))

    def result(self, value: str) -> Path | None:
        return Path(value).expanduser() if value else None
