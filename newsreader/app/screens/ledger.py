"""The figures ledger (``f``): every figure in the article, with label, value and sentence."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from newsreader.app.keymap import bindings
from newsreader.app.screens.save_path import SavePathScreen
from newsreader.app.theming import label_style
from newsreader.core.library import FigureRow, write_figures_csv

__all__ = ["LedgerScreen"]

SENTENCE_WIDTH = 90


class LedgerScreen(ModalScreen[None]):
    BINDINGS = bindings("ledger")
    DEFAULT_CSS = """
    LedgerScreen { align: center middle; }
    LedgerScreen > Vertical {
        width: 95%; height: 90%; border: round $primary; background: $surface;
    }
    LedgerScreen #ledger-title { padding: 0 1; color: $text-muted; }
    LedgerScreen DataTable { height: 1fr; }
    """

    def __init__(self, title: str, rows: Sequence[FigureRow], default_path: Path) -> None:
        super().__init__()
        self.article_title = title
        self.rows = list(rows)
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Figures ledger — e exports CSV, esc closes"
            yield Static(Content.assemble((self.article_title, "bold"), f" — {len(self.rows)} figures"), id="ledger-title")
            table: DataTable[Content] = DataTable(cursor_type="row", zebra_stripes=True, id="ledger")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("label", key="label", width=9)
        table.add_column("figure", key="text", width=min(30, max([6] + [len(r.text) for r in self.rows])))
        table.add_column("value", key="value", width=min(30, max([5] + [len(r.value) for r in self.rows])))
        table.add_column("sentence", key="sentence", width=SENTENCE_WIDTH)
        for row in self.rows:
            sentence = row.sentence if len(row.sentence) <= SENTENCE_WIDTH else row.sentence[: SENTENCE_WIDTH - 1] + "…"
            table.add_row(
                Content.styled(row.label.lower(), label_style(row.label)),
                Content(row.text),
                Content(row.value),
                Content(sentence),
            )
        if not self.rows:
            self.query_one("#ledger-title", Static).update(
                Content.assemble((self.article_title, "bold"), " — no figures found")
            )
        table.focus()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss()

    def action_export(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export_to(path)

        self.app.push_screen(SavePathScreen("Write the figures ledger as CSV to:", self.default_path), chosen)

    def export_to(self, path: Path) -> Path | None:
        try:
            written = write_figures_csv(self.rows, path)
        except OSError as exc:
            self.app.notify(f"Could not write {path}: {exc.strerror or exc}", severity="error", markup=False)
            return None
        self.app.notify(f"Wrote {len(self.rows)} figures to {written}", title="Ledger exported", markup=False)
        return written
