"""The search box and saved searches, over a catalog and over articles in memory."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_app_fakes import FakeEngine, fixed_articles
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widgets import Input

from newsreader.app.app import NewsreaderApp
from newsreader.app.messages import SearchChanged
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.search_bar import SearchBar
from newsreader.core.catalog import Catalog
from newsreader.core.library.saved_searches import add_saved_search, load_saved_searches
from newsreader.core.settings import Settings

SIZE = (240, 36)
NEVER = {"mark_read_delay": None}
HOSTILE_TITLES = [
    "Harbour [bold]strike[/bold] ends",
    "Harbour [@click=app.quit]vote[/] held",
    "Harbour \x1b[2J clear screen",
    "Harbour \u202eevil\u202c bidi",
]


def md(title: str, body: str, date: str) -> str:
    return f"---\ntitle: \"{title}\"\ndate: {date}\noutlet: Test Wire\n---\n\n{body}\n"


@pytest.fixture
def library(tmp_path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    bodies = [
        ("Ferry crews walk out in Port Calder", "The ferry crews of Port Calder walked out over pay.", "2024-05-01"),
        ("Council votes on the harbour budget", "The council voted on the harbour budget after a long night.", "2024-05-02"),
        ("Rain delays the marathon", "Heavy rain delayed the city marathon by an hour.", "2024-05-03"),
        ("Port Calder ferry talks resume", "Talks between the ferry company and crews resumed.", "2024-05-04"),
    ]
    for i, (title, body, date) in enumerate(bodies):
        (folder / f"{i}.md").write_text(md(title, body + " " + "More words follow here. " * 10, date), encoding="utf-8")
    for i, title in enumerate(HOSTILE_TITLES):
        safe = title.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\e")
        (folder / f"h{i}.md").write_text(
            "---\ntitle: \"" + safe + "\"\ndate: 2024-04-0" + str(i + 1) + "\n---\n\nA harbour story with enough words in it to be read as prose.\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture
def catalog(library, tmp_path):
    cat, _ = Catalog.open(tmp_path / "catalog.sqlite3")
    cat.sync([library])
    yield cat
    cat.close()


def make_app(catalog, library) -> NewsreaderApp:
    return NewsreaderApp((), engine=FakeEngine(), settings=Settings(values=dict(NEVER)),
                         catalog=catalog, library_paths=[library])


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition never became true")
        await pilot.pause(0.05)


async def search(app, pilot, text: str) -> None:
    if not app.query_one(SearchBar).is_open:
        await pilot.press("ctrl+f")
    box = app.query_one("#search-input", Input)
    box.value = text
    await pilot.pause(0.3)  # the debounce
    await settle(app, pilot)


def titles(app) -> list[str]:
    return [row.title for row in app.query_one(ArticleList).articles]


def marked_words(listing: ArticleList) -> list[str]:
    """The text drawn underlined (the search's marks) on the visible rows."""
    found = []
    for y in range(listing.size.height):
        for segment in listing.render_line(y):
            if segment.style is not None and segment.style.underline:
                found.append(segment.text)
    return found


async def test_typing_a_query_narrows_the_list_and_marks_the_words(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        everything = listing.article_count
        assert everything == 8
        await pilot.press("ctrl+f")
        assert app.query_one("#search-input", Input).has_focus
        for key in "ferry":
            await pilot.press(key)
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert sorted(titles(app)) == ["Ferry crews walk out in Port Calder", "Port Calder ferry talks resume"]
        assert "ferry" in str(listing.border_title) and "(2)" in str(listing.border_title)
        assert [w.casefold() for w in marked_words(listing)] == ["ferry", "ferry"]
        await pilot.press("enter")
        assert listing.has_focus
        await search(app, pilot, '"port calder" -talks')
        assert titles(app) == ["Ferry crews walk out in Port Calder"]
        assert [w.casefold() for w in marked_words(listing)] == ["port calder"]
        await search(app, pilot, "harbour after:2024-05-01")
        assert titles(app) == ["Council votes on the harbour budget"]


async def test_a_bad_query_shows_its_error_under_the_box_and_keeps_the_list(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "ferry")
        before = titles(app)
        await search(app, pilot, 'ferry "port')
        error = app.query_one("#search-error")
        assert error.display and "unbalanced quote" in str(error.render())
        line = str(error.render())
        assert line.index("^") == 2 + len('ferry ')  # the caret under the quote
        assert titles(app) == before
        await search(app, pilot, "ferry is:maybe")
        assert "is:" in str(app.query_one("#search-error").render())
        await search(app, pilot, "rain")
        assert not app.query_one("#search-error").display
        assert titles(app) == ["Rain delays the marathon"]


async def test_escape_clears_the_search_and_restores_the_list(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "marathon")
        assert app.query_one(ArticleList).article_count == 1
        await pilot.press("escape")
        await settle(app, pilot)
        assert not app.query_one(SearchBar).is_open
        assert app.main.list_state.query is None
        assert app.query_one(ArticleList).article_count == 8
        assert app.query_one(ArticleList).has_focus
        assert "Articles (8)" in str(app.query_one(ArticleList).border_title)


async def test_an_article_opened_from_the_palette_clears_a_search_that_hides_it(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "rain")
        hidden = next(r for r in catalog.rows(None, "newest", 0, 50) if r.title.startswith("Council"))
        app.main.open_article_id(hidden.id)
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        assert app.main.list_state.query is None and listing.article_count == 8
        assert listing.current.id == hidden.id and app.main.current_article.id == hidden.id
        await search(app, pilot, "harbour")  # listed: the cursor moves to it, the search stays
        listed = next(r for r in catalog.rows("harbour", None, 0, 50) if r.title.startswith("Council"))
        app.main.open_article_id(listed.id)
        await settle(app, pilot)
        assert app.main.list_state.query is not None and listing.current.id == listed.id


async def test_the_newest_search_wins(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        bar = app.query_one(SearchBar)
        for text in ("ferry", "rain", "council"):
            bar.post_message(SearchChanged(text))
        await settle(app, pilot)
        assert titles(app) == ["Council votes on the harbour budget"]


async def test_a_star_then_is_starred_finds_it(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        starred = app.main.current_article
        await pilot.press("s")
        await search(app, pilot, "is:starred")
        assert [r.id for r in app.query_one(ArticleList).articles] == [starred.id]
        await pilot.press("escape")
        await pilot.press("t")
        await pilot.pause()
        for key in "docks":
            await pilot.press(key)
        await pilot.press("enter")
        await settle(app, pilot)
        await search(app, pilot, "tag:docks")
        assert [r.id for r in app.query_one(ArticleList).articles] == [starred.id]


async def test_hostile_titles_in_results_are_drawn_as_text(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=(200, 36)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "harbour")
        listing = app.query_one(ArticleList)
        drawn = "\n".join(listing.render_line(y).text for y in range(listing.size.height))
        assert "[bold]strike[/bold]" in drawn
        assert "[@click=app.quit]vote[/]" in drawn
        assert "\x1b" not in drawn and "\u202e" not in drawn
        assert all(w.casefold() == "harbour" for w in marked_words(listing))
        assert app.is_running


def palette_hits(app) -> list[str]:
    if not isinstance(app.screen, CommandPalette):
        return []
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def choose_in_palette(app, pilot, text: str, expect: str) -> None:
    await pilot.press("slash")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    app.screen.query_one(Input).value = text
    await wait_until(pilot, lambda: any(expect in h for h in palette_hits(app)))
    hits = app.screen.query_one(CommandList)
    hits.highlighted = next(i for i, h in enumerate(palette_hits(app)) if expect in h)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_saved_search_runs_from_the_palette_and_titles_the_list(catalog, library):
    add_saved_search("Calder ferries", '"port calder" ferry')
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await choose_in_palette(app, pilot, "Calder ferries", "Saved search: Calder ferries")
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        assert sorted(titles(app)) == ["Ferry crews walk out in Port Calder", "Port Calder ferry talks resume"]
        assert "Calder ferries" in str(listing.border_title)
        assert app.query_one("#search-input", Input).value == '"port calder" ferry'


async def test_save_this_search_from_the_palette(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "marathon")
        await pilot.press("enter")
        await choose_in_palette(app, pilot, "Save this search", "Save this search")
        await wait_until(pilot, lambda: app.screen.query("#name"))
        app.screen.query_one("#name", Input).value = "Races [b]x[/b]"
        await pilot.press("enter")
        await pilot.pause()
        saved, _ = load_saved_searches()
        assert [(s.name, s.query) for s in saved] == [("Races [b]x[/b]", "marathon")]
        title = Content.from_markup(app.query_one(ArticleList).border_title).plain  # as drawn
        assert "Races [b]x[/b]" in title


async def test_search_over_articles_in_memory():
    app = NewsreaderApp(fixed_articles(), engine=FakeEngine(), settings=Settings(values=dict(NEVER)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        everything = app.query_one(ArticleList).article_count
        await search(app, pilot, "ferry")
        assert titles(app) == ["Port Calder Ferry Crews Walk Out"]
        assert [w.casefold() for w in marked_words(app.query_one(ArticleList))] == ["ferry"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.query_one(ArticleList).article_count == everything


async def test_the_palette_finds_articles_and_names_in_the_catalog(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await choose_in_palette(app, pilot, "marathon", "Rain delays the marathon")
        await settle(app, pilot)
        assert app.main.current_article.title == "Rain delays the marathon"
        assert app.query_one(ArticleList).current.title == "Rain delays the marathon"
        # The fake engine names "Port Calder" a place; the background analysis indexed it.
        await choose_in_palette(app, pilot, "Port Cal", "Port Calder  place")
        await settle(app, pilot)
        assert app.main.list_state.entity == ("PLACE", "Port Calder")
        expected = catalog.entity_index("PLACE", "Port Calder")
        assert expected and [r.id for r in app.query_one(ArticleList).articles] == expected


async def test_palette_hits_from_hostile_titles_are_plain_text(catalog, library):
    app = make_app(catalog, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "harbour"
        await wait_until(pilot, lambda: any("strike" in h for h in palette_hits(app)))
        prompts = [app.screen.query_one(CommandList).get_option_at_index(i).prompt
                   for i in range(app.screen.query_one(CommandList).option_count)]
        plain = [p.plain for p in prompts if isinstance(p, Content)]
        assert any("[bold]strike[/bold]" in p for p in plain)
        assert any("[@click=app.quit]vote[/]" in p for p in plain)
        assert app.is_running
