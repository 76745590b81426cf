"""Paired targets in one sentence: each gets its own clause (GUIDELINES: one entry per target).

Shapes seen on bench articles, in sentences written for these tests: two targets joined by `còn`
("while / as for") or `trong khi` ("whereas"), with or without a comma (`cầu thứ nhất sẽ hoàn
thành sau 6 tháng thi công còn cầu thứ hai sẽ hoàn thành trong vòng 10 tháng`), and an exception
opened by `riêng` after a comma. Where the words around `còn` hold no marker it is "down to"
(`giảm từ 20 tỷ còn 10 tỷ`) and nothing is cut.
"""

from __future__ import annotations

import pytest

from pipeline.text.clauses import DEADLINE, DURATION, FIGURE, Anchor, split_clauses


def _anchors(text: str, phrases: list[tuple[str, str]]) -> list[Anchor]:
    """Anchors at the first place each `(kind, phrase)` occurs in `text`."""
    found = []
    for kind, phrase in phrases:
        start = text.index(phrase)
        found.append(Anchor(start, start + len(phrase), kind))
    return found


@pytest.mark.parametrize(
    ("text", "anchors", "clauses"),
    [
        pytest.param(
            "cầu A sẽ hoàn thành sau 6 tháng thi công còn cầu B sẽ hoàn thành trong vòng 10 tháng",
            [(DURATION, "trong vòng 10 tháng")],
            [
                "cầu A sẽ hoàn thành sau 6 tháng thi công",
                "còn cầu B sẽ hoàn thành trong vòng 10 tháng",
            ],
            id="con-without-comma-between-two-marked-targets",
        ),
        pytest.param(
            "tuyến số 1 sẽ thông xe vào năm 2018, còn tuyến số 2 dự kiến thông xe vào năm 2020",
            [(DEADLINE, "vào năm 2018"), (DEADLINE, "vào năm 2020")],
            ["tuyến số 1 sẽ thông xe vào năm 2018", "còn tuyến số 2 dự kiến thông xe vào năm 2020"],
            id="con-after-a-comma-between-two-marked-targets",
        ),
        pytest.param(
            "nhóm hộ A phải giảm 5% chi phí, trong khi nhóm hộ B phải giảm 10% chi phí",
            [(FIGURE, "5%"), (FIGURE, "10%")],
            ["nhóm hộ A phải giảm 5% chi phí", "trong khi nhóm hộ B phải giảm 10% chi phí"],
            id="trong-khi-after-a-comma-between-two-marked-targets",
        ),
        pytest.param(
            "các sở báo cáo trước ngày 31/5/2017, còn các bệnh viện phải báo cáo trước ngày 29/5/2017",
            [(DEADLINE, "trước ngày 31/5/2017"), (DEADLINE, "trước ngày 29/5/2017")],
            [
                "các sở báo cáo trước ngày 31/5/2017",
                "còn các bệnh viện phải báo cáo trước ngày 29/5/2017",
            ],
            id="con-after-a-comma-with-a-marker-only-after-and-anchors-on-both-sides",
        ),
        pytest.param(
            "các sở báo cáo kết quả, còn các bệnh viện phải báo cáo trước ngày 29/5/2017",
            [(DEADLINE, "trước ngày 29/5/2017")],
            ["các sở báo cáo kết quả, còn các bệnh viện phải báo cáo trước ngày 29/5/2017"],
            id="con-after-a-comma-with-no-marker-before-needs-a-left-anchor",
        ),
        pytest.param(
            "các tuyến sẽ thông xe vào năm 2018, riêng tuyến số 3 dự kiến thông xe vào năm 2019",
            [(DEADLINE, "vào năm 2018"), (DEADLINE, "vào năm 2019")],
            [
                "các tuyến sẽ thông xe vào năm 2018",
                "riêng tuyến số 3 dự kiến thông xe vào năm 2019",
            ],
            id="rieng-after-a-comma-opens-an-exception",
        ),
    ],
)
def test_paired_targets_are_cut(
    text: str, anchors: list[tuple[str, str]], clauses: list[str]
) -> None:
    found = split_clauses(text, 0, _anchors(text, anchors))
    assert [text[c.start : c.end] for c in found] == clauses


@pytest.mark.parametrize(
    ("text", "anchors"),
    [
        pytest.param(
            "nợ phải thu giảm từ 20 tỷ đồng còn 10 tỷ đồng",
            [(FIGURE, "20 tỷ đồng"), (FIGURE, "10 tỷ đồng")],
            id="con-as-down-to-between-two-figures",
        ),
        pytest.param(
            "tỉnh phải giảm tỷ lệ hộ nghèo từ 8% còn 4% vào năm 2020",
            [(FIGURE, "8%"), (FIGURE, "4%"), (DEADLINE, "vào năm 2020")],
            id="con-as-down-to-with-a-marker-only-before",
        ),
        pytest.param(
            "xuất khẩu dự kiến đạt 3 tỷ USD còn có thể tăng thêm trong năm 2018",
            [(FIGURE, "3 tỷ USD"), (DEADLINE, "trong năm 2018")],
            id="con-right-before-a-marker-is-still",
        ),
        pytest.param(
            "nợ phải thu dự kiến giảm còn 10 tỷ đồng, trong khi nợ phải trả giảm còn 2 tỷ đồng",
            [(FIGURE, "10 tỷ đồng"), (FIGURE, "2 tỷ đồng")],
            id="trong-khi-before-a-debt-name-is-no-pair",
        ),
        pytest.param(
            "sẽ có 12 dự án hoàn thành trong khi cả năm 2017 chỉ có 3 dự án",
            [(FIGURE, "12 dự án"), (FIGURE, "3 dự án")],
            id="trong-khi-with-no-marker-after",
        ),
        pytest.param(
            "các hộ sẽ được cấp 50 căn nhà ở riêng sẽ xong trong vòng 10 tháng",
            [(FIGURE, "50 căn"), (DURATION, "trong vòng 10 tháng")],
            id="rieng-with-no-comma-is-own",
        ),
    ],
)
def test_no_cut_without_a_marked_pair(text: str, anchors: list[tuple[str, str]]) -> None:
    found = split_clauses(text, 0, _anchors(text, anchors))
    assert [text[c.start : c.end] for c in found] == [text]
