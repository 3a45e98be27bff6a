"""What the app does early to start faster must leave it as Textual would have."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from test_app_fakes import FakeEngine, fixed_articles

from newsreader.app.app import NewsreaderApp
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
