"""Export to Markdown and W3C Web Annotation JSON, and import back: round trips, idempotence, hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from conftest import HOSTILE

from newsreader.core.errors import InputError
from newsreader.core.model import article_id
from newsreader.core.state import StateStore
from newsreader.core.state.export import (
    ArticleInfo,
    parse_json,
    parse_markdown,
    read_import,
    to_markdown,
    to_web_annotation,
)

TEXT = "Crews walked out on Monday.\n\nThe union said --> the offer <!-- was not enough.\n\nTalks resume Friday."
URL = "https://news.example/port-calder-strike"
WEB = article_id(url=URL)


def filled(path: Path) -> StateStore:
    store = StateStore.open(path)
    store.mark_read("a1")
    store.set_starred("a1")
    store.set_tags("a1", ["ferries", "Strike"])
    store.set_tags("a2", ["later"])
    store.add_note("a1", "# My take\n\n- one\n- two\n\n> quoted\n\n```\ncode -->\n```", title="Port Calder walkout")
    store.add_note("a1", "Second note, with a [link](https://example.org) and trailing spaces  \nnext line")
    store.add_note(WEB, "Note on a web article", title="Web story", url=URL)
    start = TEXT.index("The union")
    store.annotate("a1", TEXT, start, TEXT.index("enough.") + 7, note="Is this **true**?", tags=["check"])
    store.annotate("a1", TEXT, 0, TEXT.index("Talks"), title="Port Calder walkout")  # across paragraphs, no note
    assert store.flush()
    return store


def comparable(store: StateStore):
    snap = store.snapshot()
    notes = sorted((n.id, n.article, n.text, n.created, n.updated) for n in snap.notes)
    annotations = sorted(
        (a.id, a.article, a.exact, a.prefix, a.suffix, a.start, a.end, a.note, a.tags, a.created, a.updated)
        for a in snap.annotations
    )
    return snap.articles, notes, annotations


@pytest.mark.parametrize("kind", ["json", "markdown"])
def test_export_import_round_trip_is_exact_and_idempotent(tmp_path, kind):
    source = filled(tmp_path / "one" / "state.json")
    infos = {"a1": ArticleInfo("Port Calder walkout", None, "Harbourline Courier", "2025-04-08")}
    if kind == "json":
        text = orjson.dumps(to_web_annotation(source.snapshot(), infos)).decode()
        out = tmp_path / "export.json"
    else:
        text = to_markdown(source.snapshot(), infos)
        out = tmp_path / "export.md"
    out.write_text(text, encoding="utf-8")
    target = StateStore.open(tmp_path / "two" / "state.json")
    batch, skipped = read_import(out)
    assert skipped == []
    report = target.merge(batch)
    assert report.added == 5 and report.kept_newer == 0
    assert comparable(target) == comparable(source)
    assert target.flush()
    before = (tmp_path / "two" / "state.json").read_bytes()
    again = target.merge(read_import(out)[0])
    assert (again.added, again.updated) == (0, 0)
    assert target.flush()
    assert (tmp_path / "two" / "state.json").read_bytes() == before
    # Importing into the store it came from changes nothing either.
    same = source.merge(read_import(out)[0])
    assert (same.added, same.updated) == (0, 0)
    source.close()
    target.close()


def test_json_follows_the_web_annotation_model(tmp_path):
    store = filled(tmp_path / "state.json")
    data = to_web_annotation(store.snapshot())
    store.close()
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == len(data["first"]["items"])
    items = data["first"]["items"]
    assert all(i["type"] == "Annotation" and i["id"].startswith("urn:newsreader:") for i in items)
    by_motivation = {}
    for item in items:
        by_motivation.setdefault(item["motivation"], []).append(item)
    assert {"assessing", "bookmarking", "tagging", "commenting", "highlighting"} <= set(by_motivation)
    highlight = by_motivation["highlighting"][0]
    selectors = {s["type"]: s for s in highlight["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"].startswith("Crews walked out")
    assert selectors["TextPositionSelector"]["start"] == 0
    web_note = next(i for i in items if i["target"]["source"] == URL)
    assert web_note["body"]["format"] == "text/markdown"
    tags = next(i for i in by_motivation["tagging"] if i["target"]["source"].endswith(":a1"))
    assert [b["value"] for b in tags["body"]] == ["ferries", "Strike"]


def test_markdown_is_grouped_by_article_with_block_quotes(tmp_path):
    store = filled(tmp_path / "state.json")
    md = to_markdown(store.snapshot(), {"a1": ArticleInfo("Port Calder walkout", None, "Harbourline Courier", "2025-04-08")})
    store.close()
    assert md.startswith("---\n")
    assert md.count("\n## ") == 3
    assert "## Port Calder walkout" in md and "## Web story" in md and "## Article a2" in md
    assert "> The union said --> the offer <!-- was not enough." in md
    assert "> Crews walked out on Monday.\n>\n> The union said" in md
    assert "★ starred" in md and "tags: #ferries #Strike" in md
    assert "tags: #check" in md
    assert md.index("Port Calder walkout") < md.index("Web story")


def test_notes_edited_in_markdown_come_back(tmp_path):
    store = filled(tmp_path / "state.json")
    md = to_markdown(store.snapshot())
    note = store.notes("a1")[1]
    edited = md.replace(note.text, "Rewritten in Obsidian.\n\nWith a second paragraph.")
    report = store.merge(parse_markdown(edited)[0])
    assert report.updated == 1
    assert store.note(note.id).text == "Rewritten in Obsidian.\n\nWith a second paragraph."
    # A note changed here after the export is not overwritten by the older export.
    store.edit_note(note.id, "newer here")
    report = store.merge(parse_markdown(md)[0])
    assert report.kept_newer == 1 and store.note(note.id).text == "newer here"
    store.close()


def test_import_never_deletes(tmp_path):
    store = filled(tmp_path / "state.json")
    report = store.merge(parse_json({"type": "AnnotationCollection", "first": {"items": []}})[0])
    assert report.added == report.updated == 0
    assert len(store.all_notes()) == 3
    store.close()


def test_foreign_web_annotations_import_once(tmp_path):
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "id": "https://annotations.example/a/1",
                "type": "Annotation",
                "motivation": "commenting",
                "created": "2024-03-01T09:00:00Z",
                "body": [
                    {"type": "TextualBody", "value": "Interesting " + HOSTILE[3]},
                    {"type": "TextualBody", "value": "#Research", "purpose": "tagging"},
                ],
                "target": {"source": URL, "selector": {"type": "TextQuoteSelector", "exact": "walked out", "prefix": "Crews "}},
            },
            {"id": "https://annotations.example/a/2", "type": "Annotation", "body": {"type": "TextualBody", "value": "page note"}, "target": URL},
            {"id": "x", "type": "Annotation", "target": {"source": "ftp://nowhere"}},
            "not even an object",
        ],
    }
    batch, skipped = parse_json(foreign, "foreign.json")
    assert len(skipped) == 2 and all(line.startswith("foreign.json: item ") for line in skipped)
    store = StateStore.open(tmp_path / "state.json")
    assert store.merge(batch).added == 2
    (annotation,) = store.annotations(WEB)
    assert annotation.exact == "walked out" and annotation.tags == ("Research",)
    assert "\x1b" not in annotation.note and annotation.note.startswith("Interesting")
    assert [n.text for n in store.notes(WEB)] == ["page note"]
    assert store.merge(parse_json(foreign)[0]).added == 0
    store.close()


def test_hostile_imported_text_is_sanitised(tmp_path):
    store = StateStore.open(tmp_path / "state.json")
    store.add_note("a1", "plain")
    md = to_markdown(store.snapshot())
    note = store.all_notes()[0]
    store.close()
    evil = md.replace("plain", "\n".join(HOSTILE))
    batch, _ = parse_markdown(evil)
    (imported,) = batch.notes
    assert imported.id == note.id
    assert not any(ch in imported.text for ch in "\x1b\x07\u202e")
    assert "[@click=app.quit]Read[/]" in imported.text  # markup stays text, never run


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"type": "AnnotationCollection",\n "first": {"items": [}', "line 2: not valid JSON"),
        ('{"type": "AnnotationCollection", "first": 5}', "not Web Annotation JSON"),
        ("# Some notes\n\nNothing from newsreader here.\n", "no newsreader notes found"),
        ("x\n<!-- newsreader:note abc {\"article\": \"a1\"} -->\n\ntext with no end\n", "line 2: the note abc has no closing comment"),
        ("<!-- newsreader:note abc {not json} -->\n", "line 1: the newsreader comment is not valid JSON"),
    ],
)
def test_bad_import_files_are_one_clear_line(tmp_path, content, words):
    path = tmp_path / "in.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_import(path)
    assert str(info.value) == f"{path}: {str(info.value).split(': ', 1)[1]}"
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_and_binary_import_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_import(tmp_path / "nope.json")
    (tmp_path / "bin").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="binary"):
        read_import(tmp_path / "bin")
    with pytest.raises(InputError, match="folder"):
        read_import(tmp_path)


def test_json_export_is_plain_json(tmp_path):
    store = filled(tmp_path / "state.json")
    text = json.dumps(to_web_annotation(store.snapshot()))
    store.close()
    assert json.loads(text)["first"]["items"]


def test_write_export_for_the_app(tmp_path):
    from newsreader.core.state.export import article_infos, write_export

    store = filled(tmp_path / "state.json")
    infos = article_infos([])
    md = write_export(store.snapshot(), tmp_path / "out" / "n.md", "markdown", infos)
    js = write_export(store.snapshot(), tmp_path / "n.json", "json", infos)
    store.close()
    assert md.read_text(encoding="utf-8").startswith("---\n")
    assert json.loads(js.read_text(encoding="utf-8"))["type"] == "AnnotationCollection"
    with pytest.raises(ValueError):
        write_export(store.snapshot(), tmp_path / "x", "pdf")
    (tmp_path / "blocked").write_text("")
    with pytest.raises(InputError):
        write_export(store.snapshot(), tmp_path / "blocked" / "n.md", "markdown")


def _note_block(md: str, note_id: str) -> str:
    start = md.index(f"<!-- newsreader:note {note_id} ")
    end = md.index(f"<!-- /newsreader:note {note_id} -->") + len(f"<!-- /newsreader:note {note_id} -->")
    return md[start:end]


def test_a_note_block_copied_with_other_text_is_reported_and_import_stays_idempotent(tmp_path):
    store = filled(tmp_path / "state.json")
    md = to_markdown(store.snapshot())
    note = store.notes("a1")[1]
    block = _note_block(md, note.id)
    copy = block.replace(note.text, "Edited copy of the block.")
    file = tmp_path / "notes.md"
    file.write_text(md.replace(block, block + "\n\n" + copy), encoding="utf-8")
    copy_line = file.read_text(encoding="utf-8")[: file.read_text(encoding="utf-8").index(copy)].count("\n") + 1
    other = StateStore.open(tmp_path / "other.json")
    for _ in range(3):
        batch, skipped = read_import(file)
        assert [w for w in skipped if note.id in w] == [
            f"{file}: line {copy_line}: the note {note.id} appears again with different content "
            f"(first at line {md[: md.index(block)].count(chr(10)) + 1}); the first is imported, this copy is ignored"
        ]
        report = other.merge(batch)
        assert other.note(note.id).text == note.text
    assert report.updated == 0 and report.added == 0  # the second and third imports change nothing
    other.close()
    store.close()


@pytest.mark.parametrize("damage", ["indent", "remove"])
def test_a_note_block_whose_marker_is_indented_or_removed_is_reported(tmp_path, damage):
    store = filled(tmp_path / "state.json")
    md = to_markdown(store.snapshot())
    note = store.notes("a1")[1]
    opening = _note_block(md, note.id).splitlines()[0]
    broken = md.replace(opening, "    " + opening if damage == "indent" else "")
    file = tmp_path / "notes.md"
    file.write_text(broken, encoding="utf-8")
    batch, skipped = read_import(file)
    assert note.id not in [n.id for n in batch.notes]
    if damage == "indent":
        line = broken[: broken.index("    " + opening)].count("\n") + 1
        problem = f"the comment opening the note {note.id} is indented"
    else:
        closing = f"<!-- /newsreader:note {note.id} -->"
        line = broken[: broken.index(closing)].count("\n") + 1
        problem = f"a closing comment for the note {note.id} without its opening comment"
    assert skipped == [f"{file}: line {line}: {problem}; the block is ignored"]
    store.close()


def test_a_clean_markdown_export_reads_back_without_warnings(tmp_path):
    store = filled(tmp_path / "state.json")
    batch, skipped = parse_markdown(to_markdown(store.snapshot()))
    assert skipped == [] and len(batch.notes) == 3 and len(batch.annotations) == 2
    store.close()
