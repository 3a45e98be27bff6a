"""Network faults against the loopback test server (127.0.0.1 only): refused connections, a reset
part way through the body, a body that trickles for ever, the wrong content type, ten thousand
redirects; and hostile feeds fetched by a refresh. Each feed's error is one clear line and the
other feeds go on."""

from __future__ import annotations

import re
import socket
import time

import pytest
from feed_server import FeedServer, rss
from hostile import PAYLOADS, write_corpus

from newsreader.cli import main
from newsreader.core.feeds.fetch import FetchError, fetch
from newsreader.core.feeds.refresh import refresh_feeds
from newsreader.core.feeds.subscriptions import Subscription
from newsreader.core.ingest.loader import load_paths
from newsreader.core.paths import feeds_dir
from newsreader.core.sanitize import is_clean

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


FEED = rss("Harbour Wire", [{"title": f"Story {i}", "link": f"https://wire.example/{i}", "description": "Text."}
                            for i in range(3)])


def test_refused_connection():
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"
    with pytest.raises(FetchError, match=r"^http://127\.0\.0\.1:\d+/feed\.xml: cannot connect \(.*refused.*\)$"):
        fetch(url, timeout=2)


def test_reset_in_the_middle_of_the_body(server):
    url = server.route("/reset.xml", FEED * 20, reset_after=500)
    with pytest.raises(FetchError) as caught:
        fetch(url, timeout=2)
    assert str(caught.value).startswith(f"{url}: network error: ")
    assert "\n" not in str(caught.value)


def test_an_endless_slow_body_stops_at_the_deadline(server):
    url = server.route("/trickle.xml", FEED, trickle=0.05)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out \(slower than 0\.2 s per step\)"):
        fetch(url, timeout=0.2)
    assert time.monotonic() - started < 10  # the whole fetch has a deadline, not only each read


def test_ten_thousand_redirects_stop_at_the_limit(server):
    server.chains["/hop/"] = 10_000
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"/hop/0: more than 5 redirects$"):
        fetch(server.url("/hop/0"))
    assert time.monotonic() - started < 5
    assert sum(n for path, n in server.hits.items() if path.startswith("/hop/")) == 6


@pytest.mark.parametrize("location", ["javascript:alert(1)", "data:,x", "mailto:desk@x.example", "file:///etc/passwd",
                                      "ftp://files.example/f", "http://[::1", "http://x:99999/"])
def test_redirects_to_other_schemes_or_broken_addresses_are_refused(server, location):
    url = server.route("/moved", location=location)
    with pytest.raises(FetchError) as caught:
        fetch(url, timeout=2)
    message = str(caught.value)
    assert message.startswith(f"{url}: redirect") or message.startswith(
        f"{url}: network error: RemoteProtocolError (Invalid URL in location header"), message
    assert "\n" not in message


@pytest.mark.parametrize("content_type, body, error", [
    ("text/html; charset=utf-8", "<html><body><p>A page, not a feed.</p></body></html>", "not an RSS, Atom or JSON feed"),
    ("application/rss+xml", b"\x89PNG\r\n\x1a\n" + bytes(300), "not an RSS, Atom or JSON feed"),
    ("application/json", '{"version": "https://jsonfeed.org/version/1.1", "items": ' + "[" * 50_000, "not valid JSON"),
])
def test_wrong_content_is_one_clear_error_per_feed(server, content_type, body, error):
    bad = server.route("/bad", body, headers={"Content-Type": content_type})
    good = server.route("/good.xml", FEED, headers={"Content-Type": "text/html"})  # a feed with the wrong type still reads
    report = refresh_feeds([Subscription(bad), Subscription(good)], timeout=2)
    by_url = {r.url: r for r in report.results}
    assert by_url[bad].status == "error" and error in by_url[bad].error and "\n" not in by_url[bad].error
    assert by_url[good].new == 3


def test_refresh_reports_every_fault_on_its_own_line_and_goes_on(server, capsys, tmp_path, monkeypatch):
    server.chains["/loop/"] = 10_000
    urls = [
        f"http://127.0.0.1:{closed_port()}/refused.xml",
        server.route("/reset.xml", FEED * 20, reset_after=300),
        server.url("/loop/0"),
        server.route("/to-file", location="file:///etc/passwd"),
        server.route("/to-js", location="javascript:alert(1)"),
        server.route("/good.xml", FEED),
    ]
    for url in urls:
        assert main(["feeds", "add", url]) == 0
    capsys.readouterr()
    started = time.monotonic()
    code = main(["refresh", "--timeout", "0.3", "--workers", "4"])
    out, err = capsys.readouterr()
    assert time.monotonic() - started < 20
    assert code == 1
    assert "Traceback" not in out + err and not UNSAFE.search(out + err)
    lines = (out + err).splitlines()
    for url in urls:
        assert sum(url in line for line in lines) >= 1, (url, lines)
    text = out + err
    for expected in ("cannot connect", "network error", "more than 5 redirects",
                     "redirect refused: only http and https addresses can be fetched, not file: addresses",
                     "redirect refused: not an http or https address", "3 new"):
        assert expected in text, (expected, text)


def test_hostile_feeds_fetched_and_stored_stay_clean(server, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", big=False)
    subs = []
    for name in ("feed.rss", "feed.atom", "feed.json", "malformed.xml", "links-only.rss", "bomb.xml",
                 "external.rss", "parameter.atom"):
        subs.append(Subscription(server.route(f"/{name}", corpus[name].read_bytes()), tags=(PAYLOADS["markup-click"],)))
    report = refresh_feeds(subs, timeout=5)
    by_url = {r.url: r for r in report.results}
    for sub in subs[-3:]:
        assert "declares XML entities" in by_url[sub.url].error
    for sub in subs[:5]:
        assert by_url[sub.url].ok, by_url[sub.url].error
    assert not any(path.startswith(("/etc", "/evil")) for path in server.hits)  # nothing fetched on their say-so
    loaded = load_paths([feeds_dir()])
    assert len(loaded.articles) >= 20 and not loaded.problems
    for article in loaded.articles:
        for text in (article.title, article.outlet or "", article.byline or "", *article.paragraphs, *article.tags):
            assert is_clean(text) and not UNSAFE.search(text), repr(text[:100])
        assert article.url is None or article.url.startswith(("http://", "https://"))
        assert all(link.startswith(("http://", "https://")) for link in article.links)
    for path in feeds_dir().rglob("*"):
        assert not UNSAFE.search(path.name)
        if path.is_file():
            assert not UNSAFE.search(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("url", ["https://x.example/\u202eevil", "https://x.example/\x9b2J", "https://x.example/\x1b]0;t\x07"])
def test_addresses_with_control_or_bidi_characters_are_refused_and_shown_escaped(url, tmp_path, capsys):
    from newsreader.core.errors import InputError
    from newsreader.core.feeds.fetch import check_url

    with pytest.raises(InputError, match="spaces or control characters") as caught:
        check_url(url)
    assert not UNSAFE.search(str(caught.value))
    assert main(["feeds", "add", url]) == 1
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    f'<outline text="x" xmlUrl="{url.replace(chr(0x1b), "").replace(chr(7), "")}"/>'
                    '<outline text="ok" xmlUrl="https://ok.example/f"/></body></opml>', encoding="utf-8")
    assert main(["opml", "import", str(opml)]) == 0
    out, err = capsys.readouterr()
    assert not UNSAFE.search(out + err) and ("skipped" in err or "\x1b" in url)  # XML cannot hold ESC
