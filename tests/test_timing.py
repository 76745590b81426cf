"""The instrumentation hooks (`pipeline.timing`): stages timed without patching code."""

from __future__ import annotations

from pipeline.extractors import ORDER, run_extractors
from pipeline.nlp import make_doc
from pipeline.timing import StageTimer
from tests.helpers import article_of


def test_make_doc_and_run_extractors_report_their_stages() -> None:
    timer = StageTimer()
    doc = make_doc(article_of("Tỉnh Quảng Ninh sẽ chi 50 tỷ đồng."), timer=timer)
    run_extractors(doc, timer=timer)
    expected = {"layout", "tokenize", "context", *(f"extract {table}" for table, _ in ORDER)}
    assert set(timer.seconds) == expected
    assert all(seconds >= 0 for seconds in timer.seconds.values())


def test_a_timer_changes_no_row() -> None:
    article = article_of("Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Quảng Ninh, cho biết.")
    timed = run_extractors(make_doc(article, timer=StageTimer()), timer=StageTimer())
    assert timed == run_extractors(make_doc(article))
