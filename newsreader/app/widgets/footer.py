"""Textual's footer, with each key made in the footer's style at once.

Textual ties a key's ``compact`` to the footer's: the key is made compact, then restyled back
when the tie takes effect, so its styles are worked out three times while the first frames
are drawn. Here a tied key takes the footer's value when it is made (the footer's never
changes in this app), and its styles are worked out once. The look is Textual's.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = ["AppFooter"]


class AppFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # Textual 8.2 (pinned) keeps the tie in ``_reactive_connect``; the command palette's
            # key has none and stays as Textual makes it.
            if isinstance(widget, FooterKey) and widget._reactive_connect:
                widget._reactive_connect = None
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
