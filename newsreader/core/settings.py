"""Remembered settings (the theme, the sort, the highlight kinds) in a small JSON file.

Set by hand: ``mark_read_delay``, the seconds an article must stay in the reader before it is
marked read (``0``: at once; a negative number or ``null``: never; default ``2``);
``analysis_deadline``, the seconds one article's analysis may take before it is shown without
names and figures (default ``10``; see ``analysis.guarded``).

Written atomically: a temporary file in the same folder, flushed and fsynced, then
``os.replace``. A file that cannot be read as a JSON object is reported and left alone:
nothing is saved over it until the user fixes or removes it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsreader.core.files import write_atomic
from newsreader.core.paths import config_dir

__all__ = ["MARK_READ_DELAY", "Settings", "settings_path"]

FILE_NAME = "settings.json"
MARK_READ_DELAY = 2.0  # seconds


def settings_path() -> Path:
    return config_dir() / FILE_NAME


@dataclass
class Settings:
    """Settings as a dict of JSON values; unknown keys are kept as they were."""

    path: Path = field(default_factory=settings_path)
    values: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None  # why the file could not be read; saving is refused while set

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = settings_path() if path is None else Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as exc:
            return cls(path, problem=f"{path}: cannot be read ({_reason(exc)}); settings will not be saved")
        try:
            values = json.loads(raw)
        except json.JSONDecodeError as exc:
            return cls(path, problem=f"{path}: not valid JSON (line {exc.lineno}); kept as it is, settings will not be saved")
        if not isinstance(values, dict):
            return cls(path, problem=f"{path}: not a JSON object; kept as it is, settings will not be saved")
        return cls(path, values)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def mark_read_delay(self) -> float | None:
        """Seconds before a shown article is marked read; None for never (see the module doc)."""
        if "mark_read_delay" not in self.values:
            return MARK_READ_DELAY
        value = self.values["mark_read_delay"]
        if value is None or value is False:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            return MARK_READ_DELAY  # not a number: the default
        return None if value < 0 else float(min(value, 86400.0))

    def set(self, key: str, value: Any) -> str | None:
        """Remember ``value`` and save; returns a one-line problem, or None when saved."""
        self.values[key] = value
        return self.save()

    def save(self) -> str | None:
        if self.problem is not None:
            return self.problem
        try:
            write_atomic(self.path, json.dumps(self.values, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        except OSError as exc:
            return f"{self.path}: settings not saved ({_reason(exc)})"
        return None


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__
