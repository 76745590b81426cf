"""The registry: the same person across articles, namesakes kept apart, places keyed on
gazetteer codes, and commitments linked to their place and official. Rows are built by hand."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.registry import build, place_key, post_words, province_of, resolve, same_post
from pipeline.tables import CommitmentRow, LocalityRow, OfficialRow

D1, D2, D3 = date(2020, 10, 12), date(2021, 3, 20), date(2021, 12, 5)


def place(aid, type_, name, code="", province="", parent=None):
    return LocalityRow(aid, type_, name, parent, f"{type_} {name}", code=code, province=province)


def official(aid, name, titles, locality=None, evidence=""):
    return OfficialRow(aid, name, list(titles), locality, evidence or f"{', '.join(titles)} {name}")


def people_of(officials, localities=(), published=None):
    published = published or {}
    registry = build(published, officials, list(localities), [])
    by_id: dict[str, list[str]] = {}
    for mention in registry.person_mentions:
        by_id.setdefault(mention.person_id, []).append(mention.article_id)
    return sorted(sorted(ids) for ids in by_id.values()), registry


BINH_DUONG = [place("a", "tỉnh", "Bình Dương", code="74"), place("b", "tỉnh", "Bình Dương")]
TWO_PROVINCES = [place("a", "tỉnh", "Bình Dương", code="74"), place("b", "tỉnh", "Nam Định", "36")]


@pytest.mark.parametrize(
    ("officials", "localities", "expected"),
    [
        pytest.param(
            [official("a", "Võ Văn Minh", ["Phó Bí thư Tỉnh ủy"], "tỉnh Bình Dương"),
             official("b", "Võ Văn Minh", ["Chủ tịch UBND"], "tỉnh Bình Dương")],
            BINH_DUONG, [["a", "b"]], id="same-name-same-province-merged-despite-new-title",
        ),
        pytest.param(
            [official("a", "Nguyễn Văn Hùng", ["Chủ tịch UBND"], "tỉnh Bình Dương"),
             official("b", "Nguyễn Văn Hùng", ["Chủ tịch UBND"], "tỉnh Nam Định")],
            TWO_PROVINCES, [["a"], ["b"]], id="namesakes-in-two-provinces-kept-apart",
        ),
        pytest.param(
            [official("a", "Lê Thị Hoà", ["Chủ tịch HĐND"], "huyện Đông Anh"),
             official("b", "Lê Thị Hòa", ["Chủ tịch HĐND"], "huyện Đông Anh")],
            [place("a", "huyện", "Đông Anh", parent="thành phố Hà Nội"),
             place("b", "huyện", "Đông Anh", parent="thành phố Hà Nội")],
            [["a", "b"]], id="tone-placement-variants-are-one-name",
        ),
        pytest.param(
            [official("a", "Trần Minh Đức", ["Chủ tịch UBND"], "huyện Đông Anh"),
             official("b", "Trần Minh Đức", ["Phó Bí thư Thành ủy"], "thành phố Hà Nội")],
            [place("a", "huyện", "Đông Anh", parent="thành phố Hà Nội"),
             place("a", "thành phố", "Hà Nội", code="01"),
             place("b", "thành phố", "Hà Nội", code="01")],
            [["a", "b"]], id="province-found-through-the-parent",
        ),
        pytest.param(
            [official("a", "Trần Minh Đức", ["Chủ tịch UBND"], "xã Uy Nỗ"),
             official("b", "Trần Minh Đức", ["Chủ tịch UBND"], "thành phố Hà Nội")],
            [place("a", "xã", "Uy Nỗ", code="00454", province="thành phố Hà Nội"),
             place("b", "thành phố", "Hà Nội", code="01")],
            [["a", "b"]], id="province-from-the-gazetteer-column",
        ),
        pytest.param(
            [official("a", "Phạm Minh Hùng", ["Trưởng ban Tổ chức Trung ương"]),
             official("b", "Phạm Minh Hùng", ["Trưởng ban Tổ chức Trung ương"])],
            [], [["a", "b"]], id="national-post-same-title-merged",
        ),
        pytest.param(
            [official("a", "Phạm Minh Hùng", ["Bộ trưởng Bộ Y tế"]),
             official("b", "Phạm Minh Hùng", ["Giám đốc Công an"])],
            [], [["a"], ["b"]], id="no-locality-no-shared-post-kept-apart",
        ),
        pytest.param(
            [official("a", "Nguyễn Hoàng Thao", ["nguyên Bí thư Tỉnh ủy"]),
             official("b", "Nguyễn Hoàng Thao", ["Bí thư Tỉnh ủy"], "tỉnh Bình Dương")],
            [place("b", "tỉnh", "Bình Dương", code="74")],
            [["a", "b"]], id="former-holder-joins-the-one-province-with-that-post",
        ),
        pytest.param(
            [official("a", "Nguyễn Văn Hùng", ["Chủ tịch UBND"], "tỉnh Bình Dương"),
             official("b", "Nguyễn Văn Hùng", ["Chủ tịch UBND"], "tỉnh Nam Định"),
             official("c", "Nguyễn Văn Hùng", ["Chủ tịch UBND tỉnh"])],
            TWO_PROVINCES, [["a"], ["b"], ["c"]],
            id="post-matching-two-provinces-is-not-guessed",
        ),
        pytest.param(
            [official("a", "Cao Tường Huy", ["Phó Chủ tịch UBND"]),
             official("b", "Cao Tường Huy", ["Chủ tịch UBND"])],
            [], [["a"], ["b"]], id="deputy-is-another-post",
        ),
    ],
)  # fmt: skip
def test_people_across_articles(officials, localities, expected):
    groups, _ = people_of(officials, localities)
    assert groups == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param("Bí thư Tỉnh ủy", "nguyên Bí thư Tỉnh ủy", True, id="former-same-post"),
        pytest.param("Chủ tịch UBND", "Quyền Chủ tịch UBND", True, id="acting-same-post"),
        pytest.param("Phó Chủ tịch UBND", "Chủ tịch UBND", False, id="deputy-differs"),
        pytest.param("Phó Chủ tịch Quốc hội", "Phó Chủ tịch Thường trực Quốc hội", True,
                     id="shorter-inside-longer"),
        pytest.param("Giám đốc Sở Y tế", "Giám đốc Sở Nội vụ", False, id="other-department"),
        pytest.param("", "Chủ tịch UBND", False, id="empty-title"),
    ],
)  # fmt: skip
def test_same_post(a, b, same):
    assert same_post(post_words(a), post_words(b)) is same


def test_titles_listed_with_dates_in_order_of_first_appearance():
    officials = [
        official("c", "Võ Văn Minh", ["Chủ tịch UBND"], "tỉnh Bình Dương"),
        official("a", "Võ Văn Minh", ["Thứ trưởng Bộ Kế hoạch và Đầu tư"], "tỉnh Bình Dương"),
        official("b", "Võ Văn Minh", ["Phó Bí thư Tỉnh ủy"], "tỉnh Bình Dương"),
    ]
    localities = [place(aid, "tỉnh", "Bình Dương", code="74") for aid in "abc"]
    _, registry = people_of(officials, localities, {"a": D1, "b": D2, "c": D3})
    (person,) = registry.people
    assert person.titles == [
        "Thứ trưởng Bộ Kế hoạch và Đầu tư",
        "Phó Bí thư Tỉnh ủy",
        "Chủ tịch UBND",
    ]
    assert (person.first_seen, person.last_seen, person.n_articles) == (D1, D3, 3)
    assert (person.province, person.locality_code) == ("tỉnh Bình Dương", "74")
    seen = sorted((t.published, t.title) for t in registry.people_titles)
    assert seen == [(D1, "Thứ trưởng Bộ Kế hoạch và Đầu tư"), (D2, "Phó Bí thư Tỉnh ủy"),
                    (D3, "Chủ tịch UBND")]  # fmt: skip


def test_person_ids_do_not_depend_on_row_order():
    officials = [
        official("a", "Nguyễn Văn Hùng", ["Chủ tịch UBND"], "tỉnh Bình Dương"),
        official("b", "Nguyễn Văn Hùng", ["Chủ tịch UBND"], "tỉnh Nam Định"),
        official("c", "Phạm Minh Hùng", ["Bộ trưởng Bộ Y tế"]),
    ]
    forward = build({}, officials, TWO_PROVINCES, [])
    backward = build({}, officials[::-1], TWO_PROVINCES[::-1], [])
    assert {p.person_id: p.province for p in forward.people} == {
        p.person_id: p.province for p in backward.people
    }


def test_most_common_spelling_names_the_person():
    officials = [
        official("a", "Lê Thị Hòa", ["Chủ tịch HĐND"]),
        official("b", "Lê Thị Hoà", ["Chủ tịch HĐND"]),
        official("c", "Lê Thị Hòa", ["Chủ tịch HĐND"]),
    ]
    (person,) = build({}, officials, [], []).people
    assert person.name == "Lê Thị Hòa"
    assert person.name_variants == ["Lê Thị Hoà", "Lê Thị Hòa"]


# --------------------------------------------------------------------------------------------
# Places


def test_places_are_keyed_on_gazetteer_codes():
    localities = [
        place("a", "tỉnh", "Thừa Thiên Huế", code="46"),
        place("b", "tỉnh", "Thừa Thiên - Huế", code="46"),
        place("c", "tỉnh", "Thừa Thiên Huế", code="46"),
        place("c", "xã", "Đặng Xá"),  # not linked: keyed on its name
        place("d", "xã", "Đặng Xá"),
    ]
    places = build({"a": D1, "c": D3}, [], localities, []).places
    by_id = {p.place_id: p for p in places}
    assert set(by_id) == {"46", "name:xã đặng xá"}
    hue = by_id["46"]
    assert (hue.name, hue.n_articles, hue.first_seen, hue.last_seen) == (
        "Thừa Thiên Huế",
        3,
        D1,
        D3,
    )
    assert by_id["name:xã đặng xá"].n_articles == 2


@pytest.mark.parametrize(
    ("rows", "label", "province"),
    [
        pytest.param([place("a", "tỉnh", "Yên Bái")], "tỉnh Yên Bái", "tỉnh Yên Bái",
                     id="a-province-is-its-own-province"),
        pytest.param([place("a", "thành phố", "Hà Nội", code="01")], "TP Hà Nội",
                     "thành phố Hà Nội", id="two-digit-code-is-a-province"),
        pytest.param([place("a", "phường", "Đức Thắng", parent="quận Bắc Từ Liêm"),
                      place("a", "quận", "Bắc Từ Liêm", parent="thành phố Hà Nội")],
                     "phường Đức Thắng", "thành phố Hà Nội", id="parent-chain"),
        pytest.param([place("a", "xã", "Đặng Xá", parent="huyện Gia Lâm")], "xã Đặng Xá",
                     "huyện Gia Lâm", id="unknown-parent-stands-in"),
        pytest.param([place("a", "xã", "Uy Nỗ", province="thành phố Hà Nội")], "xã Uy Nỗ",
                     "thành phố Hà Nội", id="gazetteer-province-wins"),
    ],
)  # fmt: skip
def test_province_of(rows, label, province):
    row = resolve(rows, label)
    assert row is not None
    assert province_of(row, rows) == province


def test_resolve_prefers_the_same_type():
    rows = [place("a", "huyện", "Quảng Yên"), place("a", "thị xã", "Quảng Yên")]
    assert resolve(rows, "thị xã Quảng Yên").type == "thị xã"
    assert resolve(rows, "Quảng Nam") is None
    assert place_key("TP Hà Nội") == place_key("Hà Nội")


# --------------------------------------------------------------------------------------------
# Commitment links


def commitment(aid, actor, evidence, official_name=""):
    return CommitmentRow(aid, actor, 2025, [], evidence, official=official_name)


LINK_PLACES = [
    place("a", "tỉnh", "Quảng Ninh", code="22"),
    place("a", "thành phố", "Hạ Long", code="193", province="tỉnh Quảng Ninh"),
]
LINK_OFFICIALS = [
    official("a", "Cao Tường Huy", ["Phó Chủ tịch UBND"], "tỉnh Quảng Ninh"),
    official("a", "Võ Văn Minh", ["Giám đốc Sở Tài chính"], "tỉnh Quảng Ninh"),
]


@pytest.mark.parametrize(
    ("row", "code", "locality_rule", "person", "person_rule"),
    [
        pytest.param(commitment("a", "UBND tỉnh Quảng Ninh", "Tỉnh sẽ hoàn thành đường bao biển."),
                     "22", "actor", "", "", id="actor-names-the-province"),
        pytest.param(commitment("a", "UBND TP Hạ Long", "Thành phố sẽ xong 10 trường."),
                     "193", "actor", "", "", id="actor-with-abbreviated-city"),
        pytest.param(commitment("a", "Sở Tài chính", "Sở sẽ rà soát 120 dự án.", "Võ Văn Minh"),
                     "22", "official", "Võ Văn Minh", "official", id="place-from-the-official"),
        pytest.param(commitment("a", None, "Ông Cao Tường Huy cho biết tỉnh sẽ dành 3.500 tỷ."),
                     "22", "official", "Cao Tường Huy", "evidence", id="official-named-in-evidence"),
        pytest.param(commitment("a", "Quốc hội", "Quốc hội sẽ xem xét luật.", "Minh"),
                     "22", "official", "Võ Văn Minh", "official", id="short-name-matches-one"),
        pytest.param(commitment("a", "Quốc hội", "Cao Tường Huy và Võ Văn Minh sẽ cùng làm."),
                     "", "", "", "", id="two-officials-in-evidence-link-no-one"),
        pytest.param(commitment("a", "Bộ Giao thông vận tải", "Bộ sẽ khởi công cao tốc."),
                     "", "", "", "", id="national-body-no-place"),
    ],
)  # fmt: skip
def test_commitment_links(row, code, locality_rule, person, person_rule):
    registry = build({}, LINK_OFFICIALS, LINK_PLACES, [row])
    (link,) = registry.commitment_links
    assert (link.locality_code, link.locality_rule) == (code, locality_rule)
    assert (link.person_name, link.person_rule) == (person, person_rule)
    if person:
        assert link.person_id in {p.person_id for p in registry.people}


# --------------------------------------------------------------------------------------------
# Property: provinces never merge

NAMES = st.sampled_from(["Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Lê Thị Hoà", "Lê Thị Hòa"])
TITLES = st.lists(
    st.sampled_from(["Chủ tịch UBND", "Phó Chủ tịch UBND", "nguyên Bí thư Tỉnh ủy", "Bí thư",
                     "Bộ trưởng Bộ Y tế", ""]),
    max_size=2,
)  # fmt: skip
PROVINCES = st.sampled_from([None, "tỉnh Bình Dương", "tỉnh Nam Định", "thành phố Hà Nội"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NAMES, TITLES, PROVINCES), min_size=1, max_size=12))
def test_people_never_span_two_provinces(mentions):
    officials = [
        official(f"a{i}", name, titles, province)
        for i, (name, titles, province) in enumerate(mentions)
    ]
    localities = [
        place(f"a{i}", *province.rsplit(" ", 1)) if province.startswith("tỉnh")
        else place(f"a{i}", "thành phố", "Hà Nội", code="01")
        for i, (_, _, province) in enumerate(mentions) if province
    ]  # fmt: skip
    registry = build({}, officials, localities, [])
    provinces: dict[str, set[str]] = {}
    for mention in registry.person_mentions:
        if mention.province:
            provinces.setdefault(mention.person_id, set()).add(mention.province)
    assert all(len(found) == 1 for found in provinces.values())
    assert len(registry.person_mentions) == len(officials)


def test_mentions_without_post_or_place_stay_apart():
    officials = [official("a", "Lê Văn Tám", []), official("b", "Lê Văn Tám", [])]
    groups, _ = people_of(officials)
    assert groups == [["a"], ["b"]]


def test_a_much_mentioned_national_figure_is_clustered_fast():
    officials = [
        official(f"a{i}", "Nguyễn Xuân Phúc", ["Thủ tướng Chính phủ"] if i % 2 else ["Thủ tướng"])
        for i in range(20_000)
    ]
    started = time.perf_counter()
    groups, _ = people_of(officials)
    assert len(groups) == 1
    assert time.perf_counter() - started < 5
