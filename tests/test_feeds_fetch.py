"""Fetching and refreshing feeds against a local HTTP server on 127.0.0.1 (no other address)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from feed_server import FeedServer, rss

from newsreader.core.errors import InputError
from newsreader.core.feeds.fetch import FetchError, check_url, fetch
from newsreader.core.feeds.refresh import STATE_NAME, feed_folder, refresh_feeds
from newsreader.core.feeds.subscriptions import Subscription
from newsreader.core.ingest.loader import load_paths
from newsreader.core.paths import feeds_dir

LAST_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"
LONG_PARAGRAPH = ("The harbour board met on Tuesday evening and agreed, after a long debate about the cost of "
                  "dredging the inner basin, to raise berthing fees for the first time in four years.")


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def server():
    srv = FeedServer().start()
    yield srv
    srv.stop()


def page(title: str, paragraphs: int = 8) -> str:
    body = "".join(f"<p>{LONG_PARAGRAPH} Paragraph {i}.</p>" for i in range(paragraphs))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def wire(server: FeedServer, n: int = 3, *, summary_links: bool = False) -> str:
    items = []
    for i in range(n):
        link = server.url(f"/story/{i}") if summary_links else f"https://wire.example/story/{i}"
        items.append({"title": f"Story {i}", "link": link, "guid": link,
                      "pubDate": f"Thu, 0{i + 1} May 2024 10:00:00 GMT", "description": f"Summary {i}."})
    return rss("Test Wire", items)


# -- fetch --------------------------------------------------------------------------------


def test_fetch_ok_then_304_with_etag_and_last_modified(server):
    url = server.route("/feed.xml", wire(server), etag='"v1"', last_modified=LAST_MODIFIED)
    first = fetch(url)
    assert first.status == 200 and first.etag == '"v1"' and first.last_modified == LAST_MODIFIED
    assert b"Test Wire" in first.data
    assert fetch(url, etag='"v1"').not_modified
    assert fetch(url, last_modified=LAST_MODIFIED).not_modified
    assert server.requests[1]["if-none-match"] == '"v1"'
    assert server.requests[2]["if-modified-since"] == LAST_MODIFIED
    assert "newsreader/" in server.requests[0]["user-agent"]


def test_gzip_is_decoded(server):
    url = server.route("/gz.xml", wire(server), gzip=True)
    got = fetch(url)
    assert got.data.startswith(b"<?xml") and b"Story 2" in got.data
    assert "gzip" in server.requests[0]["accept-encoding"]


def test_slow_server_times_out(server):
    url = server.route("/slow", wire(server), delay=5)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out: nothing received for 0\.3 s \(the step timeout\)$"):
        fetch(url, timeout=0.3)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("status, text", [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
def test_http_errors(server, status, text):
    url = server.route(f"/e{status}", "no", status=status)
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert str(caught.value) == f"{url}: {text}"


def test_redirects_are_followed_and_loops_and_bad_schemes_refused(server):
    target = server.route("/feed.xml", wire(server))
    server.route("/moved", location="/feed.xml", status=301)
    got = fetch(server.url("/moved"))
    assert got.url == target and b"Story 0" in got.data
    server.route("/a", location="/b")
    server.route("/b", location="/a")
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(server.url("/a"))
    for i in range(8):
        server.route(f"/hop{i}", location=f"/hop{i + 1}")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(server.url("/hop0"))
    server.route("/to-file", location="file:///etc/passwd")
    with pytest.raises(FetchError, match="redirect refused.*file:"):
        fetch(server.url("/to-file"))


def test_huge_body_is_cut_at_the_cap_while_streaming(server):
    url = server.route("/huge", stream_bytes=5_000_000)
    with pytest.raises(FetchError, match="over the 97 KB limit"):
        fetch(url, max_bytes=100_000)
    declared = server.route("/declared", "x" * 300_000)
    with pytest.raises(FetchError, match="response is 292 KB, over the 97 KB limit"):
        fetch(declared, max_bytes=100_000)


def test_gzip_bomb_is_cut_at_the_cap_after_decoding(server):
    url = server.route("/bomb.xml", b"<rss>" + b" " * 5_000_000, gzip=True)
    with pytest.raises(FetchError, match="over the"):
        fetch(url, max_bytes=200_000)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://x.example/f", "data:,x",
                                 "feed.example/rss", "http://", "http://x:99999/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(InputError):
        check_url(url)
    with pytest.raises(InputError):
        fetch(url)


# -- refresh ------------------------------------------------------------------------------


def test_refresh_stores_articles_as_files_that_load_like_any_other(server):
    url = server.route("/feed.xml", wire(server), etag='"v1"', last_modified=LAST_MODIFIED)
    seen: list[tuple[str, int, int]] = []
    report = refresh_feeds([Subscription(url, tags=("local",))],
                           progress=lambda r, done, total: seen.append((r.summary(), done, total)))
    (result,) = report.results
    assert seen == [("3 new", 1, 1)]
    assert result.status == "ok" and result.new == 3 and result.entries == 3 and result.title == "Test Wire"
    assert result.folder == feed_folder(url) and result.folder.parent == feeds_dir()
    assert sorted(p.name for p in report.written) == sorted(p.name for p in result.folder.glob("*.md"))
    state = json.loads((result.folder / STATE_NAME).read_text())
    assert state["etag"] == '"v1"' and state["last_modified"] == LAST_MODIFIED
    loaded = load_paths([feeds_dir()])
    assert sorted(a.title for a in loaded.articles) == ["Story 0", "Story 1", "Story 2"]
    assert not loaded.problems and not loaded.skipped
    story = next(a for a in loaded.articles if a.title == "Story 1")
    assert story.url == "https://wire.example/story/1" and story.outlet == "Test Wire"
    assert story.tags == ("local",) and story.paragraphs == ("Summary 1.",)
    assert story.published is not None and story.published.day == 2


def test_second_refresh_is_not_modified_and_a_changed_feed_only_writes_what_changed(server):
    url = server.route("/feed.xml", wire(server), etag='"v1"')
    sub = Subscription(url)
    refresh_feeds([sub])
    again = refresh_feeds([sub]).results[0]
    assert again.status == "not-modified" and again.summary() == "not modified"
    assert server.requests[-1]["if-none-match"] == '"v1"'
    changed = wire(server, 4).replace("Summary 0.", "Summary 0, corrected.")
    server.route("/feed.xml", changed, etag='"v2"')
    third = refresh_feeds([sub]).results[0]
    assert (third.status, third.new, third.updated) == ("ok", 1, 1)
    assert third.summary() == "1 new, 1 updated"
    server.route("/feed.xml", changed)  # no validators at all: fetched in full, nothing written
    fourth = refresh_feeds([sub]).results[0]
    assert (fourth.status, fourth.new, fourth.updated, fourth.written) == ("ok", 0, 0, ())
    assert fourth.summary() == "no new items"


def test_one_feed_failing_does_not_stop_the_others(server):
    good = server.route("/good.xml", wire(server))
    gz = server.route("/gz.xml", wire(server, 2).replace("Story", "Zipped"), gzip=True)
    subs = [Subscription(server.url("/missing")), Subscription(server.route("/err", "x", status=500)),
            Subscription(server.route("/slow", wire(server), delay=5)), Subscription(good),
            Subscription(server.route("/notfeed", "<html><body>hello</body></html>")), Subscription(gz),
            Subscription(server.route("/bomb", (
                '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                '<rss version="2.0"><channel><title>&b;</title></channel></rss>')))]
    done: list[int] = []
    report = refresh_feeds(subs, timeout=0.5, workers=3, progress=lambda r, d, t: done.append(d))
    assert done == list(range(1, 8))
    by_url = {r.url: r for r in report.results}
    assert by_url[subs[0].url].error == "HTTP 404 Not Found"
    assert by_url[subs[1].url].error == "HTTP 500 Internal Server Error"
    assert by_url[subs[2].url].error == "timed out: nothing received for 0.5 s (the step timeout)"
    assert "not an RSS, Atom or JSON feed" in by_url[subs[4].url].error
    assert "declares XML entities" in by_url[subs[6].url].error
    assert by_url[good].new == 3 and by_url[gz].new == 2
    assert len(report.errors) == 5 and report.new == 5


def test_full_text_is_fetched_for_summaries_when_the_feed_asks(server):
    for i in range(3):
        server.route(f"/story/{i}", page(f"Story {i}"), headers={"Content-Type": "text/html; charset=utf-8"})
    server.routes.pop("/story/2")  # one page is missing: its summary is kept, with a warning
    url = server.route("/feed.xml", wire(server, summary_links=True))
    report = refresh_feeds([Subscription(url, full_text=True)])
    (result,) = report.results
    assert result.new == 3
    assert len(result.warnings) == 1 and "HTTP 404" in result.warnings[0]
    articles = {a.title: a for a in load_paths([feeds_dir()]).articles}
    assert len(articles["Story 0"].paragraphs) == 8 and articles["Story 0"].paragraphs[0].startswith("The harbour")
    assert articles["Story 2"].paragraphs == ("Summary 2.",)
    hits = dict(server.hits)
    # Unchanged entries with their full text are not fetched again; the missing page is retried.
    refresh_feeds([Subscription(url, full_text=True)])
    assert server.hits["/story/0"] == hits["/story/0"] == 1
    assert server.hits["/story/2"] == 2


def test_without_full_text_pages_are_never_fetched(server):
    url = server.route("/feed.xml", wire(server, summary_links=True))
    refresh_feeds([Subscription(url)])
    assert not any(path.startswith("/story/") for path in server.hits)


def test_progress_and_stop(server):
    subs = [Subscription(server.route(f"/f{i}.xml", wire(server, 1), delay=0.2)) for i in range(6)]
    report = refresh_feeds(subs, workers=1, should_stop=lambda: len(server.hits) >= 2)
    assert report.stopped and 1 <= len(report.results) < 6


def test_a_second_refresh_at_the_same_time_is_refused(server):
    url = server.route("/slow.xml", wire(server), delay=1.0)
    errors: list[Exception] = []
    first = threading.Thread(target=lambda: refresh_feeds([Subscription(url)]))
    first.start()
    try:
        assert _wait(lambda: server.hits["/slow.xml"] >= 1)
        try:
            refresh_feeds([Subscription(server.route("/other.xml", wire(server)))])
        except InputError as exc:
            errors.append(exc)
    finally:
        first.join(timeout=10)
    assert errors and "another refresh is running" in str(errors[0])


def test_nothing_to_refresh():
    assert refresh_feeds([]).results == []


def _wait(predicate, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_reading_a_feed_never_fetches_its_dtd_or_entities(server):
    from newsreader.core.ingest.feeds import parse_feed

    dtd = server.route("/rss.dtd", '<!ENTITY x "boom">')
    items = '<item><title>One</title><link>https://x.example/1</link></item>'
    plain = f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{dtd}"><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    assert [a.title for a in parse_feed(plain.encode()).articles] == ["One"]
    external = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{dtd}">]>'
                f'<rss version="2.0"><channel><title>&x;</title>{items}</channel></rss>')
    with pytest.raises(InputError, match="declares XML entities"):
        parse_feed(external.encode())
    assert server.hits["/rss.dtd"] == 0


def test_every_connection_pool_of_a_client_reads_under_the_deadline(monkeypatch):
    # The deadline over headers rests on a network backend put under httpx's pools; an httpx
    # that keeps them elsewhere must fail here, not let slow headers through again.
    from newsreader.core.feeds.fetch import _govern, make_client

    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # a proxy mount: a second pool
    client = make_client(1.0)
    try:
        pools = [t._pool for t in (client._transport, *client._mounts.values()) if t is not None]
        assert len(pools) == 2 and all(getattr(p._network_backend, "governed", False) for p in pools)
        assert _govern(client) == 2  # and doing it again wraps nothing twice
        assert not hasattr(pools[0]._network_backend._inner, "governed")
    finally:
        client.close()


def test_a_connection_kept_alive_reads_under_the_next_fetch_deadline(server):
    from newsreader.core.feeds.fetch import make_client

    url = server.route("/feed.xml", wire(server))
    client = make_client(0.5)
    try:
        assert fetch(url, client=client).status == 200  # the connection stays in the pool
        slow = server.route("/slow-headers", slow_headers=0.1)
        started = time.monotonic()
        with pytest.raises(FetchError, match="the whole fetch took over 5.5 s"):
            fetch(slow, client=client, timeout=0.5)
        assert time.monotonic() - started < 7
    finally:
        client.close()
