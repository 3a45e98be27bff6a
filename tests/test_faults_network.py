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
    with pytest.raises(FetchError, match=r"timed out: the whole fetch took over 5\.2 s "
                                         r"\(its deadline: the 0\.2 s step timeout \+ 5 s\)$"):
        fetch(url, timeout=0.2)
    assert 5.2 <= time.monotonic() - started < 7  # the whole fetch has a deadline, not only each read


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


# -- the second hardening round: slow headers, nested compression, hostile validators --------


def _within(seconds: float, call):
    """``call()`` on a thread; fails (rather than hangs) when it has not returned in ``seconds``."""
    import threading

    box: dict = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"], time.monotonic() - started


def test_headers_sent_one_byte_at_a_time_stop_at_the_whole_fetch_deadline(server):
    url = server.route("/slow-headers", slow_headers=0.1)  # every read gets a byte: no step times out

    def call():
        with pytest.raises(FetchError) as caught:
            fetch(url, timeout=0.5)
        return str(caught.value)

    message, took = _within(20, call)
    assert message == f"{url}: timed out: the whole fetch took over 5.5 s (its deadline: the 0.5 s step timeout + 5 s)"
    assert 5.5 <= took < 7


def test_the_deadline_message_names_three_times_the_step_timeout(server):
    url = server.route("/slow-headers", slow_headers=0.1)
    message, took = _within(20, lambda: pytest.raises(FetchError, fetch, url, timeout=2.5).value.problem)
    assert message == "timed out: the whole fetch took over 7.5 s (its deadline: 3 × the 2.5 s step timeout)"
    assert 7.5 <= took < 9.5


def test_a_feed_with_slow_headers_never_holds_up_the_report_of_the_others(server, capsys):
    slow = server.route("/slow-headers", slow_headers=0.1)
    urls = [server.route(f"/good/{i}.xml", FEED) for i in range(30)] + [slow]
    for url in urls:
        assert main(["feeds", "add", url]) == 0
    capsys.readouterr()
    code, took = _within(30, lambda: main(["refresh", "--timeout", "0.5", "--workers", "4"]))
    out, err = capsys.readouterr()
    assert code == 1 and took < 9
    assert "31 feeds: 90 new items, 0 not modified, 1 error" in out
    assert f"error: timed out: the whole fetch took over 5.5 s (its deadline: the 0.5 s step timeout + 5 s) {slow}" in err


def test_stopping_a_refresh_cancels_the_fetches_in_flight(server):
    import threading

    from newsreader.core.feeds.fetch import FetchCancelled

    url = server.route("/slow-body", FEED, trickle=0.1)
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    with pytest.raises(FetchCancelled, match=r"/slow-body: cancelled$"):
        _within(3, lambda: fetch(url, timeout=20, cancelled=cancel.is_set))
    slow = server.route("/slow-headers", slow_headers=0.1)
    good = server.route("/good.xml", FEED)
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    report, took = _within(5, lambda: refresh_feeds([Subscription(slow), Subscription(good)], timeout=20,
                                                    should_stop=stop.is_set))
    assert report.stopped and 1.0 <= took < 2.0  # cancelled at once, not after the 60 s deadline
    assert [r.url for r in report.results] == [good]  # the cancelled feed is not reported


def test_a_feed_stuck_where_cancelling_cannot_reach_is_reported_and_left_behind(server, monkeypatch):
    import threading

    from newsreader.core.feeds import refresh

    release = threading.Event()
    real_parse = refresh.parse_feed

    def parse(data, **kwargs):
        if b"Stuck" in data:
            release.wait(60)  # a parser stuck in C code: no fetch to cancel
        return real_parse(data, **kwargs)

    monkeypatch.setattr(refresh, "parse_feed", parse)
    monkeypatch.setattr(refresh, "feed_limit", lambda timeout: 1.0)
    stuck = server.route("/stuck.xml", FEED.replace("Harbour Wire", "Stuck Wire"))
    good = server.route("/good.xml", FEED)
    try:
        report, took = _within(10, lambda: refresh_feeds([Subscription(stuck), Subscription(good)], timeout=1))
    finally:
        release.set()
    by_url = {r.url: r for r in report.results}
    assert took < 1 + refresh.LEAVE_AFTER + 1.5
    assert by_url[good].new == 3
    assert by_url[stuck].error.startswith("timed out: not done after 1 s (the limit for one feed")


def test_double_gzip_over_a_quarter_gigabyte_stops_at_the_cap_holding_little(server):
    import tracemalloc

    url = server.route("/double-gzip", encodings=("gzip", "gzip"), zeros=256 << 20)
    assert len(server.routes["/double-gzip"].body) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"response over the 1\.0 MB limit") as caught:
            fetch(url, max_bytes=1 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"{peak / 2**20:.0f} MB held while decoding"  # before: the whole 256 MB at once
    assert str(caught.value).endswith("limit once decompressed")


def test_every_layer_of_compression_is_capped_and_too_many_layers_are_refused(server):
    url = server.route("/triple-gzip", encodings=("gzip", "gzip", "gzip"), zeros=64 << 20)
    with pytest.raises(FetchError, match="over the 97 KB limit once decompressed"):
        fetch(url, max_bytes=100_000)
    url = server.route("/quadruple", FEED, encodings=("gzip",) * 4)
    with pytest.raises(FetchError, match=r"response is compressed 4 times \(at most 3 are read\)$"):
        fetch(url)
    url = server.route("/br", FEED, headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="compressed with br, which is not read here"):
        fetch(url)


@pytest.mark.parametrize("encodings", [("gzip",), ("deflate",), ("gzip", "gzip"), ("deflate", "gzip"),
                                       ("gzip", "deflate", "gzip")])
def test_nested_compression_within_the_cap_is_decoded(server, encodings):
    url = server.route("/nested.xml", FEED * 50, encodings=encodings)
    assert fetch(url).data == (FEED * 50).encode()


def test_raw_deflate_two_gzip_members_and_trailing_bytes_are_read(server):
    import gzip
    import zlib

    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    url = server.route("/raw", raw.compress(FEED.encode()) + raw.flush(), headers={"Content-Encoding": "deflate"})
    assert fetch(url).data == FEED.encode()
    half = len(FEED) // 2
    url = server.route("/members", gzip.compress(FEED[:half].encode()) + gzip.compress(FEED[half:].encode()) + b"\0\0",
                       headers={"Content-Encoding": "gzip"})
    assert fetch(url).data == FEED.encode()
    url = server.route("/broken", b"\x1f\x8b\x08\x00garbage" * 10, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="response could not be decompressed$"):
        fetch(url)


def test_a_non_ascii_etag_is_not_kept_and_the_feed_refreshes_again(server):
    import json

    from feed_server import HOSTILE_ETAG

    from newsreader.core.feeds.refresh import STATE_NAME

    url = server.route("/etag.xml", FEED, etag=HOSTILE_ETAG)
    first = refresh_feeds([Subscription(url)]).results[0]
    assert first.status == "ok" and first.new == 3
    for _ in range(2):
        again = refresh_feeds([Subscription(url)]).results[0]
        assert again.status == "ok", again.error  # before: "network error: UnicodeEncodeError", for ever
        assert "if-none-match" not in server.requests[-1]
    assert len(first.warnings) == 1 and "ETag" in first.warnings[0] and "not plain ASCII" in first.warnings[0]
    assert all(is_clean(w) for w in first.warnings)
    state = json.loads((first.folder / STATE_NAME).read_text())
    assert state["etag"] is None


@pytest.mark.parametrize("stored", ['"\u00c2\u009b2J\u00ff"', "W/\"caf\u00e9\"", '"a"\r\nX-Injected: 1', 17])
def test_a_bad_validator_saved_by_an_older_version_is_dropped_with_a_warning(server, stored):
    import json

    from newsreader.core.feeds.refresh import STATE_NAME, feed_folder

    url = server.route("/feed.xml", FEED, etag='"v2"', last_modified="Wed, 01 May 2024 10:00:00 GMT")
    folder = feed_folder(url)
    folder.mkdir(parents=True)
    (folder / STATE_NAME).write_text(json.dumps({"url": url, "etag": stored, "last_modified": "Mon\x9b, 1 May",
                                                 "entries": {}}), encoding="utf-8")
    result = refresh_feeds([Subscription(url)]).results[0]
    assert result.status == "ok" and result.new == 3, result.error
    assert [w.split(" is not")[0].split()[2] for w in result.warnings] == ["ETag", "Last-Modified"]
    assert "if-none-match" not in server.requests[0] and "if-modified-since" not in server.requests[0]
    state = json.loads((folder / STATE_NAME).read_text())
    assert state["etag"] == '"v2"' and state["last_modified"] == "Wed, 01 May 2024 10:00:00 GMT"
    assert refresh_feeds([Subscription(url)]).results[0].status == "not-modified"


def test_gzip_members_split_at_a_chunk_boundary_and_output_larger_than_a_buffer_are_read_whole():
    import gzip
    import zlib

    from newsreader.core.feeds.fetch import _inflate

    first, second = bytes(range(256)) * 1000, b"second member " * 20_000  # each over 64 KB decoded
    chunks = [gzip.compress(first), gzip.compress(second), b"\0" * 8]
    assert b"".join(_inflate(iter(chunks), "gzip", 10 << 20)) == first + second
    packed = zlib.compress(first + second)
    one_byte_at_a_time = (packed[i:i + 1] for i in range(len(packed)))
    assert b"".join(_inflate(one_byte_at_a_time, "deflate", 10 << 20)) == first + second
