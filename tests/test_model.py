from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from newsreader.core.ingest.scraped import parse_scraped
from newsreader.core.model import Article, article_id, canonical_url

ARTICLE = """News

A Bridge Reopens After Repairs – The Example Gazette

By Jane Doe
March 3, 2024

The old bridge reopened on Sunday after eighteen months of repairs that cost the town more than expected.

Engineers said the new deck would last for at least another fifty years if it was looked after properly.
"""


def test_article_is_frozen():
    article = parse_scraped(ARTICLE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "x"  # type: ignore[misc]


def test_id_does_not_depend_on_the_body():
    original = parse_scraped(ARTICLE)
    edited = parse_scraped(ARTICLE.replace("eighteen months", "two years"))
    assert original.paragraphs != edited.paragraphs
    assert original.id == edited.id


def test_id_changes_with_title_outlet_or_date():
    base = parse_scraped(ARTICLE)
    assert parse_scraped(ARTICLE.replace("A Bridge", "The Bridge")).id != base.id
    assert parse_scraped(ARTICLE.replace("Example Gazette", "Other Gazette")).id != base.id
    assert parse_scraped(ARTICLE.replace("March 3", "March 4")).id != base.id


def test_id_ignores_case_and_spacing_of_title():
    a = article_id(outlet="Outlet", title="Big  News", published=datetime(2024, 1, 1))
    b = article_id(outlet="outlet", title="big news", published=datetime(2024, 1, 1))
    assert a == b


def test_id_from_canonical_url_wins():
    a = article_id(url="HTTPS://Example.test/story/#top", title="one")
    b = article_id(url="https://example.test/story", title="two")
    assert a == b
    assert canonical_url("http://Example.test:80/a/") == "http://example.test/a"


def test_published_is_naive_without_a_zone_and_aware_with_one():
    naive = parse_scraped(ARTICLE).published
    assert naive == datetime(2024, 3, 3) and naive.tzinfo is None
    aware = parse_scraped(ARTICLE.replace("March 3, 2024", "March 3, 2024 6:05 a.m. ET")).published
    assert aware is not None and aware.isoformat() == "2024-03-03T06:05:00-05:00"


def test_to_json_round_trips_the_fields():
    article = parse_scraped(ARTICLE)
    data = article.to_json()
    assert data["title"] == "A Bridge Reopens After Repairs"
    assert data["outlet"] == "The Example Gazette"
    assert data["section"] == "News"
    assert data["byline"] == "Jane Doe"
    assert data["published"] == "2024-03-03T00:00:00"
    assert isinstance(article, Article)
