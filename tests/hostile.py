"""A hostile corpus, made by code: articles and feeds of every kind carrying what an attacker
might put in them. No tests here; ``write_corpus`` writes the files, ``EXPECTED`` says what
loading each one must give.

Payloads: Rich/Textual markup (closing tags, styles, ``@click`` actions, ``link=file:``),
terminal sequences (OSC 52 clipboard writes, OSC 0/2 titles, OSC 8 links, CSI clear screen
and cursor moves, DCS, their 8-bit C1 forms), bidi overrides and isolates, zero-width and
combining marks, NUL, BEL, backspace and CR; links with ``javascript:``, ``file:``, ``data:``
and ``ftp:`` schemes. Kinds: scraped text, Markdown with front matter, HTML pages, RSS, Atom
and JSON feeds; and broken or oversized inputs (invalid UTF-8, NUL bytes, very long lines
and words, deeply nested HTML, malformed and oversized feeds, entity bombs, external entities).
"""

from __future__ import annotations

import base64
import json
from html import escape
from pathlib import Path

__all__ = ["EXPECTED", "LINKS", "MARKERS", "PAYLOADS", "TEXT_PAYLOADS", "big_file", "hostile_line", "write_corpus"]

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"

# Words that appear only inside the terminal sequences below: if one is ever seen inside an
# escape sequence on the terminal, article text reached the terminal as a command.
MARKERS = ("HOSTILECLIP", "HOSTILETITLE", "HOSTILELINK", "HOSTILEDCS", "HOSTILEC1")
CLIP = base64.b64encode(b"HOSTILECLIP rm -rf ~").decode()

PAYLOADS: dict[str, str] = {
    "markup-close": "Price [/] up",
    "markup-bold": "[b]bold[/b] [bold red]red",
    "markup-click": "[@click=app.quit]Read[/]",
    "markup-click-bell": "[@click=app.bell]ring[/] [@click=screen.dismiss]x[/]",
    "markup-link": "[link=file:///etc/passwd]passwd[/link]",
    "markup-variable": "[$accent]accent[/] [on $error]x[/]",
    "osc52": f"{ESC}]52;c;{CLIP}{BEL}",
    "osc52-st": f"{ESC}]52;p;{base64.b64encode(b'HOSTILECLIP').decode()}{ST}",
    "osc0": f"{ESC}]0;HOSTILETITLE{BEL}",
    "osc2": f"{ESC}]2;HOSTILETITLE{ST}",
    "osc8": f"{ESC}]8;;https://evil.example/HOSTILELINK{ST}click me{ESC}]8;;{ST}",
    "csi-clear": f"{ESC}[2J{ESC}[3J{ESC}[H",
    "csi-cursor": f"{ESC}[10;10H{ESC}[5A{ESC}[?25l{ESC}[?1049l",
    "csi-sgr": f"{ESC}[31;1;5m",
    "dcs": f"{ESC}Pq#0;2;0;0;0HOSTILEDCS{ST}",
    "esc-reset": f"{ESC}c{ESC}(0",
    "c1-csi": "\x9b2J\x9b?1049l",
    "c1-osc": "\x9d0;HOSTILEC1\x9c",
    "c1-dcs": "\x90HOSTILEC1\x9c",
    "c1-other": "\x85\x8d\x8e\x9a",
    "osc-unterminated": f"{ESC}]52;c;{CLIP}",
    "bidi": "\u202eevil\u202c \u202d\u202a\u202b \u2066iso\u2069\u2067x\u2068y\u2069",
    "zero-width": "zero\u200bwidth\u200c\u200d\u2060\ufeffjoin",
    "combining": "Ze" + "\u0301\u0336" * 40 + "algo",
    "nul": "nul\x00byte",
    "bell-backspace": "bell\x07\x08\x08back\x7f",
    "carriage": "over\rwritten",
}

# In text files a NUL byte makes the file binary (refused): they carry the rest.
TEXT_PAYLOADS = {name: value for name, value in PAYLOADS.items() if "\x00" not in value}

LINKS = (
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "ftp://files.example/x",
    "vbscript:msgbox(1)",
)

WORDS = ["The", "harbour", "board", "met", "on", "Tuesday", "evening", "and", "agreed", "after", "a", "long", "debate", "about", "the", "cost", "of", "dredging", "the", "inner", "basin", "to", "raise", "berthing", "fees", "for", "the", "first", "time", "in", "four", "years"]


def hostile_line(i: int = 0) -> str:
    """A sentence-like line holding every payload once (order rotated by ``i``)."""
    values = list(TEXT_PAYLOADS.values())
    values = values[i % len(values):] + values[: i % len(values)]
    words = WORDS[i % 7:] + WORDS[: i % 7]
    return " ".join(f"{w} {v}" for w, v in zip(words * 2, values))


_SUBJECTS = ("The harbour board", "Fishing crews", "The ferry company", "A council spokesman", "Local traders",
             "The water authority", "Two lifeboat crews", "The mayor's office", "Shop owners on the quay")
_VERBS = ("agreed on Tuesday", "warned this week", "said in a statement", "told reporters",
          "confirmed late on Monday", "argued at a public meeting")
_OBJECTS = ("that berthing fees would rise from June", "that the inner basin needs dredging before winter",
            "that the night ferry will stop in March", "that repairs to the sea wall are running late",
            "that tourist numbers fell by a third last summer", "that the fish market will move to the old depot")


def _prose(n: int = 6) -> list[str]:
    """``n`` different sentences of ordinary prose."""
    return [f"{_SUBJECTS[k % 9]} {_VERBS[(k // 9 + k) % 6]} {_OBJECTS[(k * 5) % 6]}, and {_SUBJECTS[(k + 4) % 9].lower()} "
            f"{_VERBS[(k + 3) % 6]} {_OBJECTS[(k + 1) % 6]} (item {k})." for k in range(n)]


def _scraped() -> str:
    lines = ["News", f"Storm {PAYLOADS['markup-click']} {PAYLOADS['osc0']}hits the coast – "
             f"{PAYLOADS['osc52']}Outlet {PAYLOADS['markup-close']}", "",
             f"By Anna Berg {PAYLOADS['markup-link']} {PAYLOADS['bidi']}", "", "March 27, 2025", ""]
    prose = _prose(len(TEXT_PAYLOADS))
    for k, value in enumerate(TEXT_PAYLOADS.values()):
        said = f" Anna Berg said {3000 + k} people left." if k % 3 == 0 else ""
        lines += [f"{prose[k]} {value} and the {WORDS[k % len(WORDS)]} went on.{said}", ""]
    lines += [f"Links: {' '.join(LINKS)} https://ok.example/story", ""]
    lines += ["Share this post!", PAYLOADS["csi-clear"], "Leave a Reply"]
    return "\n".join(lines) + "\n"


def _markdown() -> str:
    front = [
        "---",
        f"title: {json.dumps('Markdown ' + PAYLOADS['markup-click'] + PAYLOADS['osc52'])}",
        f"author: {json.dumps(PAYLOADS['markup-link'] + ' ' + PAYLOADS['osc0'])}",
        f"outlet: {json.dumps(PAYLOADS['markup-variable'] + PAYLOADS['c1-osc'])}",
        "date: 2025-03-27T10:00:00Z",
        f"tags: [{json.dumps(PAYLOADS['markup-close'])}, {json.dumps(PAYLOADS['markup-click'])}, "
        f"{json.dumps(PAYLOADS['osc8'])}]",
        f"url: {LINKS[0]}",
        "links: [file:///etc/passwd, 'javascript:alert(1)']",
        "---",
        "",
        f"# Heading {PAYLOADS['markup-bold']}",
        "",
    ]
    body = [f"{p} {v}" for p, v in zip(_prose(len(TEXT_PAYLOADS)), TEXT_PAYLOADS.values())]
    body += [f"[bad {i}]({link})" for i, link in enumerate(LINKS)]
    body += ["<script>alert(1)</script> <img src=x onerror=alert(1)>", f"![caption {PAYLOADS['osc2']}](file:///etc/passwd)",
             "```", PAYLOADS["csi-clear"] + " in code", "```", f"> quote {PAYLOADS['dcs']}"]
    return "\n".join(front) + "\n\n".join(body) + "\n"


def _charrefs(text: str) -> str:
    """Control characters as HTML character references (``&#x1b;``), the rest escaped."""
    return "".join(f"&#x{ord(c):x};" if ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c in "\u202e\u2066" else escape(c)
                   for c in text)


def _html() -> str:
    paragraphs = "".join(f"<p>{escape(p)} {_charrefs(v)}</p>" for p, v in zip(_prose(len(PAYLOADS)), PAYLOADS.values()))
    links = "".join(f'<a href="{escape(link)}">l{i}</a> ' for i, link in enumerate(LINKS))
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>Page {_charrefs(PAYLOADS['markup-click'] + PAYLOADS['osc52'])} - Site</title>"
        f'<meta name="author" content="{_charrefs(PAYLOADS["markup-link"] + PAYLOADS["osc0"])}">'
        f'<meta property="og:site_name" content="{_charrefs(PAYLOADS["markup-bold"])}">'
        f'<meta property="og:url" content="{LINKS[0]}">'
        '<meta property="article:published_time" content="2025-03-27T10:00:00Z">'
        "<script>document.title='\\x1b]0;HOSTILETITLE\\x07'</script></head><body><article>"
        f"<h1>Page {_charrefs(PAYLOADS['markup-click'])}</h1>{paragraphs}<p>{links}</p>"
        f"<p>{escape(PAYLOADS['osc8'])}</p></article></body></html>\n"
    )


def _nested_html(depth: int = 20_000) -> str:
    prose = "".join(f"<p>{p}</p>" for p in _prose(4))
    return ("<!DOCTYPE html><html><head><title>Deep</title></head><body>" + "<div>" * depth + prose
            + "<span><b><i>" * (depth // 3) + "</div>" * depth + "</body></html>\n")


def _rss(items: int = 3) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           f"<channel><title>Wire {_charrefs(PAYLOADS['markup-click'] + PAYLOADS['osc0'])}</title>"
           f"<link>{escape(LINKS[2])}</link><description>d</description>"]
    values = list(PAYLOADS.items())
    for i in range(items):
        name, value = values[i % len(values)]
        html = "".join(f"<p>{escape(p)} {escape(v)}</p>" for p, v in zip(_prose(5), list(PAYLOADS.values())[i::3]))
        html += "".join(f'<a href="{escape(link)}">x</a>' for link in LINKS)
        html += '<a href="https://ok.example/rss">ok</a><script>alert(1)</script><iframe src="file:///etc/passwd"></iframe>'
        out.append(
            f"<item><title>RSS {i} {_charrefs(value)} {escape(PAYLOADS['markup-close'])}</title>"
            f"<link>{escape(LINKS[i % len(LINKS)])}</link><guid>{escape(LINKS[(i + 1) % len(LINKS)])}</guid>"
            f"<author>{_charrefs(PAYLOADS['markup-link'] + PAYLOADS['osc8'])}</author>"
            f"<category>{escape(PAYLOADS['markup-click'])}</category><category>{_charrefs(PAYLOADS['bidi'])}</category>"
            "<pubDate>Thu, 27 Mar 2025 13:52:00 +0000</pubDate>"
            f"<description>{escape(name)}</description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
        )
    out.append("</channel></rss>\n")
    return "".join(out)


def _atom() -> str:
    entries = []
    for i, (name, value) in enumerate(list(PAYLOADS.items())[:6]):
        entries.append(
            f"<entry><title type=\"html\">{escape('Atom ' + str(i) + ' <b>' + PAYLOADS['markup-bold'] + '</b> ')}"
            f"{_charrefs(value)}</title><id>urn:x:{i}</id>"
            f'<link rel="alternate" href="{escape(LINKS[i % len(LINKS)])}"/>'
            "<updated>2025-03-27T10:00:00Z</updated>"
            f"<author><name>{_charrefs(PAYLOADS['osc52'] + PAYLOADS['markup-click'])}</name></author>"
            f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(" ".join(WORDS))} '
            f"{escape(name)}</p><p><a href=\"{escape(LINKS[0])}\">js</a> {escape(PAYLOADS['markup-link'])}</p></div></content>"
            "</entry>"
        )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Atom {escape(PAYLOADS['markup-close'])}</title><id>urn:x</id><updated>2025-03-27T10:00:00Z</updated>"
            + "".join(entries) + "</feed>\n")


def _json_feed() -> str:
    items = []
    for i, (name, value) in enumerate(PAYLOADS.items()):
        items.append({
            "id": f"{i}{value}",
            "url": LINKS[i % len(LINKS)],
            "external_url": "file:///etc/shadow",
            "title": f"JSON {i} {value} {PAYLOADS['markup-click']}",
            "content_html": f"<p>{escape(' '.join(WORDS))} {escape(value)}</p><a href=\"{LINKS[1]}\">x</a>",
            "summary": value,
            "date_published": "2025-03-27T10:00:00Z" if i % 2 else value,
            "authors": [{"name": PAYLOADS["markup-link"] + value}],
            "tags": [value, PAYLOADS["markup-close"], ["nested"], {"x": 1}, 5],
        })
    items.append("not an object")
    items.append({"title": None, "content_text": None})
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON " + PAYLOADS["osc0"] + PAYLOADS["markup-bold"],
           "home_page_url": LINKS[0], "items": items}
    return json.dumps(doc)  # control characters as \u001b escapes, which JSON allows


def _entity_bomb() -> str:
    lol = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                     for i in range(1, 10)]
    return ('<?xml version="1.0"?><!DOCTYPE rss [' + "".join(lol) + ']><rss version="2.0"><channel>'
            "<title>&lol9;</title><item><title>&lol9;</title><link>https://x.example/1</link></item></channel></rss>\n")


def _external_entity() -> str:
    return ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            '<!ENTITY net SYSTEM "http://127.0.0.1:9/evil.dtd">]><rss version="2.0"><channel><title>&xxe;</title>'
            "<item><title>&net;</title><link>https://x.example/1</link></item></channel></rss>\n")


def _parameter_entity() -> str:
    return ('<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>\n')


def _malformed_feed() -> str:
    return _rss(2).replace("</item>", "</itme>", 1)[: -40] + "<item><title>Cut" + PAYLOADS["markup-click"]


def big_file(path: Path, size: int, chunk: str | None = None) -> Path:
    """Write ``size`` bytes of hostile text lines to ``path`` (real bytes, not a sparse file)."""
    piece = ((chunk or hostile_line()) + "\n").encode("utf-8")
    block = piece * max(1, (1 << 20) // len(piece))
    with path.open("wb") as fh:
        left = size
        while left > 0:
            fh.write(block[:left])
            left -= min(left, len(block))
    return path


# File names are outside text too: one with a title-setting sequence (an empty file, so its name
# is in a message), one with a clear-screen sequence and a bidi override (read as an article).
EMPTY_NAME = "\x1b]0;HOSTILETITLE\x07empty.txt"
GOOD_NAME = "\x1b[2J\u202egood.txt"

# What loading each file must give: "article" (at least one article), or a one-line problem
# containing the text given (refused), or "skipped" (a file that holds no article).
EXPECTED: dict[str, str] = {
    "scraped.txt": "article",
    "scraped-cp1252.txt": "article",
    "scraped-crlf.txt": "article",
    "long-line.txt": "article",
    "long-word.txt": "article",
    "undecodable.txt": "undecodable bytes",
    "nul-bytes.txt": "binary data",
    "only-controls.txt": "whitespace",
    "article.md": "article",
    "front-matter-only.md": "article",
    "page.html": "article",
    "nested.html": "article|no article text",
    "feed.rss": "article",
    "feed.atom": "article",
    "feed.json": "article",
    "malformed.xml": "article",
    "bomb.xml": "declares XML entities",
    "external.rss": "declares XML entities",
    "parameter.atom": "declares XML entities",
    "bad.json": "not valid JSON",
    "too-big.xml": "over the 10.0 MB limit",
    "links-only.rss": "article",
    EMPTY_NAME: "empty file",
    GOOD_NAME: "article",
}


def write_corpus(folder: Path, *, big: bool = True) -> dict[str, Path]:
    """Write every corpus file into ``folder``; returns name -> path. ``big`` adds the
    over-the-limit feed (10 MB and a little)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "scraped.txt": _scraped().encode("utf-8"),
        "scraped-cp1252.txt": ("Caf\xe9 – Outlet\n\n" + "\n\n".join(_prose(4)) + "\nna\xefve\n").encode("cp1252")
        + b"\xe9\x80 [@click=app.quit]x[/]\n",
        "scraped-crlf.txt": _scraped().replace("\n", "\r\n").encode("utf-8"),
        "long-line.txt": ("Long line – Outlet\n\n" + " ".join(hostile_line(i) for i in range(600)) + "\n").encode("utf-8"),
        "long-word.txt": ("Long word – Outlet\n\n" + "\n\n".join(_prose(3)) + "\n\n" + "x" * 200_000 + "[/]" * 1000
                          + "\n").encode("utf-8"),
        "undecodable.txt": b"Title - Outlet\n\nText with \x81\x8d\x8f\x90\x9d bytes no code page has.\n",
        "nul-bytes.txt": b"Title\x00 - Outlet\n\n" + b"\x00" * 64 + b"body\n",
        "only-controls.txt": ("\x1b[2J" + PAYLOADS["osc52"] + "\n\u202e\u2066\n\x1b]0;x\x07\n").encode("utf-8"),
        "article.md": _markdown().encode("utf-8"),
        "front-matter-only.md": ("---\ntitle: " + json.dumps(PAYLOADS["markup-click"] + PAYLOADS["osc0"])
                                 + "\n---\n" + PAYLOADS["markup-bold"] + " " + " ".join(WORDS) + "\n").encode("utf-8"),
        "page.html": _html().encode("utf-8"),
        "nested.html": _nested_html().encode("utf-8"),
        "feed.rss": _rss(6).encode("utf-8"),
        "feed.atom": _atom().encode("utf-8"),
        "feed.json": _json_feed().encode("utf-8"),
        "malformed.xml": _malformed_feed().encode("utf-8"),
        "bomb.xml": _entity_bomb().encode("utf-8"),
        "external.rss": _external_entity().encode("utf-8"),
        "parameter.atom": _parameter_entity().encode("utf-8"),
        "bad.json": b'{"version": "https://jsonfeed.org/version/1.1", "items": [' + b"[" * 100_000,
        "links-only.rss": ('<?xml version="1.0"?><rss version="2.0"><channel><title>Schemes</title>'
                           + "".join(f"<item><title>Link {i}</title><link>{escape(link)}</link>"
                                     f"<description>{escape(' '.join(WORDS))}</description></item>"
                                     for i, link in enumerate(LINKS))
                           + "</channel></rss>").encode("utf-8"),
    }
    files[EMPTY_NAME] = b""
    files[GOOD_NAME] = _scraped().replace("Storm", "Named").encode("utf-8")
    paths = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths[name] = path
    if big:
        head = _rss(1).replace("</channel></rss>\n", "")
        paths["too-big.xml"] = folder / "too-big.xml"
        with paths["too-big.xml"].open("w", encoding="utf-8") as fh:
            fh.write(head)
            fh.write(("<!-- " + "x" * 1_000_000 + " -->\n") * 11)
            fh.write("</channel></rss>\n")
    return paths
