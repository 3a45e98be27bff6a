"""Pilot tests for each flow: jump, pivot and clear, highlights, ledger, palette, themes, help."""

from __future__ import annotations

import csv
import json

from test_app_fakes import FakeEngine, fixed_articles, settle, wait_until
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, Static

from newsreader.app.app import NewsreaderApp
from newsreader.app.keymap import KEYS
from newsreader.app.screens.help import HelpScreen
from newsreader.app.screens.ledger import LedgerScreen
from newsreader.app.screens.save_path import SavePathScreen
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.app.widgets.legend import Legend
from newsreader.app.widgets.notes_pane import NotesPane
from newsreader.core.paths import config_dir
from newsreader.core.settings import Settings

SIZE = (140, 40)


def make_app(**kwargs) -> NewsreaderApp:
    return NewsreaderApp(fixed_articles(), engine=FakeEngine(), **kwargs)


def palette_hits(app) -> list[str]:
    if not isinstance(app.screen, CommandPalette):
        return []
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def open_palette_and_type(app, pilot, text: str, expect: str) -> None:
    await pilot.press("slash")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    app.screen.query_one(Input).value = text
    await wait_until(pilot, lambda: any(expect in h for h in palette_hits(app)))


async def test_brackets_jump_through_highlights_and_show_the_current_one():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        reader = app.query_one(ArticleView)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        first = reader.current_span
        assert first is not None and first.text == "Vladimir Putin"  # the caption comes first
        assert "Vladimir Putin" in str(app.query_one(Legend).render())
        await pilot.press("right_square_bracket")
        assert reader.current_span.text == "Kim Jong Un"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert reader.current_span.text == "11,000" or reader.current_span is not None
        # The current span is drawn reversed.
        block = next(w for w in reader.query(".caption, .paragraph") if "reverse" in repr(w.render()._spans))
        assert block is not None


async def test_jump_scrolls_a_far_span_into_view():
    articles = fixed_articles()
    long = articles[0].__class__(
        id="long", title="Long", outlet="X", published=articles[0].published,
        paragraphs=tuple(f"Filler paragraph number {i} with no names at all." for i in range(80)) + ("At the end Kim Jong Un spoke.",),
    )
    app = NewsreaderApp([long], engine=FakeEngine())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "right_square_bracket")
        reader = app.query_one(ArticleView)
        await wait_until(pilot, lambda: reader.scroll_y > 0)
        last = list(reader.query(".paragraph"))[-1]
        assert reader.scroll_y <= last.virtual_region.y <= reader.scroll_y + reader.scrollable_content_region.height


async def test_space_and_b_page_the_reader():
    articles = fixed_articles()
    long = articles[0].__class__(
        id="long", title="Long", outlet="X", published=articles[0].published,
        paragraphs=tuple(f"Paragraph {i}." for i in range(100)),
    )
    app = NewsreaderApp([long], engine=FakeEngine())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "space")
        reader = app.query_one(ArticleView)
        await wait_until(pilot, lambda: reader.scroll_y > 10)
        await pilot.press("b")
        await wait_until(pilot, lambda: reader.scroll_y == 0)


async def test_entity_pivot_narrows_the_list_and_escape_clears_it():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        assert listing.article_count == 3
        await pilot.press("enter", "right_square_bracket", "right_square_bracket")
        assert app.query_one(ArticleView).current_span.canonical == "Kim Jong Un"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.list_state.entity == ("PERSON", "Kim Jong Un")
        assert [a.title for a in listing.articles] == [
            "North Korea Sends Additional 3,000 Troops",
            "Summit Talk Returns to Kim Jong Un",
        ]
        assert listing.has_focus
        assert "Mentioning" in str(listing.border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.list_state.entity is None and listing.article_count == 3


async def test_enter_on_an_entity_in_the_notes_pane_pivots():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        notes = app.query_one(NotesPane)
        notes.focus()
        await pilot.pause()
        target = next(i for i in range(notes.option_count) if "Vladimir Putin" in str(notes.get_option_at_index(i).prompt))
        notes.highlighted = target
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.list_state.entity == ("PERSON", "Vladimir Putin")
        assert app.query_one(ArticleList).article_count == 2


async def test_clicking_an_entity_in_the_reader_pivots_and_clicking_a_row_opens():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.query_one(ArticleView)
        caption = reader.query_one(".caption")
        # "Vladimir Putin greets ..." : the name starts the caption.
        await pilot.click(caption, offset=(2, 0))
        await settle(app, pilot)
        assert app.main.list_state.entity == ("PERSON", "Vladimir Putin")
        await pilot.press("escape")
        await pilot.pause()
        listing = app.query_one(ArticleList)
        await pilot.click(listing, offset=(20, 1))
        await pilot.pause()
        assert listing.cursor == 1
        assert reader.article.title == "Port Calder Ferry Crews Walk Out"


async def test_figure_picked_in_the_notes_becomes_the_current_span():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        notes = app.query_one(NotesPane)
        notes.focus()
        notes.highlighted = next(i for i in range(notes.option_count) if str(notes.get_option_at_index(i).prompt).startswith("11,000"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(ArticleView).current_span.text == "11,000"


async def test_h_cycles_highlight_kinds_and_is_remembered():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        reader = app.query_one(ArticleView)

        def coloured_labels() -> set[str]:
            labels = set()
            for widget in reader.query(".paragraph, .caption"):
                for span in widget.render()._spans:
                    style = str(span.style)
                    if style.startswith("$nr-"):
                        labels.add(style.split()[0][4:])
            return labels

        assert {"person", "place", "number", "quote"} <= coloured_labels()
        await pilot.press("h")
        assert app.main.mode == "entities" and "number" not in coloured_labels() and "person" in coloured_labels()
        await pilot.press("h")
        assert app.main.mode == "figures" and "person" not in coloured_labels() and "number" in coloured_labels()
        await pilot.press("h")
        assert app.main.mode == "off" and coloured_labels() == set()
        assert "highlights: off" in str(app.query_one(Legend).render())
        await pilot.press("enter", "right_square_bracket")  # nothing to jump to
        assert reader.current_span is None
        await pilot.press("h")
        assert app.main.mode == "all"
    assert Settings.load().get("highlights") == "all"


async def test_x_shows_the_removed_boilerplate_dimmed():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.query_one(ArticleView)
        assert not reader.query(".removed")
        await pilot.press("x")
        await pilot.pause()
        removed = [str(w.render()) for w in reader.query(".removed")]
        assert removed == ["Advertisement", "Share this article"]
        await pilot.press("x")
        await pilot.pause()
        assert not reader.query(".removed")


async def test_figures_ledger_lists_figures_and_exports_csv(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, LedgerScreen))
        table = app.screen.query_one(DataTable)
        await pilot.pause()
        assert table.row_count == 2
        first = [str(c) for c in table.get_row_at(0)]
        assert first[:3] == ["number", "3,000", "3,000"]
        assert "dispatched over 3,000 soldiers" in first[3]
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, SavePathScreen))
        target = tmp_path / "out" / "figures.csv"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: target.exists())
        rows = list(csv.reader(target.open(encoding="utf-8")))
        assert rows[0] == ["label", "text", "value", "sentence"]
        assert rows[1][:3] == ["number", "3,000", "3,000"]
        assert any("Wrote 2 figures" in str(n.message) for n in app._notifications)
        assert isinstance(app.screen, LedgerScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LedgerScreen)


async def test_ledger_export_defaults_to_the_data_folder():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, LedgerScreen))
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, SavePathScreen))
        default = app.screen.query_one(Input).value
        await pilot.press("enter")
        from pathlib import Path

        await wait_until(pilot, lambda: Path(default).exists())
        assert "xdg-data" in default


async def test_palette_finds_an_article_by_a_name_it_mentions_and_opens_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")  # away from the article we will look for
        await open_palette_and_type(app, pilot, "Fiona Tr", "Port Calder Ferry Crews Walk Out")
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).highlighted is not None)
        hits = palette_hits(app)
        assert any("Port Calder Ferry Crews Walk Out" in h and "names: Fiona Trask" in h for h in hits)
        await pilot.press("escape")
        await pilot.pause()
        await open_palette_and_type(app, pilot, "Kim Jong", "North Korea Sends Additional 3,000 Troops")
        command_list = app.screen.query_one(CommandList)
        index = next(i for i, h in enumerate(palette_hits(app)) if h.startswith("North Korea Sends"))
        command_list.highlighted = index
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        await pilot.pause()
        assert app.query_one(ArticleView).article.title == "North Korea Sends Additional 3,000 Troops"


async def test_palette_entity_hit_pivots():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_palette_and_type(app, pilot, "Vladimir", "Vladimir Putin  person")
        command_list = app.screen.query_one(CommandList)
        command_list.highlighted = next(i for i, h in enumerate(palette_hits(app)) if h.startswith("Vladimir Putin  person"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.list_state.entity == ("PERSON", "Vladimir Putin")


async def test_palette_commands_sort_and_switch_theme_which_is_remembered():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "newsreader-dark"
        await open_palette_and_type(app, pilot, "Sort: Title", "Sort: Title A–Z")
        command_list = app.screen.query_one(CommandList)
        command_list.highlighted = next(i for i, h in enumerate(palette_hits(app)) if h.startswith("Sort: Title"))
        await pilot.press("enter")
        await pilot.pause()
        assert [a.title for a in app.query_one(ArticleList).articles][0] == "North Korea Sends Additional 3,000 Troops"
        assert app.main.list_state.sort == "title"
        await open_palette_and_type(app, pilot, "theme light", "Theme: newsreader-light")
        command_list = app.screen.query_one(CommandList)
        command_list.highlighted = next(i for i, h in enumerate(palette_hits(app)) if "newsreader-light" in h)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "newsreader-light")
    saved = json.loads((config_dir() / "settings.json").read_text())
    assert saved["theme"] == "newsreader-light" and saved["sort"] == "title"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "newsreader-light"
        assert again.main.list_state.sort == "title"


async def test_theme_flag_wins_and_a_bad_theme_file_is_reported_and_skipped():
    user_themes = config_dir() / "themes"
    user_themes.mkdir(parents=True)
    (user_themes / "bad.toml").write_text('name = "bad"\nprimary = "not-a-colour"\nbackground = "#000"\nforeground="#fff"\n')
    app = make_app(theme="newsreader-light")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "newsreader-light"
        assert "bad" not in app.available_themes
        assert any("bad.toml" in str(n.message) for n in app._notifications)


async def test_help_lists_every_binding():
    app = make_app()
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = str(app.screen.query_one("#help-text", Static).render())
        for key in KEYS:
            assert key.help_text in text and key.shown_keys in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def test_every_binding_comes_from_the_keymap():
    from newsreader.app.screens.editors import (
        AnnotationEditor,
        ConfirmDiscard,
        NoteEditor,
        TagsEditor,
    )
    from newsreader.app.screens.ledger import LedgerScreen as Ledger

    declared = {(k.keys, k.action) for k in KEYS}
    editors = (NoteEditor, TagsEditor, AnnotationEditor, ConfirmDiscard)
    for owner in (NewsreaderApp, ArticleList, ArticleView, NotesPane, Ledger, SavePathScreen, HelpScreen, *editors):
        for binding in owner.BINDINGS:
            assert (binding.key, binding.action) in declared, (owner.__name__, binding)


async def test_o_opens_the_link_in_the_browser(monkeypatch):
    app = make_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        assert opened == ["https://example.com/north-korea-troops"]
        await pilot.press("j", "o")
        assert opened == ["https://example.com/north-korea-troops"]
        assert any("no link" in str(n.message) for n in app._notifications)


async def test_sort_key_cycles_the_order():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("S")
        assert app.main.list_state.sort == "oldest"
        assert app.query_one(ArticleList).articles[0].title == "Summit Talk Returns to Kim Jong Un"
