"""Theme files (checked by the core) turned into Textual themes, and the styles of labels."""

from __future__ import annotations

from textual.theme import Theme

from newsreader.core.analysis.spans import ENTITY_LABELS, FIGURE_LABELS, LABELS
from newsreader.core.themes import LABEL_KEYS, ThemeSpec, load_themes

__all__ = ["DEFAULT_THEME", "label_style", "label_variable", "load_textual_themes", "to_textual_theme"]

DEFAULT_THEME = "newsreader-dark"

# Used when a theme file cannot be found, so labels always have a colour.
FALLBACK_LABELS = {
    "person": "#ff87af", "org": "#87afff", "place": "#87d787", "group": "#d7afff",
    "number": "#ffd75f", "quantity": "#ffaf5f", "money": "#5fd7af", "percent": "#5fd7ff",
    "date": "#d7d787", "time": "#afd7ff", "ordinal": "#d7af87", "quote": "#bcbcbc",
}


def label_variable(label: str) -> str:
    """The CSS variable holding a label's colour, e.g. ``nr-person``."""
    return f"nr-{label.lower()}"


def label_style(label: str, *, current: bool = False) -> str:
    """The style of a highlighted span (a theme variable, so a theme switch recolours it)."""
    colour = f"${label_variable(label)}"
    if label in ENTITY_LABELS:
        style = f"{colour} bold"
    elif label in FIGURE_LABELS:
        style = f"{colour} underline"
    else:
        style = f"{colour} italic"
    if current:
        style += " reverse"
    return style


def to_textual_theme(spec: ThemeSpec) -> Theme:
    variables = {label_variable(key): value for key, value in spec.labels.items()}
    return Theme(name=spec.name, dark=spec.dark, variables=variables, **spec.colours)


def load_textual_themes() -> tuple[list[Theme], list[str]]:
    """The bundled and user themes as Textual themes, and one line per problem."""
    specs, problems = load_themes()
    themes: list[Theme] = []
    for spec in specs:
        try:
            theme = to_textual_theme(spec)
            theme.to_color_system()  # Textual's own check of the colours
        except Exception as exc:
            problems.append(f"{spec.path.name if spec.path else spec.name}: rejected ({exc})")
            continue
        themes.append(theme)
    return themes, problems


def fallback_variables() -> dict[str, str]:
    """Label colours for Textual's own themes, which know nothing of labels."""
    return {label_variable(k): v for k, v in FALLBACK_LABELS.items()}


assert set(FALLBACK_LABELS) == set(LABEL_KEYS) == {label.lower() for label in LABELS}
