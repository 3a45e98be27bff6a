"""The feed commands: feeds add/list/remove, refresh, opml import/export (local server only)."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from feed_server import FeedServer, rss

from newsreader.cli import main
from newsreader.core.feeds.opml import export_opml, import_opml
from newsreader.core.feeds.subscriptions import Subscription, load_subscriptions
from newsreader.core.paths import feeds_dir, subscriptions_file

NEWSBOAT_OPML = """<?xml version="1.0"?>
<opml version="1.0">
  <head>
    <title>newsboat - Exported Feeds</title>
  </head>
  <body>
    <outline type="rss" xmlUrl="https://meridian.example/rss" htmlUrl="https://meridian.example/" title="Meridian Wire"/>
    <outline type="rss" xmlUrl="https://courier.example/feed.atom" htmlUrl="https://courier.example/" title="Orrin Valley Courier"/>
    <outline type="rss" xmlUrl="exec:~/bin/local-feed.sh" htmlUrl="" title="A script"/>
    <outline type="rss" xmlUrl="query:Unread:unread = &quot;yes&quot;" htmlUrl="" title="Unread"/>
    <outline title="Science" text="Science">
      <outline type="rss" text="Hollin Fell Observatory" xmlUrl="http://observatory.example/news.xml"/>
      <outline text="Deep">
        <outline type="rss" text="Comets" xmlUrl="https://comets.example/atom" category="/space,/night sky"/>
      </outline>
    </outline>
    <outline type="rss" xmlUrl="HTTPS://Meridian.example:443/rss" title="The same feed again"/>
  </body>
</opml>
"""


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


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_feeds_add_list_remove(capsys):
    code, out, _ = cli(capsys, "feeds", "list")
    assert code == 0 and "no subscriptions" in out
    code, out, _ = cli(capsys, "feeds", "add", "https://meridian.example/rss", "--tags", "world,daily", "--tag", "wire")
    assert code == 0 and out.strip() == "subscribed: https://meridian.example/rss [world, daily, wire]"
    code, out, _ = cli(capsys, "feeds", "add", "http://courier.example/feed", "--title", "Courier", "--full-text")
    assert code == 0 and "(full text)" in out
    code, _, err = cli(capsys, "feeds", "add", "HTTPS://MERIDIAN.example/rss/")
    assert (code == 1 and err.strip() == "newsreader: error: https://meridian.example/rss/: already subscribed") \
        or "already subscribed" in err
    code, out, _ = cli(capsys, "feeds", "list")
    assert out.splitlines() == [
        "1  https://meridian.example/rss  (tags: world, daily, wire)",
        "2  http://courier.example/feed  (Courier; full text)",
    ]
    code, out, _ = cli(capsys, "feeds", "list", "--json")
    assert json.loads(out)[1] == {"url": "http://courier.example/feed", "title": "Courier", "tags": [],
                                  "full_text": True}
    assert subscriptions_file().is_file()
    code, out, _ = cli(capsys, "feeds", "remove", "1")
    assert code == 0 and out.strip() == "unsubscribed: https://meridian.example/rss"
    code, out, _ = cli(capsys, "feeds", "remove", "http://courier.example/feed")
    assert code == 0
    code, _, err = cli(capsys, "feeds", "remove", "3")
    assert code == 1 and "no feed number 3" in err
    assert load_subscriptions()[0] == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://x.example/", "meridian.example/rss"])
def test_feeds_add_refuses_other_schemes_with_one_line(capsys, url):
    code, out, err = cli(capsys, "feeds", "add", url)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "only http and https" in err


def test_hand_edited_subscriptions_file(capsys):
    subscriptions_file().parent.mkdir(parents=True, exist_ok=True)
    subscriptions_file().write_text(
        '[[feed]]\nurl = "https://ok.example/rss"\ntags = "a, b"\n\n'
        '[[feed]]\nurl = "file:///etc/passwd"\n\n[[feed]]\ntitle = "no url"\n', encoding="utf-8")
    code, out, err = cli(capsys, "feeds", "list")
    assert code == 0 and out.splitlines() == ["1  https://ok.example/rss  (tags: a, b)"]
    assert err.count("warning:") == 2
    subscriptions_file().write_text("[[feed]\nurl = 1", encoding="utf-8")
    code, _, err = cli(capsys, "feeds", "list")
    assert code == 1 and "not valid TOML" in err and str(subscriptions_file()) in err


def test_refresh_command_reports_each_feed_and_goes_on(capsys, server):
    good = server.route("/good.xml", rss("Good Wire", [
        {"title": "Ferry crews walk out", "link": "https://wire.example/ferry", "description": "At dawn."},
        {"title": "Comet seen", "link": "https://wire.example/comet", "description": "On Sunday."},
    ]), etag='"e1"')
    bad = server.url("/gone.xml")
    for url in (good, bad):
        assert cli(capsys, "feeds", "add", url)[0] == 0
    code, out, err = cli(capsys, "refresh")
    assert code == 1
    assert "2 new" in out and "Good Wire" in out
    assert "error: HTTP 404 Not Found" in err and bad in err
    assert out.strip().splitlines()[-1].startswith("2 feeds: 2 new items, 0 not modified, 1 error")
    code, out, err = cli(capsys, "refresh", good)
    assert code == 0 and "not modified" in out and err == ""
    code, _, err = cli(capsys, "refresh", "https://never.example/rss")
    assert code == 1 and "not subscribed" in err
    assert len(list(feeds_dir().rglob("*.md"))) == 2
    code, out, _ = cli(capsys, "parse", str(feeds_dir()))
    assert code == 0 and "Ferry crews walk out" in out


def test_refresh_as_a_process_then_open_the_articles(server, tmp_path):
    url = server.route("/feed.xml", rss("Process Wire", [{"title": "One", "link": "https://p.example/1",
                                                         "description": "Text one."}]))
    env_run = lambda *a: subprocess.run([sys.executable, "-m", "newsreader", *a], capture_output=True, text=True,
                                        timeout=60)
    assert env_run("feeds", "add", url).returncode == 0
    data = tmp_path / "elsewhere"
    result = env_run("refresh", "--data-dir", str(data), "--timeout", "5")
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout and "Traceback" not in result.stderr
    assert len(list((data / "feeds").rglob("*.md"))) == 1


def test_opml_import_newsboat_then_export_round_trip(capsys, tmp_path):
    source = tmp_path / "newsboat.opml"
    source.write_text(NEWSBOAT_OPML, encoding="utf-8")
    code, out, err = cli(capsys, "opml", "import", str(source))
    assert code == 0
    assert out.strip().splitlines()[-1] == "4 feeds added, 0 already subscribed, 2 skipped"
    assert "exec:" in err and "query:" in err
    subs, _ = load_subscriptions()
    assert [s.url for s in subs] == [
        "https://meridian.example/rss",
        "https://courier.example/feed.atom",
        "http://observatory.example/news.xml",
        "https://comets.example/atom",
    ]
    assert subs[0].title == "Meridian Wire"
    assert subs[2].tags == ("Science",)
    assert subs[3].tags == ("Science", "Deep", "space", "night sky")
    code, out, _ = cli(capsys, "opml", "import", str(source))
    assert out.strip().splitlines()[-1] == "0 feeds added, 4 already subscribed, 2 skipped"
    target = tmp_path / "out.opml"
    code, out, _ = cli(capsys, "opml", "export", str(target))
    assert code == 0 and "4 feeds written" in out
    root = ET.fromstring(target.read_bytes())
    outlines = root.findall("./body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [s.url for s in subs]
    assert all(o.get("type") == "rss" and o.get("text") for o in outlines)
    again, warnings = import_opml(target.read_bytes())
    assert again == subs and warnings == []
    code, out, _ = cli(capsys, "opml", "export")
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>') and "comets.example" in out


def test_opml_export_keeps_titles_tags_and_full_text():
    subs = [Subscription("https://a.example/rss", "A & B <News>", ("x", "y z"), True),
            Subscription("http://b.example/feed")]
    again, _ = import_opml(export_opml(subs).encode())
    assert again == subs


def test_opml_import_refuses_entities_and_reports_bad_files(capsys, tmp_path):
    evil = tmp_path / "evil.opml"
    evil.write_text('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    '<opml version="2.0"><body><outline xmlUrl="https://x.example/&x;"/></body></opml>')
    code, _, err = cli(capsys, "opml", "import", str(evil))
    assert code == 1 and "declares XML entities" in err
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body>")
    code, _, err = cli(capsys, "opml", "import", str(broken))
    assert code == 1 and "not well-formed" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli(capsys, "opml", "import", str(tmp_path / "missing.opml"))
    assert code == 1 and "no such file" in err
    assert load_subscriptions()[0] == []


def _many_feeds_opml(n: int) -> str:
    rows = []
    for i in range(n):
        if i % 50 == 0:
            rows.append(("</outline>" if i else "") + f'<outline text="folder {i // 50}">')
        # every tenth repeats an earlier feed, spelt differently
        url = f"HTTPS://Feeds{i - 5}.example.org:443/rss/" if i % 10 == 9 else f"https://feeds{i}.example.org/rss"
        rows.append(f'<outline type="rss" text="Feed {i}" xmlUrl="{url}"/>')
    return '<opml version="2.0"><body>' + "\n".join(rows) + "</outline></body></opml>"


def _limit_cpu(seconds: int):
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    return limit


def test_opml_import_of_many_feeds_is_not_quadratic(tmp_path):
    """20,000 outlines took about half an hour when every feed was compared with every other."""
    source = tmp_path / "many.opml"
    source.write_text(_many_feeds_opml(20_000), encoding="utf-8")
    command = [sys.executable, "-m", "newsreader", "opml", "import", str(source)]
    # bounded by CPU seconds, not the clock: generous on a loaded machine, far below the old cost
    done = subprocess.run(command, capture_output=True, text=True, preexec_fn=_limit_cpu(60))
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.splitlines()[-1] == "18000 feeds added, 0 already subscribed, 0 skipped"
    again = subprocess.run(command, capture_output=True, text=True, preexec_fn=_limit_cpu(60))
    assert again.returncode == 0, again.stderr[-500:]
    assert again.stdout.splitlines()[-1] == "0 feeds added, 18000 already subscribed, 0 skipped"
    subs, warnings = load_subscriptions()
    assert len(subs) == 18000 and not warnings
    assert subs[9].url == "https://feeds10.example.org/rss" and subs[9].tags == ("folder 0",)


def test_opml_import_of_deeply_nested_folders(capsys, tmp_path):
    depth = 5000
    source = tmp_path / "deep.opml"
    source.write_text('<opml version="2.0"><body>' + '<outline text="f">' * depth
                      + '<outline type="rss" text="Deep" xmlUrl="https://deep.example/rss"/>'
                      + "</outline>" * depth + "</body></opml>", encoding="utf-8")
    code, out, err = cli(capsys, "opml", "import", str(source))
    assert code == 0, err
    assert out.splitlines()[-1] == "1 feeds added, 0 already subscribed, 0 skipped"
    assert [s.url for s in load_subscriptions()[0]] == ["https://deep.example/rss"]
