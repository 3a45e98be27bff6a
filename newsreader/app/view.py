"""What the main screen's collaborators (state actions, library actions) may ask of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from newsreader.app.list_state import ListState
    from newsreader.app.session import StateSession
    from newsreader.app.widgets.article_list import ArticleList
    from newsreader.app.widgets.article_view import ArticleView
    from newsreader.app.widgets.legend import Legend
    from newsreader.app.widgets.notes_pane import NotesPane
    from newsreader.app.widgets.refresh_bar import RefreshBar
    from newsreader.app.widgets.search_bar import SearchBar
    from newsreader.core.library.interface import ArticleLibrary
    from newsreader.core.library.rows import RowSource
    from newsreader.core.model import Article
    from newsreader.core.settings import Settings

__all__ = ["MainView"]


class MainView(Protocol):
    library: ArticleLibrary
    session: StateSession
    settings: Settings
    list_state: ListState
    mode: str

    @property
    def app(self) -> App[Any]: ...

    @property
    def notify(self) -> Callable[..., None]: ...

    @property
    def run_worker(self) -> Callable[..., Any]: ...

    @property
    def post_message(self) -> Callable[..., bool]: ...

    @property
    def set_timer(self) -> Callable[..., Timer]: ...

    @property
    def current_article(self) -> Article | None: ...

    @property
    def article_list(self) -> ArticleList: ...

    @property
    def reader(self) -> ArticleView: ...

    @property
    def notes(self) -> NotesPane: ...

    @property
    def legend(self) -> Legend: ...

    @property
    def search_bar(self) -> SearchBar: ...

    @property
    def refresh_bar(self) -> RefreshBar: ...

    def show_state(self, article: Article | None, *, update: bool = True) -> None: ...

    def preview(self, article: Article | None, *, analyse: bool = True) -> None: ...

    def resolve(self, item: object) -> Article | None: ...

    def update_titles(self) -> None: ...

    def show_list(self, state: ListState, *, rows: RowSource | None = None, keep: str | None = ...) -> None: ...

    def refresh_bindings(self) -> None: ...
