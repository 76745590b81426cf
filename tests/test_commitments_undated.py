"""Commitments on undated random news: history told with a year and report shapes that a `sẽ`
or a plan word does not make a plan (issue 14, classes of the bench sample).

An undated article gives no year to drop an old deadline by, so these shapes are read from the
phrase itself. Each class has sentences that must give no row and, beside them, sentences of
the same shape that are commitments and must still give one, so that a rule that drops
everything fails. The sentences were written for these tests, after shapes read on bench
articles.
"""

from __future__ import annotations

import pytest

from tests.helpers import commitment_rows

NOT_COMMITMENTS = [
    pytest.param(
        "Tuyến đường vành đai này được UBND tỉnh Bắc Ninh quy hoạch từ năm 1995.",
        id="since-past-passive",
    ),
    pytest.param(
        "Báo Lao động sẽ cập nhật danh sách trúng tuyển của Đại học Huế năm 2017 sớm nhất.",
        id="newspaper-updates",
    ),
]

STILL_COMMITMENTS = [
    pytest.param(
        "UBND tỉnh Bắc Ninh sẽ cấm xe tải vào trung tâm thành phố từ năm 2018.",
        id="start-still-to-come",
    ),
    pytest.param(
        "Từ năm 2017 - 2020, tỉnh Nghệ An phấn đấu trồng mới 5.000 ha rừng.",
        id="plan-span-with-target",
    ),
    pytest.param(
        "Bộ Nội vụ sẽ tăng lương cơ sở lên 1,3 triệu đồng từ ngày 1/7/2017.",
        id="pay-rise-by-a-body",
    ),
    pytest.param(
        "UBND tỉnh Thanh Hóa đã phê duyệt Đề án phát triển du lịch đến năm 2020 với 2.000 tỷ đồng.",
        id="approved-scheme",
    ),
    pytest.param(
        "UBND huyện Quỳnh Lưu đã tổ chức hội nghị và yêu cầu các xã hoàn thành cấp 500 sổ đỏ"
        " trước ngày 30/6/2017.",
        id="conference-with-a-request",
    ),
]


MORE_NOT_COMMITMENTS = [
    pytest.param(
        "Theo ông Tâm, việc ba cán bộ thu tiền sai tới đâu thì công an huyện Krông Pắc sẽ làm rõ.",
        id="police-will-clarify",
    ),
]

MORE_STILL_COMMITMENTS = [
    pytest.param(
        "Công an tỉnh Đắk Lắk sẽ lắp đặt 200 camera giám sát giao thông trong năm 2017.",
        id="police-plan-with-figure",
    ),
    pytest.param(
        "UBND tỉnh Nghệ An yêu cầu thu hồi 2 tỷ đồng chi sai chế độ trước ngày 30/6/2017.",
        id="recover-by-a-date",
    ),
]


@pytest.mark.parametrize("text", NOT_COMMITMENTS + MORE_NOT_COMMITMENTS)
def test_no_commitment(text: str) -> None:
    rows = commitment_rows(text)
    assert rows == [], [row.evidence for row in rows]


@pytest.mark.parametrize("text", STILL_COMMITMENTS + MORE_STILL_COMMITMENTS)
def test_still_a_commitment(text: str) -> None:
    rows = commitment_rows(text)
    assert rows, "no row"


# Rule by rule: each entry matches its shape and leaves the same words as a plan alone. These
# shapes give no row end to end in a one-sentence article already (no actor, a low score); the
# entries are for full articles, where a paragraph's body or official lends the row an actor.
DEADLINE_EXCLUDED = [
    pytest.param("Từ năm 1986 - 1987, Trung đoàn 12 sử dụng khu đất.", 1987, True, id="story-span"),
    pytest.param(
        "Từ năm 2017 - 2020, tỉnh phấn đấu trồng 5.000 ha rừng.", 2020, False, id="plan-span"
    ),
    pytest.param("Con đường được tỉnh quy hoạch từ năm 1995.", 1995, True, id="since-passive"),
    pytest.param("Tỉnh sẽ cấm xe tải từ năm 2018.", 2018, False, id="start-to-come"),
]


@pytest.mark.parametrize(("text", "year", "excluded"), DEADLINE_EXCLUDED)
def test_history_year_is_no_deadline(text: str, year: int, excluded: bool) -> None:
    from pipeline.extractors.commitments.events import _deadlines

    years = [d.year for d in _deadlines(text, 0)]
    assert (year not in years) is excluded, years


ENTRY_MATCHES = [
    pytest.param("fc.people", "sẽ có 6-7 triệu người được tăng lương", True, id="people-count"),
    pytest.param("fc.people", "sẽ có 500 căn hộ được bàn giao", False, id="people-not-flats"),
]


@pytest.mark.parametrize(("entry_id", "text", "matches"), ENTRY_MATCHES)
def test_mood_entry(entry_id: str, text: str, matches: bool) -> None:
    from pipeline.extractors.commitments.rules import _rules

    entry = next(e for e in _rules().moods.entries if e.id == entry_id)
    assert bool(entry.regex.search(text)) is matches


VETOED = [
    pytest.param(
        "Kết thúc hội đàm, hai Bộ trưởng đã ký Chương trình Hành động giai đoạn 2017 – 2020.",
        True,
        id="signed-programme",
    ),
    pytest.param(
        "Ngày 9/2, UBND huyện đã tổ chức hội nghị triển khai kế hoạch năm 2017.",
        True,
        id="held-conference",
    ),
    pytest.param(
        "UBND tỉnh đã phê duyệt Đề án phát triển du lịch đến năm 2020.", False, id="approved-scheme"
    ),
    pytest.param(
        "Huyện đã tổ chức hội nghị và yêu cầu các xã hoàn thành trước ngày 30/6.",
        False,
        id="conference-with-request",
    ),
    pytest.param("PV sẽ tiếp tục thông tin về vụ việc.", True, id="reporter"),
    pytest.param(
        "Kiến nghị xử lý về kinh tế 54 tỉ đồng do nghiệm thu thanh toán sai, trùng lắp.",
        True,
        id="sum-paid-wrongly",
    ),
    pytest.param(
        "Yêu cầu thu hồi 2 tỉ đồng do chi sai chế độ trước ngày 30/6/2017.",
        False,
        id="recover-by-a-date",
    ),
    pytest.param("Sở sẽ cập nhật dữ liệu đất đai trước năm 2018.", False, id="body-updates-data"),
    pytest.param(
        "Sở Xây dựng sẽ công bố giá vật liệu trước ngày 15/3.", False, id="body-announces"
    ),
]


@pytest.mark.parametrize(("text", "vetoed"), VETOED)
def test_veto(text: str, vetoed: bool) -> None:
    from pipeline.extractors.commitments.rules import _rules

    assert bool(_rules().veto.search(text)) is vetoed


PERSON_STORY = [
    pytest.param(
        "Đến đầu năm 2016, ông Tư cho xây dựng nhà trên đất nông nghiệp.", True, id="story"
    ),
    pytest.param("Đến cuối năm 2016, anh nộp đơn lần hai lên tòa án huyện.", True, id="story-anh"),
    pytest.param(
        "Đến năm 2020, huyện phấn đấu có 15 xã đạt chuẩn nông thôn mới.", False, id="target"
    ),
]


@pytest.mark.parametrize(("text", "excluded"), PERSON_STORY)
def test_person_story_year_is_no_deadline(text: str, excluded: bool) -> None:
    from pipeline.extractors.commitments.events import _deadlines

    years = [d.year for d in _deadlines(text, 0)]
    assert (2016 not in years and 2020 not in years) is excluded, years
