"""The text of an article as analysed: body paragraphs, then captions, with their offsets."""

from __future__ import annotations

from dataclasses import dataclass

from newsreader.core.analysis.engine import Engine, get_engine
from newsreader.core.analysis.spans import Span
from newsreader.core.model import Article

__all__ = ["AnalysedArticle", "Block", "analyze_article", "article_blocks"]

SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or caption: ``kind`` and its range in the analysed text."""

    kind: str  # "paragraph" or "caption"
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AnalysedArticle:
    text: str
    blocks: tuple[Block, ...]
    spans: tuple[Span, ...]

    def spans_in(self, block: Block) -> list[Span]:
        """Spans inside one block, offsets still relative to the whole text."""
        return [s for s in self.spans if block.start <= s.start and s.end <= block.end]


def article_blocks(article: Article) -> tuple[str, tuple[Block, ...]]:
    """Body paragraphs joined by blank lines, then the captions as their own section."""
    pieces = [("paragraph", i, p) for i, p in enumerate(article.paragraphs)]
    pieces += [("caption", i, c.text) for i, c in enumerate(article.captions) if c.text]
    blocks: list[Block] = []
    position = 0
    for kind, index, text in pieces:
        if blocks:
            position += len(SEPARATOR)
        blocks.append(Block(kind, index, position, position + len(text)))
        position += len(text)
    return SEPARATOR.join(text for _, _, text in pieces), tuple(blocks)


def analyze_article(article: Article, engine: Engine | None = None) -> AnalysedArticle:
    text, blocks = article_blocks(article)
    spans = (engine or get_engine()).analyze(text, published=article.published)
    return AnalysedArticle(text=text, blocks=blocks, spans=tuple(spans))
