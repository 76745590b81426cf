"""`amount_vnd` and `deadline_date`: the commitment columns an analyst computes with."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline.commitment_columns import amount_vnd, deadline_date
from pipeline.extract import extract_article
from tests.helpers import article_of

# (id, sentence, deadline year, expected deadline_date)
DEADLINE_DATES = [
    ("quarter", "Dự án phải hoàn thành trong quý II/2022.", 2022, date(2022, 6, 30)),
    ("day", "UBND tỉnh yêu cầu bàn giao mặt bằng trước ngày 30/11/2022.", 2022, date(2022, 11, 30)),
    ("year", "Thành phố phấn đấu đến năm 2025 có 100% xã đạt chuẩn.", 2025, date(2025, 12, 31)),
    ("period", "Huyện đầu tư 500 tỷ đồng giai đoạn 2021-2025.", 2025, date(2025, 12, 31)),
    ("quarter-arabic", "Công trình đưa vào sử dụng trong quý 3 năm 2018.", 2018, date(2018, 9, 30)),
    ("month", "Nhà thầu phải xong trước tháng 6/2019.", 2019, date(2019, 6, 30)),
    ("day-without-year", "Sở phải báo cáo chậm nhất ngày 15/3.", 2020, date(2020, 3, 15)),
    ("quarter-without-year", "Tỉnh sẽ khởi công đến hết quý IV.", 2021, date(2021, 12, 31)),
    ("other-target-year", "Năm 2018 xong cầu, đến năm 2020 xong đường.", 2020, date(2020, 12, 31)),
    (
        "period-in-brackets",
        "Giai đoạn II (2023 - 2025), vốn khoảng 114.612 tỷ đồng.",
        2025,
        date(2025, 12, 31),
    ),
    ("year-only", "Năm 2025, tỉnh có 20 bệnh viện.", 2025, None),
    ("no-deadline", "Tỉnh sẽ khởi công trước ngày 30/11/2022.", None, None),
    ("impossible-day", "Hoàn thành trước ngày 31/2/2022.", 2022, None),
]


@pytest.mark.parametrize(
    ("sentence", "deadline", "expected"),
    [case[1:] for case in DEADLINE_DATES],
    ids=[case[0] for case in DEADLINE_DATES],
)
def test_deadline_date_is_the_last_day_written(sentence, deadline, expected):
    assert deadline_date(deadline, [sentence]) == expected


def test_the_clause_wins_over_the_sentence():
    sentence = "Tỉnh xong cầu trong quý I/2022 và xong đường trước ngày 30/11/2022."
    clause = "xong đường trước ngày 30/11/2022"
    assert deadline_date(2022, [clause, sentence]) == date(2022, 11, 30)


B = Decimal(10**9)

# (id, values, figure_units, expected amount_vnd)
AMOUNTS = [
    ("one-amount", [500 * B], ["VND"], 500 * B),
    ("total-and-part", [1200 * B, 400 * B], ["VND", "VND"], 1200 * B),
    ("percent-only", [Decimal("95.5")], ["%"], None),
    ("money-and-percent", [Decimal(80), 30 * B], ["%", "VND"], 30 * B),
    ("other-currency", [Decimal(2 * 10**6)], ["USD"], None),
    ("no-values", [], [], None),
]


@pytest.mark.parametrize(
    ("values", "units", "expected"),
    [case[1:] for case in AMOUNTS],
    ids=[case[0] for case in AMOUNTS],
)
def test_amount_vnd_is_the_largest_amount_in_dong(values, units, expected):
    assert amount_vnd(values, units) == expected


# Whole articles through the extractors: the four shapes of the issue, as rows of the table.
TABLE_CASES = [
    ("quarter", "UBND tỉnh yêu cầu chủ đầu tư hoàn thành dự án trong quý II/2022.", "2022-06-30"),
    (
        "day",
        "UBND tỉnh yêu cầu các huyện hoàn thành giải phóng mặt bằng trước ngày 30/11/2022.",
        "2022-11-30",
    ),
    (
        "year",
        "UBND tỉnh phấn đấu đến năm 2025 có 100% số xã đạt chuẩn nông thôn mới.",
        "2025-12-31",
    ),
    (
        "period",
        "Giai đoạn 2021-2025, UBND tỉnh Quảng Ninh sẽ đầu tư 1.200 tỷ đồng để xây dựng 50 trường học.",
        "2025-12-31",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [case[1:] for case in TABLE_CASES],
    ids=[case[0] for case in TABLE_CASES],
)
def test_commitments_table_has_deadline_date(sentence, expected):
    result = extract_article(article_of(sentence, published_at="2021-03-01"))
    rows = result.tables["commitments"]
    assert rows, f"no commitment found in {sentence!r}"
    assert [str(row.deadline_date) for row in rows] == [expected]


def test_commitments_table_has_amount_vnd():
    sentence = "Giai đoạn 2021-2025, UBND tỉnh Quảng Ninh sẽ đầu tư 1.200 tỷ đồng để xây dựng 50 trường học."
    rows = extract_article(article_of(sentence, published_at="2021-03-01")).tables["commitments"]
    assert [row.amount_vnd for row in rows] == [1200 * B]
