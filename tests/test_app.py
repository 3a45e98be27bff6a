"""The app shell driven with Pilot."""

from __future__ import annotations

from datetime import datetime, timezone

from conftest import HOSTILE, SEEDS
from textual.widgets import Static

from newsreader.app.app import NewsreaderApp
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.core.ingest.loader import load_paths
from newsreader.core.ingest.scraped import parse_scraped
from newsreader.core.ingest.textfile import decode_text


def seed_articles():
    loaded = load_paths([SEEDS])
    assert not loaded.problems
    return loaded.articles


def reader_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.query_one(ArticleView).query(Static))


async def test_opens_on_the_newest_article_and_moves_with_j_and_k():
    articles = seed_articles()
    app = NewsreaderApp(articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        listing = app.query_one(ArticleList)
        assert listing.option_count == len(articles)
        assert listing.has_focus
        dated = [a.published for a in app.articles if a.published]
        aware = [d if d.tzinfo else d.replace(tzinfo=timezone.utc) for d in dated]
        assert aware == sorted(aware, reverse=True)
        first = reader_text(app)
        assert app.articles[0].title in first
        await pilot.press("j")
        await pilot.pause()
        assert listing.highlighted == 1
        assert app.articles[1].title in reader_text(app)
        await pilot.press("k")
        await pilot.pause()
        assert listing.highlighted == 0
        assert reader_text(app) == first


async def test_reader_shows_header_captions_and_body_of_the_seed():
    articles = [a for a in seed_articles() if a.title.startswith("North Korea Sends")]
    app = NewsreaderApp(articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert len(view.query(".caption")) == 2
        assert len(view.query(".paragraph")) == 13
        text = reader_text(app)
        assert "One America News Network" in text and "James Meyers" in text
        assert "Getty Images" in text


async def test_q_quits():
    app = NewsreaderApp(seed_articles())
    async with app.run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_hostile_article_text_is_shown_literally():
    raw = "\n".join([HOSTILE[2] + " – " + HOSTILE[0], "", *(h + " and then the story went on for quite a few more words here." for h in HOSTILE)])
    text, _, _ = decode_text(raw.encode())
    article = parse_scraped(text)
    app = NewsreaderApp([article], problems=["bad.txt: [bold]not styled[/] [@click=app.quit]x[/]"])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        shown = reader_text(app)
        assert "[@click=app.quit]Read[/]" in shown
        assert "Price [/] up" in shown
        assert "[bold]x" in shown
        assert "\x1b" not in shown
        assert app.is_running  # nothing ran app.quit
        (note,) = list(app._notifications)
        assert "[bold]not styled[/]" in str(note.message)


def test_articles_without_a_date_sort_last():
    undated = parse_scraped("Undated Story – Outlet\n\nA body line that is long enough to count as prose for the parser.\n")
    dated = parse_scraped("Dated Story – Outlet\n\nMarch 3, 2024\n\nA body line that is long enough to count as prose for the parser.\n")
    app = NewsreaderApp([undated, dated])
    assert [a.title for a in app.articles] == ["Dated Story", "Undated Story"]
    assert dated.published == datetime(2024, 3, 3)
