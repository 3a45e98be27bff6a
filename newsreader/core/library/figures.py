"""The figures ledger: one row per figure in an article (``figure_rows``), written as CSV."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsreader.core.analysis.document import AnalysedArticle
from newsreader.core.analysis.sentences import sentence_spans
from newsreader.core.analysis.spans import FIGURE_LABELS

__all__ = ["FigureRow", "figure_rows", "format_value", "write_figures_csv"]


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One line of the figures ledger."""

    label: str
    text: str
    value: str
    sentence: str
    start: int


def format_value(value: Any) -> str:
    """A figure's normalised value as plain text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dict):
        if "value" in value:
            rest = [format_value(value["value"])]
            rest += [str(v) for k, v in value.items() if k != "value" and v is not None]
            return " ".join(rest)
        return ", ".join(f"{k}={format_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " – ".join(format_value(v) for v in value)
    return str(value)


def figure_rows(analysed: AnalysedArticle) -> list[FigureRow]:
    """Every figure in the article with its label, normalised value and sentence."""
    figures = [s for s in analysed.spans if s.label in FIGURE_LABELS]
    if not figures:
        return []
    sentences = sentence_spans(analysed.text)
    rows: list[FigureRow] = []
    i = 0
    for span in figures:
        while i < len(sentences) and sentences[i][1] <= span.start:
            i += 1
        if i < len(sentences) and sentences[i][0] <= span.start:
            s_start, s_end = sentences[i]
        else:
            s_start, s_end = span.start, span.end
        sentence = " ".join(analysed.text[s_start:s_end].split())
        rows.append(FigureRow(span.label, span.text, format_value(span.value), sentence, span.start))
    return rows


def write_figures_csv(rows: Sequence[FigureRow], path: Path) -> Path:
    """Write the ledger as CSV (label, text, value, sentence); returns the path written."""
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["label", "text", "value", "sentence"])
        for row in rows:
            writer.writerow([row.label.lower(), _cell(row.text), _cell(row.value), _cell(row.sentence)])
    return path


def _cell(text: str) -> str:
    """Keep spreadsheet formulas from running: a leading =, +, -, @ is quoted."""
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True
