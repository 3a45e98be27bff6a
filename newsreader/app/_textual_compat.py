"""Every private Textual and Rich API the app uses, in one place (tests/test_textual_compat.py
fails when an upgrade changes one of them)."""

from __future__ import annotations

from typing import Any

from textual.app import App

__all__ = ["add_exit_renderable", "set_return_code"]


def add_exit_renderable(app: App[Any], renderable: Any) -> None:
    """``App._exit_renderables``: printed once the terminal is given back."""
    app._exit_renderables.append(renderable)


def set_return_code(app: App[Any], code: int) -> None:
    """``App._return_code``: the process's exit status, without ``exit``'s message."""
    app._return_code = code
