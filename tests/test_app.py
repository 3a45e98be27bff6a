"""The app shell driven with Pilot: opening, moving, the panes, safety with hostile text."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import HOSTILE, SEEDS
from test_app_fakes import BrokenEngine, FakeEngine, fixed_articles, settle, wait_until
from textual.widgets import Static

from newsreader.app.app import NewsreaderApp
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.app.widgets.notes_pane import NotesPane
from newsreader.core.ingest.loader import load_paths
from newsreader.core.ingest.scraped import parse_scraped
from newsreader.core.ingest.textfile import decode_text
from newsreader.core.settings import Settings


def seed_articles():
    loaded = load_paths([SEEDS])
    assert not loaded.problems
    return loaded.articles


def reader_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.query_one(ArticleView).query(Static))


def notes_text(app) -> str:
    notes = app.query_one(NotesPane)
    return "\n".join(str(notes.get_option_at_index(i).prompt) for i in range(notes.option_count))


def list_text(app) -> str:
    listing = app.query_one(ArticleList)
    return "\n".join(listing.render_line(y).text for y in range(listing.size.height))


async def test_opens_on_the_newest_article_and_moves_with_j_and_k():
    articles = seed_articles()
    app = NewsreaderApp(articles, engine=FakeEngine())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        assert listing.article_count == len(articles)
        assert listing.has_focus
        dated = [a.published for a in app.main.articles if a.published]
        aware = [d if d.tzinfo else d.replace(tzinfo=UTC) for d in dated]
        assert aware == sorted(aware, reverse=True)
        first = reader_text(app)
        assert app.main.articles[0].title in first
        await pilot.press("j")
        await pilot.pause()
        assert listing.cursor == 1
        assert app.main.articles[1].title in reader_text(app)
        await pilot.press("down", "up", "k")
        await pilot.pause()
        assert listing.cursor == 0
        assert reader_text(app) == first


async def test_enter_opens_marks_read_and_focuses_the_reader_tab_cycles_panes():
    settings = Settings(values={"mark_read_delay": 0.5})
    app = NewsreaderApp(fixed_articles(), engine=FakeEngine(), settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert list_text(app).splitlines()[0].startswith("●")
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(ArticleView).has_focus
        await wait_until(pilot, lambda: not list_text(app).splitlines()[0].startswith("●"))  # read after a moment
        assert list_text(app).splitlines()[1].startswith("●")
        await pilot.press("tab")
        assert app.query_one(NotesPane).has_focus
        await pilot.press("tab")
        assert app.query_one(ArticleList).has_focus
        await pilot.press("shift+tab")
        assert app.query_one(NotesPane).has_focus


async def test_list_rows_show_marker_date_title_and_outlet():
    app = NewsreaderApp(fixed_articles(), engine=FakeEngine())
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        first = list_text(app).splitlines()[0]
        assert "2025-03-27" in first and "North Korea Sends" in first and "One America" in first


async def test_reader_shows_header_captions_and_body_of_the_seed():
    articles = [a for a in seed_articles() if a.title.startswith("North Korea Sends")]
    app = NewsreaderApp(articles, engine=FakeEngine())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.query_one(ArticleView)
        assert len(view.query(".caption")) == len(articles[0].captions) == 2
        assert view.paragraph_count == len(articles[0].paragraphs)
        text = reader_text(app)
        assert all(p in text for p in articles[0].paragraphs)
        assert "One America News Network" in text and "James Meyers" in text
        assert "Getty Images" in text


async def test_notes_pane_groups_entities_with_counts_and_lists_figures():
    app = NewsreaderApp(fixed_articles(), engine=FakeEngine())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        notes = notes_text(app)
        assert "People (2)" in notes and "Places (1)" in notes
        assert "Kim Jong Un  ×3" in notes  # caption, body and quote sentence
        assert "Figures (2)" in notes and "3,000" in notes and "11,000" in notes


async def test_a_failing_engine_still_shows_the_text_and_says_why():
    app = NewsreaderApp(fixed_articles(), engine=BrokenEngine())
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        assert "North Korea Sends" in reader_text(app)
        assert "unavailable" in notes_text(app)
        assert any("Highlights are unavailable" in str(n.message) for n in app._notifications)


async def test_q_quits():
    app = NewsreaderApp(seed_articles(), engine=FakeEngine())
    async with app.run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


def hostile_article():
    raw = "\n".join(
        [HOSTILE[2] + " – " + HOSTILE[0], "", *(h + " and then the story went on for quite a few more words here." for h in HOSTILE)]
    )
    text, _, _ = decode_text(raw.encode())
    return parse_scraped(text)


async def test_hostile_article_text_is_shown_literally():
    article = hostile_article()
    # The fake engine "finds" the hostile strings as names, so they reach the notes and palette too.
    engine = FakeEngine(terms=[("[bold]x", "PERSON", "[bold]x"), ("Price [/] up", "ORG", "Price [/] up")])
    app = NewsreaderApp([article], problems=["bad.txt: [bold]not styled[/] [@click=app.quit]x[/]"], engine=engine)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        shown = reader_text(app)
        assert "[@click=app.quit]Read[/]" in shown
        assert "Price [/] up" in shown
        assert "[bold]x" in shown
        assert "\x1b" not in shown
        notes = notes_text(app)
        assert "[bold]x" in notes and "Price [/] up" in notes
        assert "[@click=app.qu" in list_text(app)  # the list is narrow: the title is cut
        assert app.is_running  # nothing ran app.quit
        (note,) = [n for n in app._notifications if "bad.txt" in str(n.message)]
        assert "[bold]not styled[/]" in str(note.message)
        # Clicking the title and every paragraph runs nothing.
        for widget in app.query_one(ArticleView).query(Static):
            await pilot.click(widget)
        await pilot.press("right_square_bracket", "enter")
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("slash")
        await pilot.press(*"bold")
        await wait_until(pilot, lambda: _palette_hits(app))
        assert any("[bold]x" in str(h) for h in _palette_hits(app))
        assert app.is_running
        screen = app.export_screenshot()
        assert "\x1b]52" not in screen and "\x1b[2J" not in screen


def _palette_hits(app):
    from textual.command import CommandList

    try:
        hits = app.screen.query_one(CommandList)
    except Exception:
        return []
    return [hits.get_option_at_index(i).prompt for i in range(hits.option_count)]


async def test_no_escape_sequence_reaches_the_terminal_output():
    article = hostile_article()
    app = NewsreaderApp([article], engine=FakeEngine())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for widget in app.query_one(ArticleView).query(Static):
            for strip in widget.render_lines(widget.region.reset_offset):
                for segment in strip:
                    assert "\x1b" not in segment.text and "\x07" not in segment.text


def test_articles_without_a_date_sort_last():
    undated = parse_scraped("Undated Story – Outlet\n\nA body line that is long enough to count as prose for the parser.\n")
    dated = parse_scraped("Dated Story – Outlet\n\nMarch 3, 2024\n\nA body line that is long enough to count as prose for the parser.\n")
    app = NewsreaderApp([undated, dated], engine=FakeEngine())
    assert [a.title for a in app.main.articles] == ["Dated Story", "Undated Story"]
    assert dated.published == datetime(2024, 3, 3)
