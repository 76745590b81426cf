"""Who acts in a commitment, read from the clause's context (`[actor_context]` in
rules/commitments.toml): subjects no body entry names, the one an order directs, the chair of
a joint task, the subject of the paragraph's earlier sentences, and clauses that name a subject
of their own, which no main-locality fallback may replace. Sentences are written for the tests,
after shapes seen in corpus/train."""

from __future__ import annotations

import pytest

from tests.helpers import commitment_actor, kept_commitments


@pytest.mark.parametrize(
    ("text", "phrase", "actor"),
    [
        pytest.param(
            "UBND tỉnh Hà Tĩnh họp sơ kết. Bên cạnh đó, ngành Thanh tra cần tăng cường kiểm tra;"
            " xây dựng kế hoạch thanh tra năm 2018.",
            "kế hoạch thanh tra",
            "ngành Thanh tra",
            id="sector-subject-of-the-sentence-before-a-semicolon",
        ),
        pytest.param(
            "UBND tỉnh Bình Định họp về tàu cá. Dự kiến ngày 25/6, đoàn công tác chính thức báo"
            " cáo kết luận giám định đến cơ quan chức năng Bình Định.",
            "kết luận giám định",
            "đoàn công tác",
            id="working-group-after-a-fronted-marker",
        ),
        pytest.param(
            "UBND tỉnh Bình Định họp về tàu cá. Vì vậy, đối với các cơ sở đóng tàu Nam Triệu và"
            " Đại Nguyên Dương phải phối hợp với chủ tàu, phải khắc phục 100% máy móc trong năm"
            " 2018.",
            "100%",
            "các cơ sở đóng tàu Nam Triệu và Đại Nguyên Dương",
            id="topic-names-who-is-obliged",
        ),
        pytest.param(
            "Thủ tướng Chính phủ vừa chỉ đạo ngành nông nghiệp tới năm 2025, con tôm xuất khẩu"
            " phải đạt 10 tỷ USD.",
            "10 tỷ USD",
            "ngành nông nghiệp",
            id="the-one-an-order-directs",
        ),
        pytest.param(
            "Bộ Giao thông vận tải chủ trì, phối hợp với Bộ Xây dựng, UBND thành phố Hồ Chí Minh"
            " thành lập hội đồng, khẩn trương báo cáo Chính phủ trước tháng 12/2017.",
            "báo cáo",
            "Bộ Giao thông vận tải",
            id="the-chair-not-a-partner",
        ),
        pytest.param(
            "UBND thành phố Hồ Chí Minh đề nghị Chính phủ bố trí đủ vốn cho 2 dự án nhằm đảm bảo"
            " tiến độ, đồng thời kịp đưa dự án vào khai thác vào năm 2020.",
            "kịp đưa",
            "UBND thành phố Hồ Chí Minh",
            id="purpose-of-a-request-is-the-asking-body-s",
        ),
        pytest.param(
            "Bộ trưởng Bộ Giao thông vận tải Trương Quang Nghĩa đã chốt thời gian, tất cả 28 nhà"
            " đầu tư phải hoàn thành lắp đặt 2 làn thu phí trong năm 2018.",
            "2 làn",
            "Bộ Giao thông vận tải",
            id="company-obliged-acts-through-the-body-imposing-it",
        ),
        pytest.param(
            "Sau khi thẩm định, Tổ công tác kiến nghị Công ty TNHH Nam Triệu phải thay mới 10 máy"
            " chính trong năm 2018.",
            "10 máy",
            "Tổ công tác",
            id="company-asked-acts-through-the-body-asking",
        ),
        pytest.param(
            "UBND tỉnh Hà Tĩnh họp. Về nhiệm vụ thời gian tới, Ban chỉ đạo xác định rõ cần chi trả"
            " 300 tỷ đồng bồi thường trước ngày 30/6/2018.",
            "300 tỷ",
            "Ban chỉ đạo",
            id="steering-board-deciding",
        ),
    ],
)
def test_actor_from_the_clause_context(text: str, phrase: str, actor: str) -> None:
    assert commitment_actor(text, phrase) == actor


@pytest.mark.parametrize(
    ("text", "phrase", "actor"),
    [
        pytest.param(
            "UBND tỉnh Bình Định họp. Ban soạn thảo đề án hiện đang rà soát các chuẩn"
            " giáo viên. Trước mắt, sẽ rà soát 1.000 giáo viên trong năm 2018.",
            "1.000 giáo viên",
            "Ban soạn thảo đề án",
            id="lower-case-subject-of-the-sentence-before",
        ),
        pytest.param(
            "Thành phố Đà Nẵng đăng cai APEC. UBND thành phố yêu cầu Sở Xây dựng rà soát các lô"
            " đất trống ở Đà Nẵng. Tới đây sẽ xây dựng 20 công viên trong năm 2018.",
            "20 công viên",
            "Sở Xây dựng",
            id="the-one-asked-in-the-sentence-before",
        ),
        pytest.param(
            "UBND tỉnh Bình Định họp.\nTại Bình Định, trời mưa. Tới đây sẽ tuyển 1.000 giáo"
            " viên trong năm 2018.",
            "1.000 giáo viên",
            "tỉnh Bình Định",
            id="no-subject-before-falls-back-to-the-main-locality",
        ),
        pytest.param(
            "Phó Thủ tướng vừa ký công văn yêu cầu các bộ, cơ quan ngang bộ, UBND các tỉnh kiểm"
            " điểm việc chậm báo cáo. Các cơ quan trên xem xét, xử lý trách nhiệm người quản lý"
            " doanh nghiệp, báo cáo Thủ tướng Chính phủ trước ngày 28/2/2018.",
            "xử lý trách nhiệm",
            "các bộ",
            id="anaphoric-subject-is-the-one-asked-before",
        ),
    ],
)
def test_actor_from_the_sentences_before(text: str, phrase: str, actor: str) -> None:
    assert commitment_actor(text, phrase) == actor


@pytest.mark.parametrize(
    ("text", "falls_back"),
    [
        pytest.param(
            "UBND thành phố Hải Phòng họp ở Hải Phòng.\nTại Hải Phòng, trời mưa to. Dự án sẽ được"
            " triển khai trong vòng 30 tháng.",
            False,
            id="project-as-own-subject",
        ),
        pytest.param(
            "UBND thành phố Hải Phòng họp ở Hải Phòng.\nTại Hải Phòng, trời mưa to. Giai đoạn hai"
            " với 1.000 căn hộ sẽ được bàn giao vào quý II năm 2018.",
            False,
            id="subject-after-a-phase-noun",
        ),
        pytest.param(
            "UBND thành phố Hải Phòng họp ở Hải Phòng.\nTại Hải Phòng, trời mưa to. Ngoài ra,"
            " năm nay sẽ xây dựng 1.000 căn hộ trong năm 2018.",
            True,
            id="only-connectives-and-times-before-the-marker",
        ),
        pytest.param(
            "UBND thành phố Hải Phòng họp ở Hải Phòng.\nTại Hải Phòng, trời mưa to. Theo kế"
            " hoạch, nút giao này sẽ hoàn thành 2 cầu vượt vào năm 2018.",
            None,
            id="schedule-keeps-its-null-actor",
        ),
    ],
)
def test_main_locality_only_for_a_clause_naming_no_subject(
    text: str, falls_back: bool | None
) -> None:
    """`falls_back` None: the row is kept with no actor (a schedule naming no one)."""
    rows = kept_commitments(text)
    if falls_back is None:
        assert [r.actor for r in rows] == [None], [(r.actor, r.rule) for r in rows]
        return
    assert any(r.actor == "thành phố Hải Phòng" for r in rows) is falls_back, [
        (r.actor, r.rule) for r in rows
    ]


def test_body_asking_a_body_is_not_the_actor() -> None:
    text = (
        "UBND tỉnh Hà Tĩnh họp. Tổ công tác đề nghị Sở Tài chính giải trình 3 nhiệm vụ quá hạn"
        " trong năm 2018."
    )
    assert commitment_actor(text, "3 nhiệm vụ") == "Sở Tài chính"


def test_person_given_as_the_source_is_not_the_actor() -> None:
    text = (
        "Thủ tướng dự lễ kỷ niệm. Theo Thủ tướng, thời gian tới cần tập trung các giải pháp,"
        " phấn đấu đến năm 2020 trên 90% dân số tham gia bảo hiểm y tế."
    )
    assert commitment_actor(text, "90%") is None


def test_official_after_a_preposition_is_no_subject() -> None:
    text = (
        "Ông Nguyễn Ngọc Công - Giám đốc Trung tâm chống ngập TP HCM - cho biết, ngay sau chỉ"
        " đạo của Bí thư Thành ủy TP HCM Đinh La Thăng hôm 11/5, rạch Cầu Dừa dài 4 km sẽ được"
        " khơi thông trong năm 2018."
    )
    assert commitment_actor(text, "4 km") == "Trung tâm chống ngập thành phố Hồ Chí Minh"


_FAR = (
    "Sở GTVT TP HCM sẽ triển khai 4 dự án mở rộng đường trong năm 2018. Nút giao An Phú đang"
    " được xúc tiến đầu tư. Đường vành đai 2 đang được khảo sát. Hầm chui An Sương đã được"
    " khởi công từ cuối năm 2016. "
)


@pytest.mark.parametrize(
    ("text", "phrase", "actor"),
    [
        pytest.param(
            _FAR + "Bến xe Miền Tây cũng sẽ được hoàn thành năm 2018.",
            "Bến xe Miền Tây",
            None,
            id="station-far-from-the-body-has-no-actor",
        ),
        pytest.param(
            _FAR + "Sau đó máy khoan sẽ được tháo dỡ, dự kiến đến ga Ba Son trong tháng 6/2018.",
            "máy khoan",
            None,
            id="machine-opening-the-sentence-has-no-actor",
        ),
        pytest.param(
            _FAR + "Hai cầu vượt thép dự kiến hoàn thành trong năm 2018.",
            "Hai cầu vượt",
            None,
            id="counted-works-far-from-the-body-have-no-actor",
        ),
        pytest.param(
            "Sở GTVT TP HCM sẽ triển khai 4 dự án mở rộng đường trong năm 2018. Bến xe Miền Tây"
            " cũng sẽ được hoàn thành năm 2018.",
            "Bến xe Miền Tây",
            "Sở GTVT TP HCM",
            id="station-right-after-the-body-keeps-it",
        ),
        pytest.param(
            _FAR + "Ngoài ra, sẽ hoàn thành 3 cầu vượt trong năm 2018.",
            "3 cầu vượt",
            "Sở GTVT TP HCM",
            id="no-subject-of-its-own-keeps-the-paragraph-actor",
        ),
    ],
)
def test_project_schedule_far_from_any_body(text: str, phrase: str, actor: str | None) -> None:
    """A work's or machine's schedule is the paragraph's last actor's only while a sentence
    just before it names who acts (`[actor_things]`)."""
    assert commitment_actor(text, phrase) == actor


@pytest.mark.parametrize(
    ("text", "phrase", "actor"),
    [
        pytest.param(
            "UBND TP HCM họp về tuyến metro số 2. Hiện nay các quận huyện nơi dự án đi qua"
            " (quận 1, quận 3, Tân Bình, Tân Phú) đã ban hành thông báo thu hồi đất, dự kiến sẽ"
            " bắt đầu bàn giao từ tháng 7/2017.",
            "bàn giao",
            "các quận huyện",
            id="units-named-before-the-bracket-act",
        ),
    ],
)
def test_bracketed_places_do_not_act(text: str, phrase: str, actor: str) -> None:
    assert commitment_actor(text, phrase) == actor


def test_place_inside_an_aside_is_no_subject() -> None:
    """`gói thầu CP2 (... tỉnh Bình Dương)`: the place says where the works run; it does not
    act for the next package of the sentence."""
    text = (
        "UBND TP HCM họp về tuyến metro số 1. Gói thầu CP2 (từ ga Ba Son đến địa bàn tỉnh"
        " Bình Dương) đã đạt 67%; gói thầu CP4 dự kiến triển khai vào cuối năm 2017."
    )
    assert "tỉnh Bình Dương" not in [r.actor for r in kept_commitments(text)]
