"""The one asked and dotted dates, two error classes seen on bench articles (silver-dev).

- A request naming no one (`Bộ X yêu cầu báo cáo kết quả trước ngày 10/2`) asks the body an
  earlier request verb of the paragraph named, even when that sentence's last request verb
  (`...; chỉ đạo tổ chức ...`) names no one.
- The body a report goes to (`để tổng hợp báo cáo Lãnh đạo Bộ Y trước ngày ...`) is its
  recipient, not the one who acts.
- A day written with dots (`vào ngày 3.6 tới`, `trước ngày 31.5.2017`) is read as a date, by
  the deadline rules and by the `deadline_date` column; a dotted number is not.

Sentences are written for the tests, after shapes seen in bench and train articles.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.commitment_columns import deadline_date
from pipeline.extractors.commitments.events import _deadlines
from tests.helpers import commitment_actor


@pytest.mark.parametrize(
    ("text", "phrase", "actor"),
    [
        pytest.param(
            "Bộ Y tế yêu cầu Sở Y tế Hà Nội kiểm tra làm rõ vụ việc, xử lý nghiêm theo quy"
            " định; chỉ đạo tổ chức rút kinh nghiệm về công tác quản lý. Bộ Y tế yêu cầu báo"
            " cáo kết quả trước ngày 15/3.",
            "báo cáo kết quả",
            "Sở Y tế Hà Nội",
            id="objectless-request-asks-the-earlier-verbs-addressee",
        ),
        pytest.param(
            "UBND tỉnh Nghệ An yêu cầu Sở Công Thương kiểm tra các cửa hàng xăng dầu. UBND"
            " tỉnh Nghệ An yêu cầu báo cáo kết quả trước ngày 20/4.",
            "báo cáo kết quả",
            "Sở Công Thương",
            id="objectless-request-after-a-one-verb-request",
        ),
        pytest.param(
            "Đồng thời Sở Tài chính tỉnh Nghệ An báo cáo kết quả về Tổng cục Thuế để tổng"
            " hợp báo cáo Lãnh đạo Bộ Tài chính trước ngày 5/7/2017.",
            "trước ngày 5/7/2017",
            "Sở Tài chính tỉnh Nghệ An",
            id="report-recipient-after-its-leaders-is-no-subject",
        ),
        pytest.param(
            "Sở Xây dựng tỉnh Quảng Nam báo cáo kết quả rà soát, tổng hợp báo cáo UBND tỉnh"
            " Quảng Nam trước ngày 30/6/2017.",
            "trước ngày 30/6/2017",
            "Sở Xây dựng tỉnh Quảng Nam",
            id="report-recipient-is-no-subject",
        ),
    ],
)
def test_actor_is_the_one_asked_or_reporting(text, phrase, actor):
    assert commitment_actor(text, phrase) == actor


# (id, text, whether `dl.day_dot` reads a date in it)
DOTTED_DAYS = [
    ("day-after-vao-ngay", "UBND tỉnh sẽ khởi công cầu vào ngày 3.6 tới.", True),
    ("day-after-du-kien-ngay", "Dự kiến ngày 25.5 sẽ thông xe cầu.", True),
    ("day-after-tu-ngay", "Quy định áp dụng từ ngày 1.8.", True),
    ("decimal-after-tu", "Giá tăng từ 1.5 lên 2.3 triệu đồng.", False),
    ("thousands-after-ngay", "Có 1.087 người vào ngày hội.", False),
    ("month-out-of-range", "Dự kiến ngày 12.15 sẽ họp.", False),
    ("day-out-of-range", "Dự kiến ngày 45.2 sẽ họp.", False),
    ("dotted-decimal-unit", "Cầu sẽ khởi công vào ngày 2.5 km đường mới.", False),
]


@pytest.mark.parametrize(
    ("text", "dated"),
    [case[1:] for case in DOTTED_DAYS],
    ids=[case[0] for case in DOTTED_DAYS],
)
def test_dotted_day_is_a_date_only_where_plausible(text, dated):
    rules = [d.rule for d in _deadlines(text, 0, text.lower())]
    assert ("dl.day_dot" in rules) is dated, rules


# (id, sentence, deadline year, expected deadline_date)
DOTTED_DEADLINE_DATES = [
    ("dotted-with-year", "Các sở báo cáo trước ngày 31.5.2017.", 2017, date(2017, 5, 31)),
    ("dashed-with-year", "Nhà thầu phải xong đến 15-3-2018.", 2018, date(2018, 3, 15)),
    ("dotted-without-year", "Sở phải báo cáo chậm nhất ngày 7.7.", 2017, date(2017, 7, 7)),
    ("dotted-month", "Công trình phải xong trước tháng 12.2017.", 2017, date(2017, 12, 31)),
    ("money-is-no-date", "Số tiền lãi lên đến 2.7 tỷ đồng.", 2017, None),
    ("range-is-no-date", "Thời gian xử lý rút xuống đến 10-15 ngày.", 2017, None),
    ("impossible-dotted-day", "Hoàn thành trước ngày 31.2.2017.", 2017, None),
]


@pytest.mark.parametrize(
    ("sentence", "deadline", "expected"),
    [case[1:] for case in DOTTED_DEADLINE_DATES],
    ids=[case[0] for case in DOTTED_DEADLINE_DATES],
)
def test_deadline_date_reads_dotted_and_dashed_days(sentence, deadline, expected):
    assert deadline_date(deadline, [sentence]) == expected
