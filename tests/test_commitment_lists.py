"""Commitments stated as the items of a list: each item is its own row (issue 14).

Shapes seen in the train corpus, in sentences written for these tests: a breakdown that runs on
over several sentences (`Trong đó có 50 dự án ... . Có 3 dự án ..., 3 dự án ... và 24 dự án
...`), the dated steps of a schedule (`... trên 1 - 2 làn, sau năm 2019 sẽ áp dụng trên tất cả
các làn`), two verbs each with its own figure (`mở rộng đoạn A quy mô 4 làn xe và xây dựng mới
đoạn B ...`), the items of a phase dated in the sentence before (`Trong giai đoạn này ...`), the
`;`-tasks of a request whose deadline the next sentence gives (`giao X A; B; C.
Các công việc nói trên phải hoàn thành trong quý I-2017.`) and quarter deadlines written with a
dash (`trong quý I-2017`).
"""

from __future__ import annotations

import pytest

from pipeline.tables import CommitmentRow
from pipeline.text.clauses import DEADLINE, FIGURE, Anchor, split_clauses
from tests.helpers import commitment_rows

B = 1_000_000_000  # tỷ


def _values(row: CommitmentRow) -> list[float]:
    return [float(v) for v in row.values]


# (phrase the evidence contains, deadline, values)
CASES = [
    pytest.param(
        "Trong năm 2018, tỉnh Long An sẽ khởi công tổng cộng 40 công trình giao thông."
        " Trong đó có 25 công trình dùng vốn ngân sách tỉnh với 1.200 tỷ đồng."
        " Có 5 công trình dùng vốn ODA với 800 tỷ đồng, 10 công trình theo hình thức PPP với"
        " 2.000 tỷ đồng.",
        [
            ("khởi công tổng cộng 40 công trình", 2018, [40]),
            ("Trong đó có 25 công trình", 2018, [25, 1200 * B]),
            ("Có 5 công trình dùng vốn ODA", 2018, [5, 800 * B]),
            ("10 công trình theo hình thức PPP", 2018, [10, 2000 * B]),
        ],
        id="breakdown-runs-on-with-co-and-a-figure",
    ),
    pytest.param(
        "Trong năm 2018, tỉnh Long An sẽ khởi công tổng cộng 40 công trình giao thông."
        " Có 5 công trình dùng vốn ODA với 800 tỷ đồng.",
        [("khởi công tổng cộng 40 công trình", 2018, [40])],
        id="no-run-on-without-a-breakdown-before",
    ),
    pytest.param(
        "Trong năm 2018, tỉnh Long An sẽ khởi công tổng cộng 40 công trình giao thông."
        " Trong đó có 25 công trình dùng vốn ngân sách tỉnh với 1.200 tỷ đồng."
        " Còn lại 15 công trình dùng vốn xã hội hóa với 900 tỷ đồng.",
        [
            ("khởi công tổng cộng 40 công trình", 2018, [40]),
            ("Trong đó có 25 công trình", 2018, [25, 1200 * B]),
            ("Còn lại 15 công trình", 2018, [15, 900 * B]),
        ],
        id="breakdown-runs-on-with-con-lai",
    ),
    pytest.param(
        "Trong năm 2018, tỉnh Long An sẽ khởi công tổng cộng 40 công trình giao thông."
        " Trong đó có 25 công trình dùng vốn ngân sách tỉnh với 1.200 tỷ đồng."
        " 15 công trình dùng vốn xã hội hóa với 900 tỷ đồng.",
        [
            ("khởi công tổng cộng 40 công trình", 2018, [40]),
            ("Trong đó có 25 công trình", 2018, [25, 1200 * B]),
            ("15 công trình dùng vốn xã hội hóa", 2018, [15, 900 * B]),
        ],
        id="breakdown-runs-on-with-a-bare-figure",
    ),
    pytest.param(
        "Năm 2017, tỉnh Long An đã khởi công 40 công trình giao thông."
        " Trong đó có 25 công trình dùng vốn ngân sách tỉnh. Có 5 công trình dùng vốn ODA.",
        [],
        id="no-run-on-after-a-report",
    ),
    pytest.param(
        "Trong năm 2018, tỉnh Long An sẽ khởi công tổng cộng 40 công trình giao thông."
        " Trong đó có 25 công trình dùng vốn ngân sách tỉnh với 1.200 tỷ đồng."
        " Ông Nam cho biết thêm. Có 5 công trình dùng vốn ODA với 800 tỷ đồng.",
        [
            ("khởi công tổng cộng 40 công trình", 2018, [40]),
            ("Trong đó có 25 công trình", 2018, [25, 1200 * B]),
        ],
        id="no-run-on-after-a-sentence-in-between",
    ),
    pytest.param(
        "UBND tỉnh Bình Dương dự kiến từ 2018 - 2020 sẽ lắp camera trên 3 tuyến đường, sau năm"
        " 2020 sẽ lắp trên toàn bộ các tuyến.",
        [
            ("lắp camera trên 3 tuyến đường", 2020, [3]),
            ("sau năm 2020 sẽ lắp trên toàn bộ", None, []),
        ],
        id="dated-steps-of-a-schedule-are-two-rows",
    ),
    pytest.param(
        "UBND thành phố giao UBND huyện Đông Anh rà soát 12 bến bãi trái phép; xây dựng kế"
        " hoạch di dời các bến bãi này; tháo dỡ các lán trại ven sông. Các công việc nói trên"
        " phải hoàn thành trong quý II-2018.",
        [
            ("rà soát 12 bến bãi", 2018, [12]),
            ("xây dựng kế hoạch di dời", 2018, []),
            ("tháo dỡ các lán trại", 2018, []),
            ("Các công việc nói trên phải hoàn thành", 2018, []),
        ],
        id="tasks-of-a-list-take-the-deadline-of-the-sentence-after",
    ),
    pytest.param(
        "UBND thành phố giao UBND huyện Đông Anh rà soát 12 bến bãi trái phép; xây dựng kế"
        " hoạch di dời các bến bãi này; tháo dỡ các lán trại ven sông. Ông Nam cho biết các"
        " bến bãi đã tồn tại từ năm 2010.",
        [("rà soát 12 bến bãi", None, [12])],
        id="no-list-deadline-without-a-back-reference",
    ),
    pytest.param(
        "Thủ tướng yêu cầu Bộ Tài chính làm rõ nguồn vốn của dự án. Đồng thời, cần làm rõ trách"
        " nhiệm của nhà đầu tư. Mặt khác, xây dựng phương án tài chính của dự án, báo cáo Thủ"
        " tướng trong tháng 5/2018.",
        [("xây dựng phương án tài chính", 2018, [])],
        id="request-runs-on-over-a-modal-and-a-directive-verb",
    ),
    pytest.param(
        "Thủ tướng yêu cầu Bộ Tài chính làm rõ nguồn vốn của dự án. Nhà đầu tư cho biết đã"
        " chuẩn bị. Mặt khác, xây dựng phương án tài chính của dự án, báo cáo Thủ tướng trong"
        " tháng 5/2018.",
        [],
        id="no-request-run-on-past-a-sentence-with-a-subject",
    ),
    pytest.param(
        "Năm 2018, huyện Nghi Lộc phấn đấu xây mới 5 trường học và nâng cấp 10 trạm y tế.",
        [("xây mới 5 trường học", 2018, [5]), ("nâng cấp 10 trạm y tế", 2018, [10])],
        id="two-verbs-each-with-its-figure-are-two-rows",
    ),
    pytest.param(
        "UBND tỉnh Nghệ An tổ chức hội nghị về viễn thông. Năm 2018, Viettel đặt mục tiêu tăng"
        " 20% thuê bao và nâng tỷ lệ xã có cáp quang lên 70%.",
        [],
        id="no-later-item-of-a-companys-sentence",
    ),
    pytest.param(
        "UBND tỉnh Nghệ An giao Sở Xây dựng trong quý I/2018 hoàn thành quy hoạch 3 khu đô thị;"
        " giao Sở Giao thông vận tải nâng cấp 20 km đường tỉnh.",
        [
            ("hoàn thành quy hoạch 3 khu đô thị", 2018, [3]),
            ("nâng cấp 20 km đường tỉnh", None, [20]),
        ],
        id="a-task-given-to-another-body-keeps-no-time-of-the-first",
    ),
    pytest.param(
        "Trong quý I/2018, UBND tỉnh Nghệ An giao Sở Xây dựng hoàn thành quy hoạch 3 khu đô thị;"
        " giao Sở Giao thông vận tải nâng cấp 20 km đường tỉnh.",
        [
            ("hoàn thành quy hoạch 3 khu đô thị", 2018, [3]),
            ("nâng cấp 20 km đường tỉnh", 2018, [20]),
        ],
        id="a-time-heading-the-sentence-covers-every-task",
    ),
    pytest.param(
        "Bộ Giao thông vận tải dự kiến giai đoạn 1 của dự án (2018-2022) cần khoảng 50.000 tỷ"
        " đồng. Trong giai đoạn này nâng cấp đoạn Cầu Giẽ - Ninh Bình quy mô 6 làn xe và xây"
        " dựng mới đoạn Ninh Bình - Thanh Hóa, Thanh Hóa - Vinh quy mô 4 làn xe.",
        [
            ("cần khoảng 50.000 tỷ đồng", 2022, [50_000 * B]),
            ("nâng cấp đoạn Cầu Giẽ - Ninh Bình", 2022, [6]),
            ("xây dựng mới đoạn Ninh Bình - Thanh Hóa", 2022, [4]),
        ],
        id="items-of-the-phase-dated-just-before",
    ),
    pytest.param(
        "Năm 2015, tỉnh Nghệ An đã xây 30 km đê. Trong giai đoạn này nâng cấp đoạn đê Cửa Hội"
        " quy mô 6 m.",
        [],
        id="no-phase-items-after-a-report",
    ),
    pytest.param(
        "UBND quận Hoàng Mai sẽ hoàn thành việc di dời 20 hộ dân trong quý II-2018.",
        [("di dời 20 hộ dân", 2018, [20])],
        id="quarter-with-a-dash",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_list_items(text: str, expected: list[tuple[str, int | None, list]]) -> None:
    rows = commitment_rows(text)
    assert len(rows) == len(expected), [row.evidence for row in rows]
    for row, (phrase, deadline, values) in zip(rows, expected, strict=True):
        assert phrase in row.evidence
        assert row.deadline == deadline, row.evidence
        assert _values(row) == pytest.approx([float(v) for v in values], rel=1e-3)


def _anchors(text: str, figures: list[str], deadlines: list[str]) -> list[Anchor]:
    found = []
    for kind, phrases in ((FIGURE, figures), (DEADLINE, deadlines)):
        for phrase in phrases:
            start = text.index(phrase)
            found.append(Anchor(start, start + len(phrase), kind))
    return found


@pytest.mark.parametrize(
    ("text", "figures", "deadlines", "clauses"),
    [
        pytest.param(
            "sẽ áp dụng trên 2 làn, sau năm 2019 sẽ áp dụng trên tất cả các làn",
            ["2 làn"],
            ["sau năm 2019"],
            ["sẽ áp dụng trên 2 làn", "sau năm 2019 sẽ áp dụng trên tất cả các làn"],
            id="comma-before-a-dated-step",
        ),
        pytest.param(
            "phải ký 28 hợp đồng và 30/6/2017 phải vận hành thử",
            ["28 hợp đồng"],
            ["30/6/2017"],
            ["phải ký 28 hợp đồng", "30/6/2017 phải vận hành thử"],
            id="va-before-a-dated-step",
        ),
        pytest.param(
            "phấn đấu xây mới 5 trường học và nâng cấp 10 trạm y tế",
            ["5 trường", "10 trạm"],
            [],
            ["phấn đấu xây mới 5 trường học", "nâng cấp 10 trạm y tế"],
            id="va-between-two-verbs-each-with-its-figure",
        ),
        pytest.param(
            "mở rộng đoạn A quy mô 4 làn xe và xây dựng mới đoạn B, đoạn C với quy mô 6 làn xe",
            ["4 làn", "6 làn"],
            [],
            ["mở rộng đoạn A quy mô 4 làn xe", "xây dựng mới đoạn B, đoạn C với quy mô 6 làn xe"],
            id="va-between-two-verbs-the-second-figure-after-a-comma",
        ),
        pytest.param(
            "rạch dài 4 km được khơi thông và nạo vét với kinh phí 50 tỷ đồng",
            ["4 km", "50 tỷ đồng"],
            [],
            ["rạch dài 4 km được khơi thông và nạo vét với kinh phí 50 tỷ đồng"],
            id="no-cut-when-the-left-figure-describes-the-subject",
        ),
        pytest.param(
            "sẽ lắp 5 camera, sau năm 2020 tỉnh tiếp tục lắp",
            ["5 camera"],
            ["sau năm 2020"],
            ["sẽ lắp 5 camera, sau năm 2020 tỉnh tiếp tục lắp"],
            id="no-cut-when-a-subject-follows-the-date",
        ),
    ],
)
def test_dated_steps_are_cut(text, figures, deadlines, clauses) -> None:
    found = split_clauses(text, 0, _anchors(text, figures, deadlines))
    assert [text[c.start : c.end] for c in found] == clauses


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        pytest.param(
            "Thủ tướng yêu cầu Bộ Tài chính làm rõ nguồn vốn của dự án. Đồng thời, cần làm rõ"
            " trách nhiệm của nhà đầu tư. Mặt khác, xây dựng phương án tài chính của dự án, báo"
            " cáo Thủ tướng trong tháng 5/2018.",
            "Bộ Tài chính",
            id="the-one-asked-acts-in-a-run-on-task",
        ),
        pytest.param(
            "UBND thành phố giao UBND huyện Đông Anh rà soát 12 bến bãi trái phép; tháo dỡ các"
            " lán trại ven sông. Các công việc nói trên phải hoàn thành trong quý II-2018.",
            "UBND huyện Đông Anh",
            id="the-one-asked-acts-in-every-task-of-a-list",
        ),
    ],
)
def test_list_items_actor(text: str, actor: str) -> None:
    rows = commitment_rows(text)
    assert rows
    assert rows[0].actor == actor, [(row.actor, row.evidence) for row in rows]


def test_each_task_of_a_list_has_its_own_addressee() -> None:
    text = (
        "UBND tỉnh Nghệ An giao Sở Xây dựng hoàn thành quy hoạch 3 khu đô thị; giao UBND huyện"
        " Nghi Lộc giải phóng mặt bằng 50 ha trong năm 2018."
    )
    rows = commitment_rows(text)
    assert [row.actor for row in rows] == ["Sở Xây dựng", "UBND huyện Nghi Lộc"]
