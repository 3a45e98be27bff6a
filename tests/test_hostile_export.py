"""State export of notes and highlights whose text and quotes come from the hostile corpus:
Markdown and Web Annotation JSON hold the text literally, with no control character, and
article text can never read back as one of the export's own comments."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import orjson
from hostile import PAYLOADS, write_corpus

from newsreader.core.analysis.document import article_blocks
from newsreader.core.ingest.loader import load_articles
from newsreader.core.state import StateStore
from newsreader.core.state.export import article_infos, export_text, parse_json, parse_markdown

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FAKE = '<!-- newsreader:article deadbeefdeadbeef {"starred":"2025-01-01T00:00:00Z","tags":["pwned"]} -->'


def test_exports_of_hostile_quotes_and_notes(tmp_path):
    paths = write_corpus(tmp_path / "corpus", big=False)
    (article,), _ = load_articles(paths["scraped.txt"])
    article = replace(article, outlet=FAKE, published=None, url=None)  # an outlet that looks like the export's own comment
    text, _ = article_blocks(article)
    store = StateStore.open(tmp_path / "data" / "state.json", role="writer")
    try:
        at = text.find("[@click")
        assert at >= 0
        store.annotate(article.id, text, at, at + 80, note=PAYLOADS["markup-link"] + PAYLOADS["osc52"],
                       tags=[PAYLOADS["markup-click"], PAYLOADS["bidi"]])
        store.add_note(article.id, "\n\n".join(PAYLOADS.values()))
        store.set_tags(article.id, [PAYLOADS["markup-close"], PAYLOADS["osc8"]])
        store.set_starred(article.id)
        snapshot = store.snapshot()
    finally:
        store.close()
    infos = article_infos([article])
    markdown = export_text(snapshot, "markdown", infos)
    web = export_text(snapshot, "json", infos)
    for out in (markdown, web):
        assert not UNSAFE.search(out)
    assert "[@click=app.quit]Read[/]" in markdown and "[@click=app.quit]Read[/]" in web
    batch, skipped = parse_markdown(markdown)
    assert set(batch.marks) == {article.id} and "pwned" not in str(batch.marks)
    assert len(batch.notes) == 1 and len(batch.annotations) == 1 and not skipped
    assert batch.annotations[0].exact == snapshot.annotations[0].exact
    assert "[@click=app.quit]Read[/]" in batch.annotations[0].exact
    batch, skipped = parse_json(orjson.loads(web))
    assert len(batch.notes) == 1 and len(batch.annotations) == 1
    assert json.loads(web)  # valid JSON


def test_hand_edited_ids_with_control_characters_are_reported_and_kept(tmp_path):
    path = tmp_path / "state.json"
    doc = {"meta": {"schema": {"version": 2}}, "articles": {"\x1b]0;x\x07": {"starred": "2025-01-01T00:00:00Z"}},
           "notes": {"n\x1b[2J": {"article": "a", "text": "t"}, "n2": {"article": "a b\n", "text": "t"},
                     "n3": {"article": "a", "text": "kept"}}}
    path.write_text(json.dumps(doc))
    store = StateStore.open(path, role="app")
    try:
        assert len(store.problems) == 3 and not any(UNSAFE.search(p) for p in store.problems)
        assert [n.text for n in store.all_notes()] == ["kept"]
        markdown = export_text(store.snapshot(), "markdown")
        assert not UNSAFE.search(markdown.replace("\n", ""))
        batch, _ = parse_markdown(markdown)  # what it exports reads back
        assert [n.text for n in batch.notes] == ["kept"]
        store.add_note("a", "new")
    finally:
        store.close()
    kept = json.loads(path.read_text())
    assert "\x1b]0;x\x07" in kept["articles"] and "n\x1b[2J" in kept["notes"]  # never dropped from the file


def test_hand_edited_tags_and_marks_with_controls_are_cleaned_on_load(tmp_path):
    path = tmp_path / "state.json"
    doc = {"meta": {"schema": {"version": 2}},
           "articles": {"a": {"tags": ["\x9b2J\x9b?1049l", "[b]x\u202e", "ok"], "read": "2025\x9d0;t\x9c-01-01"}}}
    path.write_text(json.dumps(doc))
    store = StateStore.open(path, role="reader")
    assert all(not UNSAFE.search(t) for t in store.tags("a"))
    assert "[b]x" in store.tags("a") and store.is_read("a")
    for fmt in ("markdown", "json"):
        assert not UNSAFE.search(export_text(store.snapshot(), fmt).replace("\n", ""))
    store.close()
