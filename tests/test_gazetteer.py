"""The gazetteer: matching names, linking to GSO codes, parents and the 2025 successors.

It reads vietnamadminunits' bundled data files and never its code, so it cannot reach the
network; the tests check that with sockets disabled and that the package is never imported.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from pipeline import gazetteer as gaz
from pipeline.rules import load

EARLY = date(2017, 6, 1)


@pytest.fixture(scope="module")
def gazetteer() -> gaz.Gazetteer:
    return gaz.get()


def test_counts_and_load_time() -> None:
    started = time.perf_counter()
    fresh = gaz.Gazetteer()
    elapsed = time.perf_counter() - started
    levels = [unit.level for unit in fresh.units.values() if not unit.until]
    assert levels.count("province") == 63
    assert 690 <= levels.count("district") <= 710
    assert levels.count("ward") > 10_000
    assert elapsed < 3.0, f"gazetteer took {elapsed:.2f}s to load"


@pytest.mark.parametrize(
    ("written", "level", "code"),
    [
        pytest.param("Ðắk Lắk", "province", "66", id="icelandic-eth"),
        pytest.param("Khánh Hoà", "province", "56", id="old-tone-placement"),
        pytest.param("Thanh Hoá", "province", "38", id="old-tone-placement-2"),
        pytest.param("Bà Rịa-Vũng Tàu", "province", "77", id="hyphen-no-spaces"),
        pytest.param("Bà Rịa - Vũng Tàu", "province", "77", id="hyphen-spaces"),
        pytest.param("bà rịa vũng tàu", "province", "77", id="lower-case-no-hyphen"),
        pytest.param("HÀ NỘI", "province", "01", id="upper-case"),
        pytest.param("Cư M'Gar", "district", "648", id="apostrophe-case"),
        pytest.param("Thị Xã Việt Yên".split(" ", 2)[2], "district", "222", id="odd-type-case"),
    ],
)
def test_match_tolerates_spelling(
    gazetteer: gaz.Gazetteer, written: str, level: str, code: str
) -> None:
    assert code in {u.code for u in gazetteer.match(written, level=level)}


def test_type_words_are_split_off_full_names() -> None:
    assert gaz.split_type("Thị Xã Việt Yên") == ("thị xã", "Việt Yên")
    assert gaz.split_type("Thành phố Hồ Chí Minh") == ("thành phố", "Hồ Chí Minh")
    assert gaz.split_type("Phường 15") == ("phường", "15")


def test_link_gives_legacy_code_province_and_2025_successor(gazetteer: gaz.Gazetteer) -> None:
    unit = gazetteer.link("phường", "Đức Thắng")
    assert unit is not None
    assert (unit.code, unit.type, unit.name) == ("00602", "phường", "Đức Thắng")
    assert gazetteer.province(unit).label == "thành phố Hà Nội"
    assert gazetteer.parent(unit).label == "quận Bắc Từ Liêm"
    # The explicit converter table, not FROM_2025 parsing (which answers 'Phường Từ Liêm').
    assert unit.new_ward == "phường Đông Ngạc"
    assert unit.new_province == "thành phố Hà Nội"


def test_province_successor_after_merger(gazetteer: gaz.Gazetteer) -> None:
    (yen_bai,) = gazetteer.match("Yên Bái", level="province")
    assert yen_bai.code == "15"
    assert yen_bai.new_province == "tỉnh Lào Cai"


def test_divided_unit_has_no_new_ward(gazetteer: gaz.Gazetteer) -> None:
    ba_vi = gazetteer.link("huyện", "Ba Vì")
    unit = gazetteer.link("xã", "Cẩm Lĩnh", context=[ba_vi])
    assert unit is not None and unit.code == "09673"
    assert unit.new_province == "thành phố Hà Nội"
    assert unit.new_ward == ""  # split between several 2025 communes: left blank


def test_parent_inference_uses_context(gazetteer: gaz.Gazetteer) -> None:
    # Sơn Hải is a commune in four provinces: without context there is no answer.
    assert gazetteer.link("xã", "Sơn Hải") is None
    lao_cai = gazetteer.link("tỉnh", "Lào Cai")
    unit = gazetteer.link("xã", "Sơn Hải", context=[lao_cai])
    assert unit is not None and unit.province == "10"
    assert gazetteer.parent(unit).label == "huyện Bảo Thắng"
    # Quỳnh Đôi is unique: the gazetteer alone gives its district.
    quynh_doi = gazetteer.link("xã", "Quỳnh Đôi")
    assert gazetteer.parent(quynh_doi).label == "huyện Quỳnh Lưu"
    # A stated parent that contains no candidate leaves the unit unlinked (merged away since).
    quynh_luu = gazetteer.link("huyện", "Quỳnh Lưu")
    assert gazetteer.link("xã", "Sơn Hải", context=[quynh_luu], within=quynh_luu) is None
    assert gazetteer.link("xã", "Nhân Cơ", within=quynh_luu) is None
    # A province is context enough for a district, and picks among same-named ones.
    can_tho = gazetteer.link("thành phố", "Cần Thơ")
    phong_dien = gazetteer.link("huyện", "Phong Điền", context=[can_tho], on=EARLY)
    assert phong_dien is not None and phong_dien.code == "926"


def test_type_word_picks_level(gazetteer: gaz.Gazetteer) -> None:
    assert gazetteer.link("tỉnh", "Yên Bái").code == "15"
    assert gazetteer.link("thành phố", "Yên Bái").code == "132"


def test_historical_units_by_date(gazetteer: gaz.Gazetteer) -> None:
    (early,) = gazetteer.match("Thủ Đức", level="district", on=EARLY)
    (late,) = gazetteer.match("Thủ Đức", level="district", on=date(2022, 1, 1))
    assert (early.type, early.code) == ("quận", "762")
    assert (late.type, late.code) == ("thành phố", "769")
    assert gazetteer.province(early).label == "thành phố Hồ Chí Minh"
    # Thừa Thiên Huế was a province until 2025; its districts' parent follows the date.
    (hue,) = gazetteer.match("Thừa Thiên - Huế", on=EARLY)
    assert (hue.type, hue.code) == ("tỉnh", "46")
    phu_vang = gazetteer.link("huyện", "Phú Vang", on=EARLY)
    assert gazetteer.parent(phu_vang, on=EARLY).label == "tỉnh Thừa Thiên Huế"
    assert gazetteer.parent(phu_vang, on=date(2025, 3, 1)).label == "thành phố Huế"


def test_every_rule_entry_is_applied(gazetteer: gaz.Gazetteer) -> None:
    rules = load("localities")
    historical = {u.rule for u in gazetteer.units.values() if u.until}
    assert historical == {entry["id"] for entry in rules["historical"]}
    for entry in rules["spelling"]:
        assert gazetteer.units[(entry["level"], entry["code"])].name == entry["name"]


def test_linking_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    fresh = gaz.Gazetteer()
    unit = fresh.link("phường", "Đức Thắng")
    assert unit is not None and unit.new_ward == "phường Đông Ngạc"

    from pipeline.extractors.localities import extract_localities
    from tests.helpers import doc_of

    rows = extract_localities(doc_of("Tại phường Đức Thắng (quận Bắc Từ Liêm), Hà Nội."), {})
    assert {r.code for r in rows} == {"00602", "021", "01"}


def test_the_package_code_is_never_imported() -> None:
    """Importing vietnamadminunits pulls in geopy (a geocoder) and costs ~0.65 s: we don't."""
    root = Path(__file__).resolve().parents[1]
    code = (
        "import sys; from pipeline import gazetteer; gazetteer.get().link('xã', 'Đặng Xá');"
        "from pipeline.extractors.localities import locality_mentions;"
        "print('vietnamadminunits' in sys.modules, 'geopy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


# --- the map of 1 July 2025 ---------------------------------------------------------------------


def test_new_map_counts_and_is_loaded_only_when_used() -> None:
    fresh = gaz.Gazetteer()
    assert fresh._new is None  # an all-2017 corpus never pays for the second map
    units = list(fresh.new_map.units.values())
    assert sum(u.level == "province" for u in units) == 34
    wards = [u for u in units if u.level == "ward"]
    assert 3_300 <= len(wards) <= 3_330
    assert sum(u.type == "đặc khu" for u in wards) == 13
    assert {u.era for u in units} == {"new"}
    assert all(not u.district for u in wards)  # communes stand directly under a province


@pytest.mark.parametrize(
    ("type_word", "name", "code", "province"),
    [
        pytest.param("phường", "Buôn Hồ", "24305", "tỉnh Đắk Lắk", id="former-town-now-ward"),
        pytest.param("đặc khu", "Phú Quốc", "31078", "tỉnh An Giang", id="special-zone"),
        pytest.param("đặc khu", "Vân Đồn", "06994", "tỉnh Quảng Ninh", id="former-district"),
        pytest.param("phường", "Dĩ An", "25942", "thành phố Hồ Chí Minh", id="moved-province"),
        pytest.param("thành phố", "Huế", "46", "thành phố Huế", id="province-level-city"),
        pytest.param("tỉnh", "An Giang", "91", "tỉnh An Giang", id="merged-province-new-code"),
    ],
)
def test_new_units_have_their_new_code(
    gazetteer: gaz.Gazetteer, type_word: str, name: str, code: str, province: str
) -> None:
    unit = gazetteer.link_new(type_word, name)
    assert unit is not None
    assert (unit.type, unit.code, unit.era) == (type_word, code, "new")
    assert gazetteer.new_province(unit).label == province


@pytest.mark.parametrize(
    ("level", "name", "expected"),
    [
        pytest.param("district", "Buôn Hồ", "phường Buôn Hồ", id="town-to-wards"),
        pytest.param("district", "Vân Đồn", "đặc khu Vân Đồn", id="island-district-no-wards"),
        pytest.param("district", "Mê Linh", "xã Thiên Lộc", id="district-split-in-communes"),
        pytest.param("province", "Bà Rịa - Vũng Tàu", "thành phố Hồ Chí Minh", id="province"),
        pytest.param("province", "Kiên Giang", "tỉnh An Giang", id="province-other-name"),
    ],
)
def test_successors_follow_the_official_mapping(
    gazetteer: gaz.Gazetteer, level: str, name: str, expected: str
) -> None:
    (unit,) = [u for u in gazetteer.match(name, level=level) if not u.until]
    assert expected in {s.label for s in gazetteer.successors(unit)}


def test_divided_commune_has_several_successors(gazetteer: gaz.Gazetteer) -> None:
    (unit,) = [u for u in gazetteer.match("Cẩm Lĩnh", level="ward") if u.province == "01"]
    assert len(gazetteer.successors(unit)) >= 2


def test_codes_of_the_two_eras_never_contain_each_other(gazetteer: gaz.Gazetteer) -> None:
    old_kien_giang = gazetteer.units[("province", "91")]
    new_an_giang = gazetteer.new_map.units[("province", "91")]
    phu_quoc = gazetteer.link_new("đặc khu", "Phú Quốc")
    assert (old_kien_giang.name, new_an_giang.name) == ("Kiên Giang", "An Giang")
    assert gazetteer.contains(new_an_giang, phu_quoc)
    assert not gazetteer.contains(old_kien_giang, phu_quoc)
    assert old_kien_giang in gazetteer.old_provinces(phu_quoc)


def test_link_new_needs_a_province_among_namesakes(gazetteer: gaz.Gazetteer) -> None:
    assert len(gazetteer.new_map.match("Tân Thành", "ward")) > 1
    assert gazetteer.link_new("xã", "Tân Thành") is None
    hanoi = gazetteer.link_new("thành phố", "Hà Nội")
    assert gazetteer.link_new("phường", "Hồng Hà", provinces=[hanoi]).code == "00097"
