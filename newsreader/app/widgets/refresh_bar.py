"""A line above the footer while feeds refresh: feeds done of all, and the last one's result."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from newsreader.core.sanitize import visible

__all__ = ["RefreshBar"]


class RefreshBar(Horizontal):
    DEFAULT_CSS = """
    RefreshBar { height: 1; display: none; background: $panel; }
    RefreshBar.-running { display: block; }
    RefreshBar > #refresh-label { width: auto; padding: 0 1; }
    RefreshBar > ProgressBar { width: 40; }
    RefreshBar > #refresh-last { width: 1fr; color: $text-muted; padding: 0 1; }
    """

    def start(self, total: int) -> None:
        from textual.widgets import ProgressBar

        if not self.children:  # made at the first refresh, not at start: most starts never refresh
            self.mount(
                Static(Content("Refreshing feeds"), id="refresh-label"),
                ProgressBar(total=max(1, total), show_eta=False, id="refresh-progress"),
                Static(Content(f"0 of {total} feeds"), id="refresh-last", markup=False),
            )
        else:
            self.query_one(ProgressBar).update(total=max(1, total), progress=0)
            self.query_one("#refresh-last", Static).update(Content(f"0 of {total} feeds"))
        self.add_class("-running")

    def advance(self, done: int, total: int, result) -> None:
        from textual.widgets import ProgressBar

        if not self.children:
            self.start(total)
        self.query_one(ProgressBar).update(total=max(1, total), progress=done)
        last = f"{done} of {total} feeds"
        if result is not None:
            last += f" · {result.title or result.url}: {result.summary()}"
        self.query_one("#refresh-last", Static).update(Content(visible(last)))

    def finish(self) -> None:
        self.remove_class("-running")
