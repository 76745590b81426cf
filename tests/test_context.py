"""The declared context between extractors (`pipeline.extractors.context`)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date

import pytest

from pipeline.extractors import ORDER, run_extractors
from pipeline.extractors.context import ArticleContext, article_context, as_context
from pipeline.extractors.officials import extract_officials
from tests.helpers import doc_of

TEXT = "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Quảng Ninh, cho biết tỉnh sẽ chi 50 tỷ đồng."


def test_context_reads_the_article_once() -> None:
    doc = doc_of(TEXT, published_at="2017-05-03T10:00:00+07:00")
    context = article_context(doc)
    assert context.text == doc.text
    assert context.published == date(2017, 5, 3)
    assert context.era.name == "old"
    assert [m.name for m in context.locality_mentions] == ["Quảng Ninh"]


def test_context_is_frozen_and_grows_by_replacement() -> None:
    context = article_context(doc_of(TEXT))
    with pytest.raises(FrozenInstanceError):
        context.text = ""  # type: ignore[misc]
    fuller = context.with_rows("figures", ["row"])
    assert dict(context) == {}
    assert fuller["figures"] == ["row"]


def test_officials_read_the_locality_mentions_of_the_context() -> None:
    """Officials take their places from the context, not from their own locality pass."""
    doc = doc_of(
        "Hội nghị diễn ra tại tỉnh Quảng Ninh. Ông Nguyễn Văn An, Chủ tịch UBND tỉnh, phát biểu."
    )
    context = article_context(doc)
    with_places = extract_officials(doc, context)
    without = extract_officials(doc, replace(context, locality_mentions=()))
    assert with_places[0].locality == "tỉnh Quảng Ninh"
    assert without[0].locality != with_places[0].locality


def test_a_plain_mapping_is_completed_from_the_doc() -> None:
    doc = doc_of(TEXT)
    context = as_context(doc, {"figures": []})
    assert isinstance(context, ArticleContext)
    assert list(context) == ["figures"]


def test_run_extractors_fills_every_table_in_order() -> None:
    assert list(run_extractors(doc_of(TEXT))) == [table for table, _ in ORDER]
