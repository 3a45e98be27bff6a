"""Theme files: a Textual theme's colours plus a colour for every highlight label (TOML).

UI-free: this module reads and checks the files and returns plain data plus one-line
problems; the app turns the data into Textual themes. A file with a missing or malformed
colour is skipped; a label colour that is hard to read on the background is reported but
kept.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.core.paths import bundled_themes_dir, user_themes_dir

__all__ = [
    "LABEL_KEYS",
    "MIN_CONTRAST",
    "THEME_COLOURS",
    "ThemeError",
    "ThemeSpec",
    "contrast_ratio",
    "load_theme_file",
    "load_themes",
    "parse_colour",
]

LABEL_KEYS = (
    "person", "org", "place", "group",
    "number", "quantity", "money", "percent", "date", "time", "ordinal",
    "quote",
)
THEME_COLOURS = (
    "primary", "secondary", "accent", "warning", "error", "success",
    "foreground", "background", "surface", "panel", "boost",
)
REQUIRED_COLOURS = ("primary", "background", "foreground")
MIN_CONTRAST = 4.5  # WCAG AA for body text
MAX_FILE_SIZE = 64 * 1024

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_RGB = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class ThemeError(ValueError):
    """A theme file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class ThemeSpec:
    name: str
    dark: bool
    colours: dict[str, str]  # Textual theme colours as #rrggbb
    labels: dict[str, str]  # label key -> #rrggbb
    path: Path | None = None
    warnings: tuple[str, ...] = field(default=())


def parse_colour(text: object) -> tuple[int, int, int] | None:
    """``#rgb``, ``#rrggbb`` or ``rgb(r, g, b)`` as an RGB triple; None when malformed."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if _HEX.fullmatch(text):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    match = _RGB.fullmatch(text)
    if match:
        values = tuple(int(v) for v in match.groups())
        if all(0 <= v <= 255 for v in values):
            return values  # type: ignore[return-value]
    return None


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def load_theme_file(path: Path) -> ThemeSpec:
    """Read and check one theme file; raises ``ThemeError`` with a one-line reason."""
    try:
        if path.stat().st_size > MAX_FILE_SIZE:
            raise ThemeError(f"{path.name}: too large for a theme file")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except ThemeError:
        raise
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"{path.name}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise ThemeError(f"{path.name}: not UTF-8 text") from None
    except OSError as exc:
        raise ThemeError(f"{path.name}: cannot be read ({exc.strerror or type(exc).__name__})") from None

    name = data.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ThemeError(f"{path.name}: 'name' must be lower-case letters, digits, '-' or '_'")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(f"{path.name}: 'dark' must be true or false")

    colours: dict[str, str] = {}
    for key in THEME_COLOURS:
        if key not in data:
            if key in REQUIRED_COLOURS:
                raise ThemeError(f"{path.name}: missing colour '{key}'")
            continue
        rgb = parse_colour(data[key])
        if rgb is None:
            raise ThemeError(f"{path.name}: '{key}' is not a colour (use #rrggbb): {str(data[key])[:40]!r}")
        colours[key] = _hex(rgb)

    labels_raw = data.get("labels")
    if not isinstance(labels_raw, dict):
        raise ThemeError(f"{path.name}: missing the [labels] table")
    missing = [k for k in LABEL_KEYS if k not in labels_raw]
    if missing:
        raise ThemeError(f"{path.name}: [labels] has no colour for {', '.join(missing)}")
    labels: dict[str, str] = {}
    for key in LABEL_KEYS:
        rgb = parse_colour(labels_raw[key])
        if rgb is None:
            raise ThemeError(f"{path.name}: label '{key}' is not a colour (use #rrggbb): {str(labels_raw[key])[:40]!r}")
        labels[key] = _hex(rgb)

    background = parse_colour(colours["background"])
    assert background is not None
    low = [
        f"{key} ({contrast_ratio(parse_colour(value), background):.1f}:1)"  # type: ignore[arg-type]
        for key, value in labels.items()
        if contrast_ratio(parse_colour(value), background) < MIN_CONTRAST  # type: ignore[arg-type]
    ]
    warnings = ()
    if low:
        warnings = (f"{path.name}: hard to read on the background: {', '.join(low)}",)
    return ThemeSpec(name, dark, colours, labels, path, warnings)


def load_themes(folders: Iterable[Path] | None = None) -> tuple[list[ThemeSpec], list[str]]:
    """Themes from the bundled folder then the user's; a later file with the same name wins.

    Returns the usable themes and one line per problem (bad files are skipped).
    """
    if folders is None:
        folders = (bundled_themes_dir(), user_themes_dir())
    found: dict[str, ThemeSpec] = {}
    problems: list[str] = []
    for folder in folders:
        try:
            files = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for path in files:
            try:
                spec = load_theme_file(path)
            except ThemeError as exc:
                problems.append(str(exc))
                continue
            problems.extend(spec.warnings)
            found[spec.name] = spec
    return list(found.values()), problems
