"""Shared by the app tests: a small fake analysis engine and fixed articles (no tests here)."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime

from newsreader.core.analysis.spans import Span
from newsreader.core.model import Article, Caption, article_id

# (text, label, canonical or value); found with str.find, so tests never depend on the real engine.
TERMS = (
    ("Kim Jong Un", "PERSON", "Kim Jong Un"),
    ("Vladimir Putin", "PERSON", "Vladimir Putin"),
    ("Fiona Trask", "PERSON", "Fiona Trask"),
    ("North Korea", "PLACE", "North Korea"),
    ("Port Calder", "PLACE", "Port Calder"),
    ("Calder Sound Ferries", "ORG", "Calder Sound Ferries"),
    ("3,000", "NUMBER", 3000),
    ("11,000", "NUMBER", 11000),
    ("9 percent", "PERCENT", 9),
    ("$1,200", "MONEY", {"value": 1200, "unit": "USD"}),
)


class FakeEngine:
    name = "fake"

    def __init__(self, terms=TERMS) -> None:
        self.terms = terms
        self.calls = 0

    def analyze(self, text: str, *, published: datetime | None = None) -> list[Span]:
        self.calls += 1
        spans: list[Span] = []
        for term, label, data in self.terms:
            start = text.find(term)
            while start >= 0:
                end = start + len(term)
                if isinstance(data, str):
                    spans.append(Span(start, end, label, term, canonical=data))
                else:
                    spans.append(Span(start, end, label, term, value=data))
                start = text.find(term, end)
        for start in _quote_starts(text):
            end = text.find("”", start)
            if end > start:
                spans.append(Span(start + 1, end, "QUOTE", text[start + 1 : end]))
        return sorted(spans, key=lambda s: (s.start, s.end))


class BrokenEngine:
    name = "broken"

    def analyze(self, text: str, *, published: datetime | None = None) -> list[Span]:
        raise ImportError("cannot import name 'find_entities'")


def _quote_starts(text: str):
    start = text.find("“")
    while start >= 0:
        yield start
        start = text.find("“", start + 1)


def make_article(title: str, outlet: str, when: datetime, paragraphs, captions=(), **extra) -> Article:
    return Article(
        id=article_id(outlet=outlet, title=title, published=when),
        title=title,
        outlet=outlet,
        published=when,
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
        **extra,
    )


def fixed_articles() -> list[Article]:
    """Three small articles with names and figures, stable for snapshots."""
    return [
        make_article(
            "North Korea Sends Additional 3,000 Troops",
            "One America News Network",
            datetime(2025, 3, 27, 13, 52),
            [
                "South Korea’s military reported that North Korea dispatched over 3,000 soldiers.",
                "A visit by North Korean leader Kim Jong Un to Moscow is in the works, officials said.",
                "About 11,000 troops from North Korea have been deployed so far.",
                "“We will stand with our friends,” Kim Jong Un said.",
            ],
            captions=[Caption("Vladimir Putin greets Kim Jong Un at the Vostochny Cosmodrome.", "AFP via Getty Images")],
            byline="James Meyers",
            byline_credit="OAN Staff",
            url="https://example.com/north-korea-troops",
            removed=("Advertisement", "Share this article"),
        ),
        make_article(
            "Port Calder Ferry Crews Walk Out",
            "The Harbourline Courier",
            datetime(2025, 3, 20, 7, 40),
            [
                "Ferry crews in Port Calder walked off the job early on Monday.",
                "Fiona Trask said the union wants 9 percent; Calder Sound Ferries offered $1,200.",
            ],
            byline="Tomas Reyne",
        ),
        make_article(
            "Summit Talk Returns to Kim Jong Un",
            "The Valemouth Post",
            datetime(2024, 11, 5, 9, 0),
            ["Diplomats said Kim Jong Un and Vladimir Putin could meet again next year."],
        ),
    ]


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    """Poll ``condition`` while the app runs; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition never became true")
        await pilot.pause(0.02)
        await asyncio.sleep(0)


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
