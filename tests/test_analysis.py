"""The analyses behind the notebooks: plausible deadlines and targets merged across articles."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.analysis import merge_repeated_targets, plausible_deadline
from pipeline.charts import _items

# (id, deadline, published, plausible?)
DEADLINES = [
    ("plan-of-its-time", 2020, "2017-05-01", True),
    ("a-law-number-year", 1973, "2017-05-01", False),
    ("too-far-ahead", 2090, "2017-05-01", False),
    ("just-past", 2015, "2017-05-01", True),
    ("undated-article-modern-year", 2030, None, True),
    ("undated-article-old-year", 1973, None, False),
    ("no-deadline", None, "2017-05-01", False),
]


@pytest.mark.parametrize(
    ("deadline", "published", "expected"),
    [case[1:] for case in DEADLINES],
    ids=[case[0] for case in DEADLINES],
)
def test_plausible_deadline(deadline, published, expected):
    frame = pd.DataFrame({"deadline": [deadline], "published": [pd.to_datetime(published)]})
    assert bool(plausible_deadline(frame).iloc[0]) is expected


def _rows(*rows):
    columns = ["article_id", "actor", "deadline", "amount_vnd", "published"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["published"] = pd.to_datetime(frame["published"])
    return frame


B = 1e9

# (id, rows, targets kept (article ids), merged reports)
MERGES = [
    (
        "same-target-two-articles",
        [("a", "UBND tỉnh Lào Cai", 2020, 500 * B, "2017-01-02"),
         ("b", "UBND tỉnh Lào Cai", 2020, 500 * B, "2017-03-02")],
        ["a"], [2],
    ),
    (
        "amounts-within-one-percent",
        [("a", "UBND tỉnh Lào Cai", 2020, 500 * B, "2017-01-02"),
         ("b", "UBND TỈNH LÀO CAI", 2020, 504 * B, "2017-03-02")],
        ["a"], [2],
    ),
    (
        "amounts-two-percent-apart",
        [("a", "UBND tỉnh Lào Cai", 2020, 500 * B, "2017-01-02"),
         ("b", "UBND tỉnh Lào Cai", 2020, 510 * B, "2017-03-02")],
        ["a", "b"], [],
    ),
    (
        "other-deadline",
        [("a", "UBND tỉnh Lào Cai", 2020, 500 * B, "2017-01-02"),
         ("b", "UBND tỉnh Lào Cai", 2025, 500 * B, "2017-03-02")],
        ["a", "b"], [],
    ),
    (
        "other-actor",
        [("a", "UBND tỉnh Lào Cai", 2020, 500 * B, "2017-01-02"),
         ("b", "UBND tỉnh Yên Bái", 2020, 500 * B, "2017-03-02")],
        ["a", "b"], [],
    ),
    (
        "no-actor-never-merged",
        [("a", None, 2020, 500 * B, "2017-01-02"), ("b", None, 2020, 500 * B, "2017-03-02")],
        ["a", "b"], [],
    ),
    (
        "earliest-report-kept",
        [("late", "Bộ GTVT", None, 9 * B, "2017-06-01"), ("early", "Bộ GTVT", None, 9 * B, "2017-01-01")],
        ["early"], [2],
    ),
    (
        "no-amount-left-out",
        [("a", "Bộ GTVT", 2020, None, "2017-06-01")],
        [], [],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "kept", "reports"), [case[1:] for case in MERGES], ids=[case[0] for case in MERGES]
)
def test_merge_repeated_targets(rows, kept, reports):
    money = merge_repeated_targets(_rows(*rows))
    assert money.targets["article_id"].tolist() == kept
    assert money.merged["reports"].tolist() == reports


def test_repeated_chart_labels_stay_apart():
    series = pd.Series([3, 2], index=["Nguyễn Văn A", "Nguyễn Văn A"])
    assert _items(series) == [("Nguyễn Văn A", 3), ("Nguyễn Văn A (2)", 2)]
