"""Name keys (SCORING.md "Name keys") and the place comparison used for actors and localities."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.rules import load
from pipeline.text.keys import (
    contains_words,
    expand_abbreviations,
    name_key,
    place_key,
    strip_type_word,
)

NFD = "Tho\u0302\u0301ng"  # `Thống` typed as base letters plus combining marks


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Thuỷ", "Thủy", id="old-new-tone-placement-uy"),
        pytest.param("hoà", "hòa", id="old-new-tone-placement-oa"),
        pytest.param("Sỹ", "Sĩ", id="final-y-after-consonant-is-i"),
        pytest.param("Mỹ Đình", "Mĩ Đình", id="final-y-in-multiword"),
        pytest.param("Ðỗ Ðức Duy", "Đỗ Đức Duy", id="eth-is-d-stroke"),
        pytest.param("ðồng", "đồng", id="lowercase-eth"),
        pytest.param("NGUYỄN VĂN AN", "Nguyễn Văn An", id="case"),
        pytest.param(NFD, "Thống", id="nfd-input"),
        pytest.param("TP.HCM", "TP HCM", id="punctuation-splits-words"),
        pytest.param("  Hà   Nội! ", "hà nội", id="spaces-and-punctuation-dropped"),
        pytest.param("Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu", id="dash-dropped"),
    ],
)
def test_same_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Tuấn", "Tuân", id="missing-tone"),
        pytest.param("Thủy", "Thúy", id="different-tone"),
        pytest.param("Đức", "Dức", id="d-stroke-is-its-own-letter"),
        pytest.param("Quý", "Quí", id="y-after-vowel-u-stays"),
        pytest.param("Hà Nội", "Hàn Ội", id="word-boundaries-count"),
        pytest.param("Quận 2", "Quận 12", id="digits-are-words"),
    ],
)
def test_different_key(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Sỹ", "si\u0303", id="marks-trail-base-letters"),
        pytest.param("Duy", "duy", id="y-after-u-kept"),
        pytest.param("Tuấn", "tuan\u0301\u0302", id="marks-sorted-by-code-point"),
        pytest.param("Quận 2", "quan\u0302\u0323 2", id="digits-kept"),
        pytest.param("đ", "đ", id="d-stroke-not-decomposed"),
        pytest.param("y", "y", id="lone-y-kept"),
        pytest.param("...", "", id="no-words"),
        pytest.param("", "", id="empty"),
        pytest.param("a_b", "a b", id="underscore-separates"),
    ],
)
def test_exact_key(text: str, expected: str) -> None:
    assert name_key(text) == expected


@pytest.mark.parametrize(
    ("haystack", "needle", "expected"),
    [
        pytest.param("UBND thành phố Hà Nội", "Hà Nội", True, id="whole-words-at-end"),
        pytest.param("Hà Nội mới", "Hà Nội", True, id="whole-words-at-start"),
        pytest.param("Hàn Quốc", "Hà", False, id="not-a-word-prefix"),
        pytest.param("Thành Hà", "Hà Nội", False, id="needle-runs-past-end"),
        pytest.param("Hà và Nội", "Hà Nội", False, id="must-be-contiguous"),
        pytest.param("Hà Nội", "", False, id="empty-needle-contained-in-nothing"),
        pytest.param("", "Hà", False, id="empty-haystack"),
        pytest.param("Hà Nội", "Hà Nội", True, id="equal"),
    ],
)
def test_contains_words(haystack: str, needle: str, expected: bool) -> None:
    assert contains_words(name_key(haystack), name_key(needle)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("TP.HCM", "thành phố Hồ Chí Minh", id="tp-dot-hcm"),
        pytest.param("TPHCM", "thành phố Hồ Chí Minh", id="tphcm"),
        pytest.param("UBND TP Hà Nội", "UBND thành phố Hà Nội", id="tp-inside"),
        pytest.param("Tp. Cần Thơ", "thành phố Cần Thơ", id="tp-any-case"),
        pytest.param("HCM", "Hồ Chí Minh", id="hcm"),
        pytest.param("TPHCMX", "TPHCMX", id="whole-words-only"),
    ],
)
def test_expand_abbreviations(text: str, expected: str) -> None:
    assert expand_abbreviations(text) == name_key(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("tỉnh Yên Bái", "Yên Bái", id="tinh"),
        pytest.param("Thành phố Hà Nội", "Hà Nội", id="thanh-pho-capitalised"),
        pytest.param("thị xã Sơn Tây", "Sơn Tây", id="thi-xa-not-xa"),
        pytest.param("thị trấn Phùng", "Phùng", id="thi-tran"),
        pytest.param("xã Tam Hiệp", "Tam Hiệp", id="xa"),
        pytest.param("đặc khu Phú Quốc", "Phú Quốc", id="dac-khu"),
        pytest.param("quận 2", "2", id="numbered-district"),
        pytest.param("quận", "quận", id="bare-type-word-kept"),
        pytest.param("UBND tỉnh Yên Bái", "UBND tỉnh Yên Bái", id="only-leading"),
        pytest.param("huyện xã Tân", "xã Tân", id="only-one-type-word"),
        pytest.param("thànhphố Huế", "thànhphố Huế", id="whole-words"),
    ],
)
def test_strip_type_word(text: str, expected: str) -> None:
    assert strip_type_word(text) == name_key(expected)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("TP.HCM", "Hồ Chí Minh", id="tp-hcm-vs-bare"),
        pytest.param("thành phố Hồ Chí Minh", "TP HCM", id="full-vs-abbrev"),
        pytest.param("tỉnh Yên Bái", "Yên Bái", id="type-word-removed"),
        pytest.param("TP Hà Nội", "thành phố Hà Nội", id="tp-expanded-then-removed"),
    ],
)
def test_place_key_equal(a: str, b: str) -> None:
    assert place_key(a) == place_key(b)


def test_place_key_of_nothing_is_empty() -> None:
    assert place_key(None) == place_key("") == place_key("  ") == ""


def test_scoring_rules_are_commented_data_with_ids() -> None:
    rules = load("scoring")
    entries = rules["abbreviation"] + rules["type_word"]
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("scoring.") for i in ids)
    assert {name_key(e["word"]) for e in rules["type_word"]} >= {
        name_key(w) for w in ("tỉnh", "thành phố", "quận", "huyện", "thị xã", "phường", "xã")
    }


# Properties -----------------------------------------------------------------------------------

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "0123456789 .,-()/"
)


@given(st.text())
def test_never_raises_and_is_well_formed(text: str) -> None:
    key = name_key(text)
    assert isinstance(key, str)
    assert key == " ".join(key.split(" ")) and "  " not in key
    assert key == key.strip()


@given(st.text())
def test_nfc_nfd_invariance(text: str) -> None:
    assert name_key(unicodedata.normalize("NFD", text)) == name_key(
        unicodedata.normalize("NFC", text)
    )


@given(st.text())
def test_idempotent(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key


@given(st.text(alphabet=VIETNAMESE))
def test_case_invariance_on_vietnamese(text: str) -> None:
    assert name_key(text.upper()) == name_key(text.lower()) == name_key(text)


@given(st.text(alphabet=VIETNAMESE), st.text(alphabet=VIETNAMESE))
def test_key_contains_its_own_words(left: str, right: str) -> None:
    joined = name_key(f"{left} {right}")
    assert contains_words(joined, name_key(right)) or not name_key(right)
