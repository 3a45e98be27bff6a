"""The app over a catalog: the list reads pages lazily, syncs in the background, mirrors state."""

from __future__ import annotations

import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
from test_app_fakes import FakeEngine, wait_until

from newsreader.app.app import NewsreaderApp
from newsreader.app.widgets.article_list import ArticleList
from newsreader.app.widgets.article_view import ArticleView
from newsreader.core.catalog import Catalog
from newsreader.core.catalog import sync as sync_module
from newsreader.core.library.rows import PAGE_SIZE, CatalogRows
from newsreader.core.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import make_library

SIZE = (130, 34)
COUNT = 300


@pytest.fixture(scope="module")
def library_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("library")
    make_library.main([str(COUNT), str(folder), "--jobs", "1"])
    return folder


@pytest.fixture(scope="module")
def synced_file(library_files, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("catalog") / "catalog.sqlite3"
    catalog, _ = Catalog.open(path)
    catalog.sync([library_files])
    catalog.close()
    return path


@pytest.fixture
def synced(synced_file, tmp_path):
    """A warm catalog of the generated library (synced before the app starts)."""
    copy = tmp_path / "catalog.sqlite3"
    shutil.copyfile(synced_file, copy)
    catalog, _ = Catalog.open(copy)
    yield catalog
    catalog.close()


@pytest.fixture
def gate(monkeypatch) -> threading.Event:
    """Holds a sync after its first files until set (or until the sync is told to stop)."""
    opened = threading.Event()
    original = sync_module._parsed

    def parsed(paths, workers, should_stop):
        for n, item in enumerate(original(paths, workers, should_stop)):
            if n == 20:
                while not opened.wait(0.02) and not should_stop():
                    pass
            yield item

    monkeypatch.setattr(sync_module, "_parsed", parsed)
    return opened


def make_app(catalog, paths, **kwargs) -> NewsreaderApp:
    settings = Settings(values={"mark_read_delay": None})
    return NewsreaderApp((), engine=FakeEngine(), settings=settings, catalog=catalog, library_paths=paths, **kwargs)


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def shown_rows(listing: ArticleList) -> str:
    return "\n".join(listing.render_line(y).text for y in range(listing.size.height))


async def test_the_list_reads_pages_from_the_catalog(synced, library_files):
    app = make_app(synced, [library_files])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        assert isinstance(listing.source, CatalogRows)
        total = synced.count()
        assert listing.article_count == total and total >= COUNT - 10
        assert f"Articles ({total:,})" in str(listing.border_title)
        assert listing.source.pages_kept == 1  # only the first page was read
        first = synced.rows(None, "newest", 0, 1)[0]
        assert first.title[:14] in shown_rows(listing)
        await pilot.press("G")
        await pilot.pause()
        assert listing.cursor == total - 1
        last = synced.rows(None, "newest", total - 1, 1)[0]
        assert listing.current.id == last.id
        assert last.title[:14] in shown_rows(listing)
        assert listing.source.pages_kept <= 3  # the first, the last, never all of them
        await settle(app, pilot)
        assert app.main.current_article is not None and app.main.current_article.id == last.id
        assert app.query_one(ArticleView).article.title == last.title


async def test_a_cold_catalog_fills_while_the_app_runs(library_files, tmp_path, gate):
    catalog, _ = Catalog.open(tmp_path / "cold.sqlite3")
    app = make_app(catalog, [library_files])
    async with app.run_test(size=SIZE) as pilot:
        listing = app.query_one(ArticleList)
        # held after 21 files, so the title must come to say it is syncing
        await wait_until(pilot, lambda: "syncing" in str(listing.border_title), timeout=60)
        gate.set()
        await settle(app, pilot)
        assert listing.article_count == catalog.count() >= COUNT - 10
        assert "syncing" not in str(listing.border_title)
        assert app.main.current_article is not None  # the first row is shown once it arrives
    catalog.close()


async def test_quitting_stops_the_background_sync(library_files, tmp_path, gate):
    catalog, _ = Catalog.open(tmp_path / "cold.sqlite3")
    app = make_app(catalog, [library_files])
    async with app.run_test(size=SIZE) as pilot:
        listing = app.query_one(ArticleList)
        await wait_until(pilot, lambda: "syncing" in str(listing.border_title), timeout=60)
        await pilot.press("q")
    began = time.monotonic()
    assert catalog._write_lock.acquire(timeout=5)  # the sync let go of the catalog
    catalog._write_lock.release()
    assert time.monotonic() - began < 2
    assert catalog.count() < COUNT - 10  # it stopped part way
    catalog.close()


async def test_a_rebuild_notice_is_a_notification(library_files, tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database [bold]markup[/bold]" * 100)
    catalog, notice = Catalog.open(path)
    assert notice
    app = make_app(catalog, [library_files])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("rebuilt" in m for m in messages), messages
        await settle(app, pilot)
    catalog.close()


async def test_a_star_is_mirrored_for_searching(synced, library_files):
    app = make_app(synced, [library_files])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        starred = app.main.current_article
        await pilot.press("s")
        app.library.wait_marks(5)
        assert [r.id for r in synced.rows("is:starred")] == [starred.id]
        await pilot.press("j", "m")
        app.library.wait_marks(5)
        second = app.main.current_article
        assert second.id != starred.id
        assert second.id in synced.ids("is:read")


async def test_the_entity_pivot_reads_the_catalog(synced, library_files):
    synced.analyse(engine=FakeEngine(make_library_terms(synced)))
    app = make_app(synced, [library_files])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        ref = synced.entities(limit=1)[0]
        app.main.pivot(ref.label, ref.name)
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        expected = synced.entity_index(ref.label, ref.name)
        assert listing.article_count == len(expected) > 0
        assert [listing.source.get(i).id for i in range(len(expected))] == expected
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.list_state.entity is None and listing.article_count == synced.count()


def make_library_terms(catalog) -> tuple:
    """Fake-engine terms: a word every generated article's outlet has is no use; use titles."""
    words = [r.title.split()[0] for r in catalog.rows(None, "newest", 0, 20)]
    return tuple((w, "PERSON", w) for w in dict.fromkeys(words) if len(w) > 3)[:3]


# -- refreshing feeds ---------------------------------------------------------------------


@pytest.fixture
def feed_server():
    from feed_server import FeedServer

    server = FeedServer().start()
    yield server
    server.stop()


async def test_refresh_with_no_subscriptions_says_how_to_add_one(synced, library_files):
    app = make_app(synced, [library_files])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("newsreader feeds add URL" in m for m in messages), messages


async def test_refresh_shows_progress_and_results_then_lists_the_new_articles(feed_server, tmp_path):
    from feed_server import rss

    from newsreader.app.widgets.refresh_bar import RefreshBar
    from newsreader.core.catalog import default_library
    from newsreader.core.feeds.subscriptions import add_subscription

    good = feed_server.route("/good.xml", rss("Good [b]Wire[/b]", [
        {"title": "Ferry crews walk out [red]now[/red]", "link": "https://wire.example/ferry",
         "description": "The crews walked out at dawn over pay and hours, the union said on Monday."},
        {"title": "Comet seen over the harbour", "link": "https://wire.example/comet",
         "description": "Astronomers saw the comet on Sunday night from the harbour wall."},
    ]))
    add_subscription(good)
    add_subscription(feed_server.url("/gone.xml"))
    catalog, _ = Catalog.open(tmp_path / "default.sqlite3")
    app = make_app(catalog, default_library(), default_library=True)
    advanced: list[tuple[int, int]] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        before = app.query_one(ArticleList).article_count
        bar = app.query_one(RefreshBar)
        original = bar.advance
        bar.advance = lambda done, total, result: (advanced.append((done, total)), original(done, total, result))[1]
        started = bar.start
        bar.start = lambda total: (advanced.append((0, total)), started(total))[1]
        await pilot.press("r")
        for _ in range(100):
            await pilot.pause(0.05)
            if not bar.has_class("-running"):
                break
        await settle(app, pilot)
        assert advanced == [(0, 2), (1, 2), (2, 2)]  # the progress bar moved as each feed finished
        assert not bar.has_class("-running")
        messages = [str(n.message) for n in app._notifications]
        result = next(m for m in messages if m.startswith("2 feeds"))
        assert "2 new items, 1 error" in result
        assert "Good [b]Wire[/b]" in result and "HTTP 404" in result
        listing = app.query_one(ArticleList)
        assert listing.article_count == before + 2
        assert "Ferry crews walk out [red]now[/red]" in [r.title for r in listing.articles]
    catalog.close()


async def test_a_new_list_keeps_the_row_far_down_found_off_the_ui_thread(synced, library_files):
    app = make_app(synced, [library_files])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.query_one(ArticleList)
        await pilot.press("G")
        await settle(app, pilot)
        last = listing.current.id
        assert listing.cursor > PAGE_SIZE
        await pilot.press("u")  # unread only: every row still listed, a new row source
        await settle(app, pilot)
        assert listing.cursor == listing.article_count - 1 and listing.current.id == last
        assert app.main.current_article.id == last  # the reader never left it
