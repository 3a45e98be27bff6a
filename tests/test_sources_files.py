"""Article sources from files: Markdown, HTML, RSS/Atom/JSON feeds, recursive folders."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import HOSTILE, SEEDS

from newsreader.core.errors import InputError, NotAnArticle
from newsreader.core.ingest.feeds import parse_feed
from newsreader.core.ingest.loader import load_articles, load_file, load_paths
from newsreader.core.ingest.markdown import parse_front_matter, parse_markdown, render_markdown
from newsreader.core.sanitize import is_clean

MARKDOWN = """---
title: "Harbour fees rise by 12%"
date: 2024-05-02T08:30:00+01:00
author: Ana Ruiz
tags: [ports, "fishing"]
url: https://kestrel.example/news/harbour
outlet: The Kestrel Post
---

The port authority in [Kestrel Bay](https://kestrel.example/bay) said on *Thursday* that
berthing fees would rise from June.

![Boats in the harbour on Monday](boats.jpg)

- Fishing crews said the rise would cost a trawler about 3,400 euros a year.
- The authority said the money would pay for dredging. See <https://kestrel.example/notice>.

[Unsafe link](javascript:alert(1)) and a [file](file:///etc/passwd).
"""

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Lake Orrin drops to record low - Orrin Valley Courier</title>
<meta charset="utf-8">
<meta name="author" content="Marta Kell">
<meta property="og:site_name" content="Orrin Valley Courier">
<meta property="og:url" content="https://courier.example/2024/06/lake-orrin">
<meta property="article:published_time" content="2024-06-03T07:15:00+02:00">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article><h1>Lake Orrin drops to record low</h1>
<p>The water level in Lake Orrin fell to 4.2 metres below its average on Monday, the lowest
reading since records began in 1961, the valley water board said.</p>
<p>Farmers along the eastern shore have been told to cut irrigation by a third from next week.
<a href="https://courier.example/docs/board-notice.pdf">The board's notice</a> lists the
villages affected. <a href="javascript:alert(1)">Click</a>.</p>
<p>"We have never seen the jetty standing in mud," said Ivo Brandt, who runs the boat hire at
Saltmere. He said bookings were down 60 percent on last year. &#x1b;[2J</p>
</article>
<footer>Copyright 2024 Orrin Valley Courier. All rights reserved.</footer>
</body></html>
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Meridian Wire</title><link>https://meridian.example/</link>
<item><title>Ferry crews walk out</title><link>https://meridian.example/ferry</link>
<guid>https://meridian.example/ferry</guid><pubDate>Thu, 27 Mar 2025 13:52:00 +0000</pubDate>
<author>desk@meridian.example (Jon Avery)</author><category>Transport</category>
<description>Crews walked out at dawn.</description>
<content:encoded><![CDATA[<p>Ferry crews in Port Calder walked out at dawn.</p>
<p>The union said <a href="/union/statement">its statement</a> would follow.
<a href="javascript:alert(1)">x</a> <a href="data:text/html,hi">y</a></p>
<script>alert("run me")</script><p>Talks resume on Monday.</p>]]></content:encoded></item>
<item><title>Comet seen over Hollin Fell</title><guid isPermaLink="false">wire-2231</guid>
<description>Amateur astronomers photographed the comet on Sunday night.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Brightwell Business</title>
<link href="https://brightwell.example/"/><id>urn:brightwell</id><updated>2024-02-01T09:00:00Z</updated>
<entry><title type="html">Brightwell Foods to cut &lt;b&gt;400&lt;/b&gt; jobs</title>
<link href="https://brightwell.example/jobs"/><id>urn:1</id><updated>2024-02-01T09:00:00Z</updated>
<author><name>Priya Osei</name></author>
<content type="html">&lt;p&gt;Brightwell Foods will close its Dunmore plant.&lt;/p&gt;
&lt;figure&gt;&lt;img src="p.jpg"&gt;&lt;figcaption&gt;The Dunmore plant in 2019&lt;/figcaption&gt;&lt;/figure&gt;
&lt;p&gt;The company said 400 jobs would go by the end of the year.&lt;/p&gt;</content></entry>
</feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Kestrel Daily",
    "home_page_url": "https://daily.example/",
    "items": [
        {"id": "1", "url": "https://daily.example/vote", "title": "Seafront vote passes",
         "content_html": "<p>The council voted 7 to 4.</p><p>Work starts in <b>May</b>.</p>",
         "date_published": "2024-04-10T18:00:00Z", "authors": [{"name": "Lena Moss"}], "tags": ["council"]},
        {"id": "2", "content_text": "A plain text item.\n\nIts second paragraph.", "title": "Plain"},
    ],
}

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><title>x</title><item><title>&secret;</title>
<description>&secret;</description></item></channel></rss>"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def all_strings(article) -> list[str]:
    data = article.to_json()
    out = [v for v in data.values() if isinstance(v, str)]
    out += data["paragraphs"] + data["links"] + data["tags"]
    out += [c["text"] for c in data["captions"]]
    return out


# -- Markdown ---------------------------------------------------------------------------


def test_markdown_front_matter_and_body(tmp_path):
    article, warnings = load_file(write(tmp_path / "harbour.md", MARKDOWN))
    assert warnings == ()
    assert article.title == "Harbour fees rise by 12%"
    assert article.outlet == "The Kestrel Post"
    assert article.byline == "Ana Ruiz"
    assert article.url == "https://kestrel.example/news/harbour"
    assert article.published == datetime(2024, 5, 2, 8, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.tags == ("ports", "fishing")
    assert article.paragraphs[0].startswith("The port authority in Kestrel Bay said on Thursday that berthing")
    assert "Fishing crews said the rise would cost a trawler about 3,400 euros a year." in article.paragraphs
    assert [c.text for c in article.captions] == ["Boats in the harbour on Monday"]
    assert "https://kestrel.example/bay" in article.links
    assert "https://kestrel.example/notice" in article.links
    assert not any(link.startswith(("javascript:", "file:")) for link in article.links)
    assert article.content_hash and len(article.content_hash) == 32


def test_markdown_id_is_from_the_url_like_any_other_source(tmp_path):
    md, _ = load_file(write(tmp_path / "a.md", MARKDOWN))
    again, _ = load_file(write(tmp_path / "b.md", MARKDOWN.replace("*Thursday*", "Thursday")))
    assert md.id == again.id
    assert md.content_hash != again.content_hash


def test_markdown_toml_front_matter_and_heading_title(tmp_path):
    text = '+++\ntitle = "Comet over Hollin Fell"\ndate = 2024-01-05\ntags = ["space"]\n+++\n\nFirst paragraph.\n'
    article, _ = load_file(write(tmp_path / "c.markdown", text))
    assert article.title == "Comet over Hollin Fell"
    assert article.published == datetime(2024, 1, 5)
    assert article.tags == ("space",)
    article, _ = load_file(write(tmp_path / "d.md", "# A heading title\n\nBody one.\n\nBody two.\n"))
    assert article.title == "A heading title"
    assert article.paragraphs == ("Body one.", "Body two.")


def test_front_matter_yaml_subset_is_read_without_running_anything():
    front, body, warnings = parse_front_matter(
        "---\n"
        "title: 'It''s here' # a comment\n"
        "tags:\n  - one\n  - \"two, three\"\n"
        "author: !!python/object/apply:os.system ['echo hacked']\n"
        "nested:\n  key: value\n"
        "stray words\n"
        "---\nBody\n"
    )
    assert front["title"] == "It's here"
    assert front["tags"] == ["one", "two, three"]
    assert front["author"] == "!!python/object/apply:os.system ['echo hacked']"  # plain text, never run
    assert body == "Body\n"
    assert len(warnings) == 1 and "line 9" in warnings[0]


def test_front_matter_not_closed_or_bad_toml_is_a_warning():
    front, body, warnings = parse_front_matter("---\ntitle: x\nno end\n")
    assert front == {} and body.startswith("---") and "not closed" in warnings[0]
    front, _, warnings = parse_front_matter("+++\ntitle = \n+++\nbody")
    assert front == {} and "not valid TOML" in warnings[0]


def test_a_short_note_without_a_title_is_not_an_article(tmp_path):
    with pytest.raises(NotAnArticle):
        load_file(write(tmp_path / "notes.md", "just a note"))


def test_markdown_written_by_the_store_reads_back_the_same():
    article, _ = parse_markdown(MARKDOWN)
    again, _ = parse_markdown(render_markdown(article))
    for name in ("id", "title", "url", "outlet", "byline", "published", "paragraphs", "captions", "links", "tags"):
        assert getattr(again, name) == getattr(article, name), name


# -- HTML ---------------------------------------------------------------------------------


def test_saved_html_page_is_extracted_with_metadata(tmp_path):
    article, warnings = load_file(write(tmp_path / "saved" / "lake.html", HTML_PAGE))
    assert warnings == ()
    assert article.title == "Lake Orrin drops to record low"
    assert article.outlet == "Orrin Valley Courier"
    assert article.byline == "Marta Kell"
    assert article.url == "https://courier.example/2024/06/lake-orrin"
    assert article.published == datetime(2024, 6, 3, 7, 15, tzinfo=timezone(timedelta(hours=2)))
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("The water level in Lake Orrin fell to 4.2 metres")
    assert not any("Copyright" in p or "Sport" in p for p in article.paragraphs)
    assert article.links == ("https://courier.example/docs/board-notice.pdf",)
    assert all(is_clean(s) for s in all_strings(article))


def test_html_page_without_an_article_is_skipped(tmp_path):
    write(tmp_path / "menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    write(tmp_path / "real.html", HTML_PAGE)
    loaded = load_paths([tmp_path])
    assert [a.title for a in loaded.articles] == ["Lake Orrin drops to record low"]
    assert [Path(s.path).name for s in loaded.skipped] == ["menu.html"]
    assert loaded.problems == []


# -- feeds --------------------------------------------------------------------------------


def test_rss_file_gives_one_article_per_entry(tmp_path):
    articles, warnings = load_articles(write(tmp_path / "wire.rss", RSS))
    assert warnings == ()
    assert [a.title for a in articles] == ["Ferry crews walk out", "Comet seen over Hollin Fell"]
    first, second = articles
    assert first.outlet == "Meridian Wire"
    assert first.byline == "Jon Avery"
    assert first.url == "https://meridian.example/ferry"
    assert first.published == datetime(2025, 3, 27, 13, 52, tzinfo=UTC)
    assert first.paragraphs == (
        "Ferry crews in Port Calder walked out at dawn.",
        "The union said its statement would follow. x y",
        "Talks resume on Monday.",
    )
    assert first.links == ("https://meridian.example/union/statement",)
    assert first.tags == ("Transport",)
    assert not any("run me" in p for p in first.paragraphs)
    assert second.url is None and second.paragraphs == ("Amateur astronomers photographed the comet on Sunday night.",)
    assert first.content_hash != second.content_hash
    assert {a.source for a in articles} == {tmp_path / "wire.rss"}


def test_atom_file(tmp_path):
    articles, _ = load_articles(write(tmp_path / "biz.atom", ATOM))
    (article,) = articles
    assert article.title == "Brightwell Foods to cut 400 jobs"
    assert article.byline == "Priya Osei"
    assert article.outlet == "Brightwell Business"
    assert [c.text for c in article.captions] == ["The Dunmore plant in 2019"]
    assert article.paragraphs == ("Brightwell Foods will close its Dunmore plant.",
                                  "The company said 400 jobs would go by the end of the year.")


def test_json_feed_file(tmp_path):
    articles, _ = load_articles(write(tmp_path / "daily.json", json.dumps(JSON_FEED)))
    vote, plain = articles
    assert vote.title == "Seafront vote passes" and vote.byline == "Lena Moss" and vote.tags == ("council",)
    assert vote.paragraphs == ("The council voted 7 to 4.", "Work starts in May.")
    assert vote.published == datetime(2024, 4, 10, 18, 0, tzinfo=UTC)
    assert plain.paragraphs == ("A plain text item.", "Its second paragraph.")


def test_feed_by_content_whatever_the_suffix(tmp_path):
    articles, _ = load_articles(write(tmp_path / "wire.txt", RSS))
    assert len(articles) == 2
    article, warnings = load_file(tmp_path / "wire.txt")
    assert article.title == "Ferry crews walk out" and "holds 2 articles" in warnings[0]


def test_malformed_feed_gives_what_it_can_and_a_warning(tmp_path):
    broken = RSS.replace("<title>Comet seen over Hollin Fell</title>", "<title>Comet & co <b></title>")
    broken = broken.replace("</channel></rss>", "")
    articles, warnings = load_articles(write(tmp_path / "broken.xml", broken))
    assert [a.title for a in articles][:1] == ["Ferry crews walk out"]
    assert len(articles) == 2
    assert len(warnings) == 1 and "malformed feed" in warnings[0] and "broken.xml" in warnings[0]


@pytest.mark.parametrize("data", [BOMB, XXE], ids=["billion-laughs", "external-entity"])
def test_xml_bombs_and_external_entities_are_refused(tmp_path, data):
    path = write(tmp_path / "evil.xml", data)
    with pytest.raises(InputError, match="declares XML entities") as caught:
        load_articles(path)
    assert not isinstance(caught.value, NotAnArticle)
    with pytest.raises(InputError, match="declares XML entities"):
        parse_feed(data)
    loaded = load_paths([tmp_path])
    assert loaded.articles == [] and "declares XML entities" in str(loaded.problems[0])


def test_entity_declaration_in_a_malformed_document_is_refused_too():
    data = XXE.replace(b"<channel>", b"<channel><<<")
    with pytest.raises(InputError, match="declares XML entities"):
        parse_feed(data)


def test_utf16_feed_with_an_entity_declaration_is_refused():
    with pytest.raises(InputError, match="declares XML entities"):
        parse_feed(XXE.decode().replace('version="1.0"', 'version="1.0" encoding="utf-16"').encode("utf-16"))


def test_hostile_strings_in_a_feed_are_plain_clean_text(tmp_path):
    items = "".join(
        f"<item><title><![CDATA[{s}]]></title><link>https://x.example/{i}</link>"
        f"<description><![CDATA[<p>{s}</p>]]></description></item>"
        for i, s in enumerate(HOSTILE)
    )
    data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    articles = parse_feed(data.encode()).articles
    assert len(articles) == len(HOSTILE)
    for article in articles:
        assert all(is_clean(s) for s in all_strings(article))
    assert articles[1].title == "[bold]x"  # kept as text: never styled
    assert articles[2].paragraphs == ("[@click=app.quit]Read[/]",)


def test_character_references_to_control_characters_are_dropped():
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T&#x1b;]52;c;SGk=&#7;</title>'
            b"<item><title>A &#x202e;b</title><link>https://x.example/1</link>"
            b"<description>&lt;p&gt;clear &amp;#x1b;[2J screen&lt;/p&gt;</description></item></channel></rss>")
    (article,) = parse_feed(data).articles
    assert all(is_clean(s) for s in all_strings(article))


def test_feed_links_with_other_schemes_are_dropped():
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            b"<item><title>A</title><link>javascript:alert(1)</link>"
            b"<description>&lt;a href='ftp://x.example/f'&gt;f&lt;/a&gt;&lt;a href='https://ok.example/'&gt;o&lt;/a&gt;"
            b"</description></item></channel></rss>")
    (article,) = parse_feed(data).articles
    assert article.url is None
    assert article.links == ("https://ok.example/",)


def test_gzipped_or_binary_files_are_problems_not_crashes(tmp_path):
    write(tmp_path / "feed.xml", gzip.compress(RSS.encode()))
    loaded = load_paths([tmp_path / "feed.xml"])
    assert loaded.articles == [] and len(loaded.problems) == 1


# -- folders ------------------------------------------------------------------------------


def test_folders_are_read_recursively_and_other_files_are_skipped_and_counted(tmp_path):
    write(tmp_path / "a" / "b" / "harbour.md", MARKDOWN)
    write(tmp_path / "a" / "lake.htm", HTML_PAGE)
    write(tmp_path / "feeds" / "wire.xml", RSS)
    write(tmp_path / "feeds" / "daily.json", json.dumps(JSON_FEED))
    write(tmp_path / "scraped" / "ferry.txt", (SEEDS / "001_port-calder-ferry-strike.txt").read_text())
    write(tmp_path / "photo.jpg", b"\xff\xd8\xff\xe0binary")
    write(tmp_path / "a" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://x.example</loc></url></urlset>')
    write(tmp_path / "package.json", '{"name": "not-a-feed"}')
    write(tmp_path / ".git" / "objects" / "x.txt", "hidden, never read")
    write(tmp_path / "a" / ".draft.md", MARKDOWN)
    loaded = load_paths([tmp_path])
    titles = sorted(a.title for a in loaded.articles)
    assert len(titles) == 7
    assert "Harbour fees rise by 12%" in titles and "Lake Orrin drops to record low" in titles
    assert sorted(Path(s.path).name for s in loaded.skipped) == ["notes.pdf", "package.json", "photo.jpg", "sitemap.xml"]
    assert loaded.problems == []
    assert f"{tmp_path}: 4 files that hold no article skipped" in loaded.warnings


def test_an_explicit_non_article_file_is_reported(tmp_path):
    loaded = load_paths([write(tmp_path / "package.json", '{"name": "x"}')])
    assert loaded.articles == [] and "not a feed" in str(loaded.problems[0])


def test_a_folder_of_only_other_files(tmp_path):
    write(tmp_path / "photo.jpg", b"\xff\xd8")
    loaded = load_paths([tmp_path])
    assert loaded.articles == [] and "no article files" in str(loaded.problems[0])
    assert len(loaded.skipped) == 1


def test_seed_text_files_keep_parsing_as_before_and_get_a_content_hash():
    loaded = load_paths([SEEDS])
    assert len(loaded.articles) == 7 and not loaded.problems and not loaded.skipped
    assert all(a.content_hash for a in loaded.articles)
