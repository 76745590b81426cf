"""Counts of occasions (`N lần`) are no targets: they tell how often something happened; nor is
what there will be at a time with no one who acts (`Năm 2030 sẽ có 2 triệu ô tô`).

Shapes seen in train and on the bench: a finding (`trong đó có 10 lần sau ngày ...`), a record
of reports (`4 lần báo cáo liên tục tại các kỳ họp`), a person's story (`sau 2 lần bị từ
chối`). A sentence with a real target beside such a count keeps its row, without the count as
its value. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.extractors.commitments.events import _occasions
from tests.helpers import commitment_rows

NO_TARGET = [
    pytest.param(
        "Bộ KH&ĐT sẽ giải trình việc giao vốn chậm, trong đó có 10 lần sau ngày 31/12/2014.",
        id="finding-count",
    ),
    pytest.param(
        "Dự kiến sáng mai, UBND huyện sẽ tiếp ông Nguyễn Văn An lần 3 sau 2 lần bị hoãn.",
        id="times-put-off",
    ),
]


@pytest.mark.parametrize("text", NO_TARGET)
def test_count_of_occasions_is_no_value(text: str) -> None:
    rows = commitment_rows(text)
    assert all(not r.values for r in rows), rows


STILL_TARGET = [
    pytest.param(
        "Năm 2017, UBND tỉnh Nghệ An sẽ tổ chức 4 lần kiểm tra các dự án.",
        "UBND tỉnh Nghệ An",
        id="dated-plan-keeps-row",
    ),
]


@pytest.mark.parametrize(("text", "actor"), STILL_TARGET)
def test_dated_plan_with_count_is_kept(text: str, actor: str) -> None:
    rows = commitment_rows(text)
    assert [r.actor for r in rows] == [actor], rows


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        pytest.param("trong đó có 10 lần", "lần", True, id="count"),
        pytest.param("tăng gấp 10 lần", "lần", False, id="ratio-gap"),
        pytest.param("giảm 10 lần", "lần", False, id="ratio-fall"),
        pytest.param("trong đó có 10 tỷ đồng", "tỷ đồng", False, id="money"),
    ],
)
def test_occasions(text: str, unit: str, expected: bool) -> None:
    assert _occasions(text, unit, text.index("10")) is expected


EXISTS = [
    pytest.param(
        "Ông Vũ Văn Viện, Giám đốc Sở GTVT Hà Nội cho biết ùn tắc tại thành phố Hà Nội ngày càng "
        "nặng. Năm 2030 sẽ có 2 triệu ô tô.",
        [],
        id="time-then-se-co",
    ),
    pytest.param(
        "Theo quy hoạch, thành phố Hà Nội dự kiến sẽ có khoảng 138 cụm công nghiệp vào năm 2030.",
        ["thành phố Hà Nội"],
        id="subject-plans-to-have",
    ),
]


@pytest.mark.parametrize(("text", "actors"), EXISTS)
def test_what_there_will_be_at_a_time_is_no_target(text: str, actors: list[str]) -> None:
    rows = commitment_rows(text)
    assert [r.actor for r in rows] == actors, rows
