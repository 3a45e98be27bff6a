"""What the app does early to start faster must leave it as Textual would have."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from test_app_fakes import FakeEngine, fixed_articles, wait_until

from newsreader.app.app import NewsreaderApp
from newsreader.app.screens.main import MainScreen
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.notes_pane import NotesPane


@pytest.mark.parametrize(("width", "narrow"), [(100, True), (109, True), (110, False), (150, False)])
async def test_width_classes_are_set_before_the_first_layout_and_kept(width, narrow):
    app = NewsreaderApp(fixed_articles(), engine=FakeEngine())
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow") is narrow
        assert app.screen.has_class("-wide") is not narrow
        assert app.query_one(NotesPane).display is not narrow
        await pilot.resize_terminal(150 if narrow else 100, 30)
        await pilot.pause()
        assert app.screen.has_class("-narrow") is not narrow
        assert app.query_one(NotesPane).display is narrow


async def test_the_list_scrolls_to_its_last_row_without_a_width():
    base = fixed_articles()[0]
    articles = [replace(base, id=f"a{i}", title=f"N{i:02d} story", published=base.published - timedelta(days=i))
                for i in range(60)]
    app = NewsreaderApp(articles, engine=FakeEngine())
    async with app.run_test(size=(120, 16)) as pilot:
        await pilot.pause()
        listing = app.query_one(ArticleList)
        assert listing.virtual_size.height == 60
        await pilot.press("G")
        await pilot.pause()
        assert listing.cursor == 59 and listing.scroll_offset.y > 0
        shown = "\n".join(listing.render_line(y).text for y in range(listing.size.height))
        assert "N59 story" in shown and "N00 story" not in shown


class _FirstFrameScreen(MainScreen):
    """Notes what the app holds at its first callback after the first refresh (the list is
    on screen by then)."""

    def _first_article(self) -> None:
        listing = self.query_one(ArticleList)
        rows = [listing.render_line(y).text for y in range(listing.size.height)]
        app = self.app
        assert isinstance(app, _FirstFrame)
        app.seen = {"store_open": self.session.store_if_open is not None, "rows": rows}
        super()._first_article()


class _FirstFrame(NewsreaderApp):
    MAIN_SCREEN = _FirstFrameScreen
    seen: dict | None = None


async def test_the_list_is_drawn_before_the_state_store_opens_then_redrawn_with_its_marks():
    from newsreader.core.settings import Settings
    from newsreader.core.state import StateStore

    articles = fixed_articles()
    with StateStore.open() as store:
        store.set_starred(articles[0].id)
        store.mark_read(articles[0].id)
    app = _FirstFrame(articles, engine=FakeEngine(), settings=Settings(values={"mark_read_delay": None}))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.seen is not None)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.seen is not None and not app.seen["store_open"]
        first = next(r for r in app.seen["rows"] if articles[0].title[:12] in r)
        assert first.startswith("● ") and "★" not in first  # drawn unread, before the marks are known
        listing = app.query_one(ArticleList)
        shown = [listing.render_line(y).text for y in range(listing.size.height)]
        row = next(r for r in shown if articles[0].title[:12] in r)
        assert app.session.store_if_open is not None and row.startswith("  ★")  # read and starred once it opened
        notes = app.query_one(NotesPane)
        assert "★ Starred" in "\n".join(str(notes.get_option_at_index(i).prompt) for i in range(notes.option_count))


async def test_a_given_store_is_used_from_the_first_frame():
    from newsreader.core.state import StateStore

    articles = fixed_articles()
    store = StateStore.open()
    store.set_starred(articles[0].id)
    app = _FirstFrame(articles, engine=FakeEngine(), store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.seen is not None)
        assert app.seen is not None and app.seen["store_open"]
        first = next(r for r in app.seen["rows"] if articles[0].title[:12] in r)
        assert first[2] == "★"


async def test_the_hidden_search_box_and_refresh_bar_are_made_when_first_used():
    from textual.widgets import Input, ProgressBar

    from newsreader.app.widgets.refresh_bar import RefreshBar
    from newsreader.app.widgets.search_bar import SearchBar

    app = NewsreaderApp(fixed_articles(), engine=FakeEngine())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        bar, refresh = app.query_one(SearchBar), app.query_one(RefreshBar)
        assert not bar.children and not refresh.children  # nothing made at start
        bar.close()  # closing a box never opened makes nothing either
        assert not bar.children
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert bar.is_open and app.query_one("#search-input", Input).has_focus
        refresh.start(3)
        refresh.advance(1, 3, None)
        await pilot.pause()
        assert refresh.query_one(ProgressBar).progress == 1 and refresh.has_class("-running")


async def test_m_pressed_before_the_store_opens_still_wins_over_the_read_timer():
    from newsreader.core.settings import Settings
    from newsreader.core.state import StateStore

    articles = fixed_articles()
    with StateStore.open() as store:
        store.mark_read(articles[0].id)

    class PressesAtOnceScreen(_FirstFrameScreen):
        def _first_article(self) -> None:
            super()._first_article()
            self.action_toggle_read()  # m, before the store has opened

    class PressesAtOnce(_FirstFrame):
        MAIN_SCREEN = PressesAtOnceScreen

    app = PressesAtOnce(articles, engine=FakeEngine(), settings=Settings(values={"mark_read_delay": 0.2}))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.seen is not None)
        await pilot.pause(0.6)
        assert app.seen is not None and not app.seen["store_open"]
        assert app.main.current_article.id == articles[0].id
        assert not app.store.is_read(articles[0].id)  # m made it unread; no timer marked it again
