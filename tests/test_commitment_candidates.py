"""Candidate rows the commitments rules propose (before the learned keep/drop decision), one
behaviour per sentence shape seen in corpus/train; the sentences are written for the tests."""

from __future__ import annotations

import pytest

from pipeline.extractors import run_extractors
from pipeline.extractors.commitments import find_candidates
from tests.helpers import doc_of


def _candidates(text: str) -> list:
    doc = doc_of(text)
    rows = run_extractors(doc)
    return [c for c in find_candidates(doc, rows) if not c.drop]


@pytest.mark.parametrize(
    ("text", "phrase", "actor"),
    [
        pytest.param(
            "Chính phủ yêu cầu Bảo hiểm xã hội Việt Nam kết nối mạng giữa 63 tỉnh, thành phố"
            " trong năm 2018.",
            "kết nối mạng",
            "Bảo hiểm xã hội Việt Nam",
            id="request-to-a-body-no-object-list-names",
        ),
        pytest.param(
            "Phó Chủ tịch UBND tỉnh đề nghị Tổ công tác liên ngành hoàn thành 20 báo cáo"
            " trong năm 2018.",
            "hoàn thành 20 báo cáo",
            None,
            id="request-to-a-capitalised-name",
        ),
    ],
)
def test_request_to_a_named_body_is_a_candidate(text: str, phrase: str, actor: str | None) -> None:
    found = [c for c in _candidates(text) if phrase in c.row.evidence]
    assert found, [c.row.evidence for c in _candidates(text)]
    if actor is not None:
        assert found[0].row.actor == actor


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        pytest.param(
            "Bộ Văn hóa phải tổ chức hội thảo lấy ý kiến các chuyên gia trong năm 2018.",
            True,
            id="experts-consulted-are-the-object",
        ),
        pytest.param(
            "UBND tỉnh dự kiến mời thêm các chuyên gia để đánh giá 18 tàu trong năm 2018.",
            True,
            id="experts-invited-are-the-object",
        ),
        pytest.param(
            "Nhiều chuyên gia cho rằng thành phố sẽ khó đạt 50% vận tải công cộng vào năm 2030.",
            False,
            id="experts-as-critics-veto",
        ),
    ],
)
def test_experts_veto_only_critics(text: str, kept: bool) -> None:
    assert bool(_candidates(text)) is kept


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        pytest.param(
            "Từ tháng 9 năm nay, các trường sẽ đào tạo 500 giáo viên cốt cán trong năm 2018.",
            "các trường",
            id="plural-schools-before-the-marker",
        ),
        pytest.param(
            "Theo kế hoạch, đoàn công tác sẽ kiểm tra 20 công trình trong năm 2018.",
            "đoàn công tác",
            id="working-group-before-the-marker",
        ),
        pytest.param(
            "Tại huyện Ba Vì, các cơ sở hạ tầng sẽ hoàn thành với 20 tỷ đồng trong năm 2018.",
            "huyện Ba Vì",
            id="a-passive-thing-is-no-lower-case-subject",
        ),
    ],
)
def test_lower_case_subject_is_the_actor(text: str, actor: str) -> None:
    found = _candidates(text)
    assert found and found[0].row.actor == actor, [(c.row.actor, c.row.rule) for c in found]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Giá thuê đất tại khu công nghiệp là 60 USD/m2 cho thời hạn thuê đất đến năm 2056.",
            id="lease-term",
        ),
        pytest.param(
            "Dự án được cấp phép với thời hạn sử dụng đất tới năm 2065 trên diện tích 20 ha.",
            id="land-use-term",
        ),
    ],
)
def test_end_of_a_lease_is_no_deadline(text: str) -> None:
    doc = doc_of(text)
    found = find_candidates(doc, run_extractors(doc), bare=True)
    assert all(c.row.deadline is None for c in found), [c.row.deadline for c in found]


@pytest.mark.parametrize(
    ("text", "is_actor"),
    [
        pytest.param(
            "Đến năm 2020, Việt Nam phấn đấu có 1 triệu doanh nghiệp hoạt động.",
            True,
            id="country-opening-the-phrase-acts",
        ),
        pytest.param(
            "Dự án nhà máy may mặc Việt Nam sẽ đầu tư 5 dây chuyền may trong năm 2018.",
            False,
            id="country-ending-a-name-is-no-actor",
        ),
        pytest.param(
            "Kỳ họp bàn kế hoạch hợp tác Việt Nam - Lào năm 2018 với 20 dự án.",
            False,
            id="country-inside-a-plan-name-is-no-actor",
        ),
    ],
)
def test_country_is_an_actor_only_where_it_opens_a_phrase(text: str, is_actor: bool) -> None:
    doc = doc_of(text)
    found = find_candidates(doc, run_extractors(doc), bare=True)
    assert any(c.row.actor == "Việt Nam" for c in found) is is_actor, [c.row.actor for c in found]


@pytest.mark.parametrize(
    ("text", "phrase", "present"),
    [
        pytest.param(
            "Tại huyện Ba Vì, công nhân sẽ thi công 20 km đường - Ảnh: TL Ông Nguyễn Văn A kể"
            " lại câu chuyện cũ.",
            "20 km",
            False,
            id="photo-caption-before-the-credit-is-no-body",
        ),
        pytest.param(
            "Ảnh: Trọng Đức Năm 2018, UBND tỉnh sẽ xây dựng 20 trường học mới.",
            "20 trường",
            True,
            id="body-after-the-credit-is-read",
        ),
        pytest.param(
            "Chính phủ yêu cầu Bộ Tài chính áp dụng công nghệ thông tin, kết nối mạng giữa 63"
            " tỉnh, thành phố trong năm 2018.",
            "63",
            True,
            id="noun-thong-tin-is-no-reporting-frame",
        ),
    ],
)
def test_lead_of_a_sentence(text: str, phrase: str, present: bool) -> None:
    assert any(phrase in c.row.evidence for c in _candidates(text)) is present


def test_caption_glued_to_the_body_does_not_lengthen_a_body_name() -> None:
    found = _candidates(
        "Giám đốc Sở GTVT TP HCM Theo Sở GTVT TP.HCM, trong năm 2018 sở sẽ triển khai 80 dự án."
    )
    assert found and all("Theo" not in (c.row.actor or "") for c in found), [
        c.row.actor for c in found
    ]


def test_a_doubt_after_but_leaves_the_plan_before_it() -> None:
    found = _candidates(
        "Tại huyện Ba Vì, cầu Tản Viên dự kiến đến năm 2019 đưa vào khai thác nhưng do thiếu vốn"
        " nên có thể phải lùi sang năm 2020."
    )
    assert [c.row.deadline for c in found] == [2019], [c.row.evidence for c in found]


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        pytest.param(
            "Trong năm 2018, UBND tỉnh Hà Nam yêu cầu Sở Xây dựng tổ chức hội nghị lấy ý kiến.",
            2018,
            id="year-before-the-request",
        ),
        pytest.param(
            "Trong ba tháng tới, UBND tỉnh Hà Nam yêu cầu Sở Xây dựng tổ chức hội nghị lấy ý kiến.",
            None,
            id="duration-before-the-request",
        ),
    ],
)
def test_request_claims_the_time_written_before_it(text: str, deadline: int | None) -> None:
    found = _candidates(text)
    assert [c.row.deadline for c in found] == [deadline]
    assert found[0].row.actor == "Sở Xây dựng"


def test_deadline_opening_the_last_list_clause_covers_the_list() -> None:
    found = _candidates(
        "UBND tỉnh Bình Định yêu cầu Sở Nông nghiệp khắc phục 100% máy móc hư hỏng;"
        " trong tháng 7/2018 phải hoàn thành toàn bộ 20 tàu này."
    )
    assert [c.row.deadline for c in found] == [2018, 2018], [
        (c.row.deadline, c.row.evidence) for c in found
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Thành phố Hà Nội có 30 quận, huyện. Hai bên thống nhất kế hoạch hợp tác Việt Nam"
            " - Lào năm 2018 với 20 dự án.",
            id="country-inside-a-phrase",
        ),
        pytest.param(
            "Thành phố Hà Nội có 30 quận, huyện. Hai bên sẽ triển khai 20 dự án hợp tác với"
            " Trung Quốc trong năm 2018.",
            id="foreign-state",
        ),
    ],
)
def test_no_main_locality_for_a_national_or_foreign_sentence(text: str) -> None:
    assert all(c.row.actor != "thành phố Hà Nội" for c in _candidates(text)), [
        (c.row.actor, c.row.rule) for c in _candidates(text)
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(
            "Tại tỉnh Hà Nam, UBND tỉnh sắp triển khai 20 dự án trong năm 2018.",
            True,
            id="sap-soon-is-a-marker",
        ),
        pytest.param(
            'Theo nghị quyết "Về việc sắp xếp đơn vị hành chính của tỉnh Hà Nam năm 2025",'
            " tỉnh có 589 km2.",
            False,
            id="sap-xep-arrange-is-no-marker",
        ),
    ],
)
def test_sap_xep_is_not_sap(text: str, found: bool) -> None:
    assert bool(_candidates(text)) is found


@pytest.mark.parametrize(
    ("text", "actor", "kept"),
    [
        pytest.param(
            "UBND huyện Ba Vì đã khởi công nút giao Tản Viên. Theo kế hoạch, nút giao này sẽ hoàn"
            " thành 2 nhánh cầu vào cuối năm 2018.",
            None,
            True,
            id="schedule-naming-no-one-has-no-actor",
        ),
        pytest.param(
            "Dự kiến, HTC sẽ ra mắt 2 mẫu điện thoại vào cuối tháng 2/2018.",
            None,
            False,
            id="schedule-with-no-actor-in-reach-stays-dropped",
        ),
    ],
)
def test_schedule_opening_a_sentence(text: str, actor: str | None, kept: bool) -> None:
    found = [c for c in _candidates(text) if "2 " in c.row.evidence]
    assert bool(found) is kept, [(c.row.actor, c.row.evidence) for c in _candidates(text)]
    if kept:
        assert found[-1].row.actor == actor


@pytest.mark.parametrize(
    ("text", "falls_back"),
    [
        pytest.param(
            "Câu lạc bộ SHB Đà Nẵng thắng 2-1 trên sân nhà ở Đà Nẵng. Tiền đạo này sẽ ở lại"
            " đội thêm 2 năm.",
            False,
            id="sport-story-names-no-public-body",
        ),
        pytest.param(
            "Ca sĩ Minh Anh về Đà Nẵng biểu diễn. Đêm nhạc dự kiến đón 3.000 khán giả.",
            False,
            id="showbiz-story-names-no-public-body",
        ),
        pytest.param(
            "UBND thành phố Đà Nẵng họp về du lịch ở Đà Nẵng. Đêm nhạc dự kiến đón 3.000 khán giả.",
            True,
            id="story-naming-a-council",
        ),
        pytest.param(
            "UBND thành phố Đà Nẵng họp về du lịch ở Đà Nẵng.\nCa sĩ Minh Anh biểu diễn tối qua."
            " Đêm nhạc dự kiến đón 3.000 khán giả.",
            False,
            id="paragraph-not-naming-the-main-locality",
        ),
        pytest.param(
            "UBND thành phố Đà Nẵng họp về du lịch.\nTại Đà Nẵng, ca sĩ Minh Anh biểu diễn tối"
            " qua. Tới đây sẽ đón 3.000 khán giả.",
            True,
            id="paragraph-naming-the-main-locality",
        ),
        pytest.param(
            "Công an thành phố Đà Nẵng bắt vụ trộm ở Đà Nẵng. Kẻ trộm dự kiến sẽ bồi"
            " thường 300 triệu đồng.",
            False,
            id="crime-story-naming-only-the-police",
        ),
    ],
)
def test_main_locality_only_in_a_story_naming_a_public_body(text: str, falls_back: bool) -> None:
    rows = [c.row for c in _candidates(text)]
    # the fallback is the main locality, or the subject of the sentence before (`UBND ...`)
    assert any((r.actor or "").endswith("thành phố Đà Nẵng") for r in rows) is falls_back, [
        (r.actor, r.rule) for r in rows
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        pytest.param(
            "Hàn Quốc chờ phán quyết về Tổng thống. Theo kế hoạch, Tòa án Hiến pháp sẽ đưa ra"
            " phán quyết trước tháng 6/2017.",
            False,
            id="court-in-news-of-abroad",
        ),
        pytest.param(
            "Nhật Bản và Mỹ họp tại Tokyo. Chính phủ của ông Abe sẽ chi 20 tỷ USD cho quốc phòng"
            " trong năm 2018.",
            False,
            id="government-in-news-of-abroad",
        ),
        pytest.param(
            "UBND tỉnh Nghệ An tiếp đoàn Hàn Quốc. Tòa án nhân dân tỉnh Nghệ An sẽ xét xử"
            " 20 vụ án trước tháng 6/2017.",
            True,
            id="court-in-a-home-story-naming-a-foreign-state",
        ),
    ],
)
def test_state_body_in_news_of_abroad_is_the_foreign_state(text: str, kept: bool) -> None:
    found = [c for c in _candidates(text) if "20" in c.row.evidence or "tháng 6" in c.row.evidence]
    assert bool(found) is kept, [(c.row.actor, c.row.rule) for c in _candidates(text)]
