"""Export the state to Markdown or W3C Web Annotation JSON, and import either back.

JSON follows the Web Annotation Data Model: an ``AnnotationCollection`` whose one page holds

- a note: motivation ``commenting``, a Markdown ``TextualBody``;
- an annotation: motivation ``highlighting`` (``commenting`` when it has a note), a target with a
  ``TextQuoteSelector`` and a ``TextPositionSelector``, the note and tags as bodies;
- an article's tags: motivation ``tagging``; its star: ``bookmarking``; read: ``assessing``.

Ids are ``urn:newsreader:KIND:ID``; the target's source is the article's URL when its id comes
from that URL, else ``urn:newsreader:article:ID``. Annotations from elsewhere (any
``Annotation`` with a URL target) import too, under ids derived from theirs.

Markdown is grouped by article, one ``##`` heading each, notes as ``###`` sections and
highlights as block quotes, readable in Obsidian. Machine data rides in HTML comments (hidden
when rendered): note text between a note's two comments is what is imported, so notes can be
edited in the Markdown; the rest comes from the comments.

Importing never deletes and is idempotent: see ``StateStore.merge``. Imported text is sanitised.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from newsreader.core.errors import InputError
from newsreader.core.model import Article
from newsreader.core.model import article_id as make_article_id
from newsreader.core.sanitize import json_safe, sanitize
from newsreader.core.state.merge import ImportBatch
from newsreader.core.state.records import (
    MAX_NOTE_CHARS,
    Annotation,
    Note,
    clean_text,
    iso_or_now,
    normalize_tags,
    now_iso,
    valid_id,
)
from newsreader.core.state.view import Snapshot

__all__ = [
    "FORMATS",
    "ArticleInfo",
    "article_infos",
    "export_text",
    "parse_json",
    "parse_markdown",
    "read_import",
    "to_markdown",
    "to_web_annotation",
    "write_export",
]

CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {"newsreader": "urn:newsreader:vocab#"}]
URN = "urn:newsreader:"
MAX_IMPORT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What an export shows of an article besides its id."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None


Infos = Mapping[str, ArticleInfo]
FORMATS = ("markdown", "json")


def article_infos(articles: Iterable[Article]) -> dict[str, ArticleInfo]:
    """What exports show of the open articles (title, link, outlet, date), by id."""
    return {
        a.id: ArticleInfo(a.title, a.url, a.outlet, a.published.date().isoformat() if a.published else None)
        for a in articles
    }


def export_text(snapshot: Snapshot, fmt: str, infos: Infos | None = None) -> str:
    """The export as text: ``fmt`` is ``markdown`` or ``json`` (Web Annotation, indented)."""
    if fmt == "json":
        return json_safe(orjson.dumps(to_web_annotation(snapshot, infos), option=orjson.OPT_INDENT_2).decode("utf-8")) + "\n"
    if fmt == "markdown":
        return to_markdown(snapshot, infos)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_export(snapshot: Snapshot, path: Path, fmt: str, infos: Infos | None = None) -> Path:
    """Write the export to ``path`` (raises ``InputError`` naming the file when it cannot be written)."""
    path = Path(path).expanduser()
    text = export_text(snapshot, fmt, infos)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be written") from None
    return path


def _infos(snapshot: Snapshot, known: Infos | None) -> dict[str, ArticleInfo]:
    infos: dict[str, ArticleInfo] = dict(known or {})
    for item in (*snapshot.notes, *snapshot.annotations):
        if item.article not in infos and (item.title or item.url):
            infos[item.article] = ArticleInfo(item.title, item.url)
    return infos


def _source(article: str, info: ArticleInfo | None) -> str:
    url = info.url if info else None
    if url and url.lower().startswith(("http://", "https://")) and make_article_id(url=url) == article:
        return url
    return f"{URN}article:{article}"


def _target(article: str, info: ArticleInfo | None, selector: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    target: dict[str, Any] = {"source": _source(article, info)}
    if selector:
        target["selector"] = selector
    if info and info.title:
        target["newsreader:title"] = info.title
    return target


def _article_ids(snapshot: Snapshot) -> list[str]:
    ids = set(snapshot.articles)
    ids.update(n.article for n in snapshot.notes)
    ids.update(a.article for a in snapshot.annotations)
    return sorted(ids)


# -- JSON -----------------------------------------------------------------------------


def to_web_annotation(snapshot: Snapshot, infos: Infos | None = None) -> dict[str, Any]:
    """The state as a W3C Web Annotation ``AnnotationCollection`` (a JSON-ready dict)."""
    from newsreader import __version__

    known = _infos(snapshot, infos)
    items: list[dict[str, Any]] = []
    for article in _article_ids(snapshot):
        info = known.get(article)
        record = snapshot.articles.get(article, {})
        if isinstance(record.get("read"), str):
            items.append({
                "id": f"{URN}read:{article}", "type": "Annotation", "motivation": "assessing",
                "created": record["read"],
                "body": {"type": "TextualBody", "value": "read", "purpose": "assessing"},
                "target": _target(article, info),
            })
        if isinstance(record.get("starred"), str):
            items.append({
                "id": f"{URN}star:{article}", "type": "Annotation", "motivation": "bookmarking",
                "created": record["starred"], "target": _target(article, info),
            })
        tags = record.get("tags")
        if isinstance(tags, list) and tags:
            items.append({
                "id": f"{URN}tags:{article}", "type": "Annotation", "motivation": "tagging",
                "body": [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in tags if isinstance(t, str)],
                "target": _target(article, info),
            })
    for note in snapshot.notes:
        items.append({
            "id": f"{URN}note:{note.id}", "type": "Annotation", "motivation": "commenting",
            "created": note.created, "modified": note.updated,
            "body": {"type": "TextualBody", "value": note.text, "format": "text/markdown", "purpose": "commenting"},
            "target": _target(note.article, known.get(note.article)),
        })
    for a in snapshot.annotations:
        selector: list[dict[str, Any]] = [
            {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix}
        ]
        if a.start is not None and a.end is not None:
            selector.append({"type": "TextPositionSelector", "start": a.start, "end": a.end})
        bodies: list[dict[str, Any]] = []
        if a.note:
            bodies.append({"type": "TextualBody", "value": a.note, "format": "text/markdown", "purpose": "commenting"})
        bodies += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in a.tags]
        item: dict[str, Any] = {
            "id": f"{URN}annotation:{a.id}", "type": "Annotation",
            "motivation": "commenting" if a.note else "highlighting",
            "created": a.created, "modified": a.updated,
            "target": _target(a.article, known.get(a.article), selector),
        }
        if bodies:
            item["body"] = bodies
        items.append(item)
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "newsreader notes",
        "generator": {"id": "urn:newsreader", "type": "Software", "name": f"newsreader {__version__}"},
        "generated": now_iso(),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _article_of(target: Any) -> tuple[str | None, dict[str, Any]]:
    """The article id a target points at, and the target as an object."""
    target = _as_list(target)[0] if _as_list(target) else None
    if isinstance(target, str):
        target = {"source": target}
    if not isinstance(target, dict):
        return None, {}
    source = target.get("source", target.get("id"))
    if isinstance(source, dict):
        source = source.get("id")
    if not isinstance(source, str):
        return None, target
    if source.startswith(f"{URN}article:"):
        found = source[len(URN) + len("article:") :]
        return (found if valid_id(found) else None), target
    if source.lower().startswith(("http://", "https://")):
        return make_article_id(url=source), target
    return None, target


def _bodies(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in _as_list(item.get("body")) if isinstance(b, dict)]


def _text_body(body: dict[str, Any]) -> str | None:
    value = body.get("value", body.get("chars"))
    return value if isinstance(value, str) else None


def _local_id(kind: str, foreign: Any) -> tuple[str, bool]:
    """Our id for an item: ours unwrapped, or one derived from a foreign id (stable, so re-import is a no-op)."""
    if isinstance(foreign, str) and foreign.startswith(f"{URN}{kind}:"):
        found = foreign[len(URN) + len(kind) + 1 :]
        if valid_id(found):
            return found, True
    digest = hashlib.blake2b(str(foreign).encode("utf-8"), digest_size=16).hexdigest()
    return digest, False


def _note_text(text: str, where: str) -> str:
    text = clean_text(text)
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(f"{where}: the note is longer than {MAX_NOTE_CHARS:,} characters")
    return text


@dataclass
class _Parsed:
    batch: ImportBatch = field(default_factory=ImportBatch)
    skipped: list[str] = field(default_factory=list)


def _marks(batch: ImportBatch, article: str) -> dict[str, Any]:
    return batch.marks.setdefault(article, {})


def parse_json(data: Any, name: str = "<json>") -> tuple[ImportBatch, list[str]]:
    """An import batch from Web Annotation JSON, and one line per item that was skipped."""
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        first = data.get("first")
        items = first.get("items") if isinstance(first, dict) else data.get("items")
    elif (isinstance(data, dict) and data.get("type") == "AnnotationPage") or (isinstance(data, dict) and "items" in data):
        items = data.get("items")
    elif isinstance(data, dict):
        items = [data]
    else:
        items = data
    if not isinstance(items, list):
        raise InputError(name, "not Web Annotation JSON (no list of annotations)")
    out = _Parsed()
    for number, item in enumerate(items, 1):
        where = f"item {number}"
        try:
            _parse_item(item, out.batch)
        except ValueError as exc:
            out.skipped.append(f"{name}: {where}: {exc}; skipped")
    return out.batch, out.skipped


def _parse_item(item: Any, batch: ImportBatch) -> None:
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise ValueError("not an Annotation")
    article, target = _article_of(item.get("target"))
    if article is None:
        raise ValueError("its target is neither a newsreader article nor a web page")
    foreign = item.get("id")
    motivation = item.get("motivation")
    motivations = set(_as_list(motivation))
    bodies = _bodies(item)
    created = iso_or_now(item.get("created"))
    updated = iso_or_now(item.get("modified") or item.get("created"))
    title = target.get("newsreader:title") if isinstance(target.get("newsreader:title"), str) else None
    title = sanitize(title) if title else None
    selectors = {s.get("type"): s for s in _as_list(target.get("selector")) if isinstance(s, dict)}
    kind = str(foreign).removeprefix(URN).split(":", 1)[0] if str(foreign).startswith(URN) else None

    if kind == "read" or (kind is None and motivations == {"assessing"}):
        _marks(batch, article)["read"] = created
        return
    if kind == "star" or (kind is None and motivations == {"bookmarking"}):
        _marks(batch, article)["starred"] = created
        return
    tags = [t for b in bodies if b.get("purpose") == "tagging" and (t := _text_body(b))]
    comments = [t for b in bodies if b.get("purpose") != "tagging" and (t := _text_body(b)) is not None]
    if "TextQuoteSelector" in selectors:
        quote = selectors["TextQuoteSelector"]
        exact = quote.get("exact")
        if not isinstance(exact, str) or not exact:
            raise ValueError("its TextQuoteSelector has no quote")
        position = selectors.get("TextPositionSelector", {})
        start, end = position.get("start"), position.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            start = end = None
        local, _ = _local_id("annotation", foreign)
        batch.annotations.append(Annotation(
            id=local,
            article=article,
            exact=sanitize(exact),
            prefix=sanitize(quote.get("prefix")) if isinstance(quote.get("prefix"), str) else "",
            suffix=sanitize(quote.get("suffix")) if isinstance(quote.get("suffix"), str) else "",
            start=start,
            end=end,
            note=_note_text("\n\n".join(comments), "the annotation") if comments else "",
            tags=normalize_tags(tags),
            created=created,
            updated=updated,
            title=title,
        ))
        return
    if kind == "tags" or (kind is None and motivations == {"tagging"}) or (tags and not comments):
        joined = normalize_tags(_marks(batch, article).get("tags", []) + list(tags))
        if not joined:
            raise ValueError("a tagging annotation with no tags")
        _marks(batch, article)["tags"] = list(joined)
        return
    text = _note_text("\n\n".join(comments), "the note") if comments else ""
    if not text.strip():
        raise ValueError("a note with no text")
    local, _ = _local_id("note", foreign)
    batch.notes.append(Note(local, article, text, created, updated, title))
    if tags:
        _marks(batch, article)["tags"] = list(normalize_tags(_marks(batch, article).get("tags", []) + tags))


# -- Markdown -------------------------------------------------------------------------

_MARKER = re.compile(r"^<!-- newsreader:(article|note|annotation) (\S+) (\{.*\}) -->[ \t]*$", re.MULTILINE)
# Any line that starts (after blanks) like a newsreader comment; what _MARKER takes is not searched.
_STRAY = re.compile(r"^[ \t]*<!--[ \t]*(/?)[ \t]*newsreader:(article|note|annotation)\b[ \t]*(\S*)", re.MULTILINE)


def _marker(kind: str, ident: str, data: dict[str, Any]) -> str:
    payload = json_safe(orjson.dumps(data).decode("utf-8")).replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<!-- newsreader:{kind} {ident} {payload} -->"


def _end(kind: str, ident: str) -> str:
    return f"<!-- /newsreader:{kind} {ident} -->"


def _one_line(text: str) -> str:
    return " ".join(sanitize(text).split())


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def to_markdown(snapshot: Snapshot, infos: Infos | None = None) -> str:
    """The state as Markdown grouped by article (see the module doc)."""
    from newsreader import __version__

    known = _infos(snapshot, infos)
    notes: dict[str, list[Note]] = {}
    for note in snapshot.notes:
        notes.setdefault(note.article, []).append(note)
    annotations: dict[str, list[Annotation]] = {}
    for a in snapshot.annotations:
        annotations.setdefault(a.article, []).append(a)

    def order(article: str) -> tuple[str, str]:
        info = known.get(article)
        return ((info.title if info and info.title else "\uffff" + article).casefold(), article)

    lines = [
        "---",
        "title: newsreader notes",
        f"exported: {now_iso()}",
        f"generator: newsreader {__version__}",
        "---",
        "",
        "# newsreader notes",
        "",
    ]
    for article in sorted(_article_ids(snapshot), key=order):
        info = known.get(article) or ArticleInfo()
        record = snapshot.articles.get(article, {})
        tags = [t for t in record.get("tags", []) if isinstance(t, str)] if isinstance(record.get("tags"), list) else []
        header: dict[str, Any] = {}
        if info.title:
            header["title"] = info.title
        if info.url:
            header["url"] = info.url
        for key in ("read", "starred"):
            if isinstance(record.get(key), str):
                header[key] = record[key]
        if tags:
            header["tags"] = tags
        lines.append(f"## {_one_line(info.title) if info.title else 'Article ' + article}")
        lines.append(_marker("article", article, header))
        lines.append("")
        about = [x for x in (info.outlet, info.published) if x]
        if info.url:
            about.append(f"<{info.url}>")
        status = []
        if "starred" in header:
            status.append("★ starred")
        if "read" in header:
            status.append(f"read {_when(header['read'])}")
        if tags:
            status.append("tags: " + " ".join(f"#{t}" for t in tags))
        for row in (about, status):
            if row:
                line = " · ".join(_one_line(x) for x in row)
                # An outlet is article text: it must not read back as a newsreader comment.
                lines.append("\\" + line if line.startswith("<") else line)
                lines.append("")
        for note in sorted(notes.get(article, ()), key=lambda n: (n.created, n.id)):
            lines.append(f"### Note · {_when(note.created)}")
            lines.append(_marker("note", note.id, {"article": note.article, "created": note.created, "updated": note.updated}))
            lines += ["", note.text, "", _end("note", note.id), ""]
        placed = sorted(annotations.get(article, ()), key=lambda a: (a.start if a.start is not None else -1, a.created))
        for a in placed:
            lines.append(f"### Highlight · {_when(a.created)}")
            lines.append("")
            lines += ["> " + line if line else ">" for line in a.exact.split("\n")]
            lines.append("")
            if a.tags:
                lines += ["tags: " + " ".join(f"#{t}" for t in a.tags), ""]
            data = {
                "article": a.article, "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix,
                "start": a.start, "end": a.end, "tags": list(a.tags), "created": a.created, "updated": a.updated,
            }
            lines.append(_marker("annotation", a.id, data))
            lines += ["", a.note, "", _end("annotation", a.id), ""] if a.note else ["", _end("annotation", a.id), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def parse_markdown(text: str, name: str = "<markdown>") -> tuple[ImportBatch, list[str]]:
    """An import batch from a Markdown export; raises ``InputError`` naming the line when it is broken."""
    batch = ImportBatch()
    skipped: list[str] = []
    position = 0
    found = 0
    line, counted = 1, 0  # the line number at offset ``counted``, kept as the search moves on
    first: dict[tuple[str, str], tuple[int, Any]] = {}  # where each note/annotation was read

    def line_at(offset: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, offset)
        counted = offset
        return line

    indented: set[tuple[str, str]] = set()

    def stray(start: int, stop: int) -> None:
        # A newsreader comment the parser cannot use (indented, damaged, or a closing comment
        # whose opening one is gone): its block would be lost without a word.
        for bad in _STRAY.finditer(text, start, stop):
            closing, kind_, ident_ = bad.groups()
            ident_ = ident_ if valid_id(ident_) else ""
            what = f"the {kind_} {ident_}" if ident_ else f"a {kind_}"
            if closing:
                if (kind_, ident_) in indented:
                    continue  # already told about its opening comment
                problem = f"a closing comment for {what} without its opening comment"
            else:
                if ident_:
                    indented.add((kind_, ident_))
                if bad.group(0)[:1] in " \t":
                    problem = f"the comment opening {what} is indented"
                else:
                    problem = f"the comment opening {what} is not in the form newsreader writes"
            skipped.append(f"{name}: line {line_at(bad.start())}: {problem}; the block is ignored")

    while True:
        match = _MARKER.search(text, position)
        stray(position, match.start() if match else len(text))
        if match is None:
            break
        found += 1
        kind, ident, payload = match.groups()
        line = line_at(match.start())
        try:
            data = orjson.loads(payload)
        except orjson.JSONDecodeError as exc:
            raise InputError(name, f"line {line}: the newsreader comment is not valid JSON ({exc.msg})") from None
        if not isinstance(data, dict) or not valid_id(ident):
            raise InputError(name, f"line {line}: the newsreader comment is damaged")
        position = match.end()
        if kind == "article":
            marks: dict[str, Any] = {}
            for key in ("read", "starred"):
                if isinstance(data.get(key), str):
                    marks[key] = iso_or_now(data[key])
            tags = normalize_tags(data.get("tags") if isinstance(data.get("tags"), list) else ())
            if tags:
                marks["tags"] = list(tags)
            if marks:
                batch.marks[ident] = marks
            continue
        end = text.find("\n" + _end(kind, ident), position)
        if end < 0:
            raise InputError(name, f"line {line}: the {kind} {ident} has no closing comment ({_end(kind, ident)})")
        body = text[position:end]
        position = end + 1 + len(_end(kind, ident))
        article = data.get("article")
        if not valid_id(article):
            skipped.append(f"{name}: line {line}: the {kind} has no article id; skipped")
            continue
        created = iso_or_now(data.get("created"))
        updated = iso_or_now(data.get("updated") or created)
        try:
            body = _note_text(body, f"line {line}")
        except ValueError as exc:
            skipped.append(f"{name}: {exc}; skipped")
            continue
        if kind == "note":
            if not body.strip():
                skipped.append(f"{name}: line {line}: the note is empty; skipped")
                continue
            note = Note(ident, article, body, created, updated)
            if _again(first, kind, ident, line, note, skipped, name):
                continue
            batch.notes.append(note)
        else:
            exact = data.get("exact")
            if not isinstance(exact, str) or not exact:
                skipped.append(f"{name}: line {line}: the highlight has no quote; skipped")
                continue
            start, end_at = data.get("start"), data.get("end")
            if not (isinstance(start, int) and isinstance(end_at, int) and 0 <= start <= end_at):
                start = end_at = None
            annotation = Annotation(
                id=ident, article=article, exact=sanitize(exact),
                prefix=sanitize(data["prefix"]) if isinstance(data.get("prefix"), str) else "",
                suffix=sanitize(data["suffix"]) if isinstance(data.get("suffix"), str) else "",
                start=start, end=end_at, note=body,
                tags=normalize_tags(data.get("tags") if isinstance(data.get("tags"), list) else ()),
                created=created, updated=updated,
            )
            if _again(first, kind, ident, line, annotation, skipped, name):
                continue
            batch.annotations.append(annotation)
    if not found:
        raise InputError(name, "no newsreader notes found (expected a file made by 'newsreader export')")
    return batch, skipped


def _again(first: dict, kind: str, ident: str, line: int, item: Any, skipped: list[str], name: str) -> bool:
    """True for a second block with the same id: the first is kept, so a second import is the same."""
    seen = first.get((kind, ident))
    if seen is None:
        first[(kind, ident)] = (line, item)
        return False
    if seen[1] != item:
        skipped.append(f"{name}: line {line}: the {kind} {ident} appears again with different content "
                       f"(first at line {seen[0]}); the first is imported, this copy is ignored")
    return True


def read_import(path: Path) -> tuple[ImportBatch, list[str]]:
    """Read an export file (JSON or Markdown, told apart by its content)."""
    from newsreader.core.ingest.textfile import decode_text

    try:
        if path.is_dir():
            raise InputError(path, "is a folder, not a file")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(path, f"is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    if raw.lstrip()[:1] in (b"{", b"["):
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            line = raw.count(b"\n", 0, exc.pos) + 1
            raise InputError(path, f"line {line}: not valid JSON ({exc.msg})") from None
        return parse_json(data, str(path))
    text, _, _ = decode_text(raw, str(path), normalise=False)
    return parse_markdown(text.replace("\r\n", "\n"), str(path))
