"""The regex speed-up toolkit (`pipeline.text.fastre`): each helper finds the same matches as
the plain pattern, on the private-parser path and on the pure-Python fallback
(`PIPELINE_FASTRE=0`), over a table of patterns × texts and by hypothesis."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import fastre


@pytest.fixture(params=["private", "fallback"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once with the private parser and once with it forced off."""
    if request.param == "fallback":
        monkeypatch.setenv(fastre.ENV, "0")
    else:
        monkeypatch.delenv(fastre.ENV, raising=False)
    return request.param


def guarded(pattern: str) -> re.Pattern[str]:
    """`pattern` behind the `first_chars` lookahead when one is known (as localities does)."""
    first = fastre.first_chars(pattern)
    return re.compile(rf"(?=[{first}]){pattern}") if first else re.compile(pattern)


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.lastgroup) for m in pattern.finditer(text)]


PATTERNS = [
    pytest.param("(?:(?P<a>ab)|(?P<b>(?i:xã))|(?P<c>[Qq]\\.))", id="literals-cases-classes"),
    pytest.param("(?:(?<=\\.)a|b+)", id="zero-width-and-repeat"),
    pytest.param("(?:(?P<a>huyện )|(?P<b>(?i:thành phố ))|(?P<c>TP\\.))", id="type-words"),
    pytest.param("(?:a|b?)", id="may-be-empty"),
    pytest.param("(?:(?i:sông)|x)", id="odd-folding-letter"),
]
TEXTS = [
    pytest.param("ab XÃ xã Xã Q. q. QX", id="mixed"),
    pytest.param("huyện Gia Lâm, Thành phố Huế, TP.HCM, thành phố Vinh", id="type-words"),
    pytest.param(".a bbb a. SÔNG sông ſông x", id="folding"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("text", TEXTS)
def test_first_chars_guard_keeps_the_matches(path: str, pattern: str, text: str) -> None:
    assert matches(guarded(pattern), text) == matches(re.compile(pattern), text)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param("(?:ab|(?i:xã)|[Qq]\\.)", "QXaqx", id="literals-cases-classes"),
        pytest.param("(?:(?<=\\.)a|b+)", "ab", id="zero-width-and-repeat"),
        pytest.param("(?:a|b?)", None, id="may-be-empty"),
        pytest.param("(?:a|\\w)", None, id="category"),
        pytest.param("(?i:sông)", None, id="odd-folding-letter"),
    ],
)
def test_first_chars(monkeypatch: pytest.MonkeyPatch, pattern: str, expected: str | None) -> None:
    monkeypatch.delenv(fastre.ENV, raising=False)
    assert fastre.first_chars(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [pytest.param("(?:ab|(?i:xã)|[Qq]\\.)", id="letters"), pytest.param("b+", id="repeat")],
)
def test_fallback_gives_no_guard(monkeypatch: pytest.MonkeyPatch, pattern: str) -> None:
    monkeypatch.setenv(fastre.ENV, "0")
    assert not fastre.private_enabled()
    assert fastre.first_chars(pattern) is None
    assert fastre.parsed(pattern) is None
    assert fastre.constants() is None


def test_private_path_gives_parsed_ops_and_their_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fastre.ENV, raising=False)
    codes = fastre.constants()
    assert codes is not None
    assert [op for op, _ in fastre.parsed("ab")] == [codes.LITERAL, codes.LITERAL]


@given(
    st.sampled_from([p.values[0] for p in PATTERNS]),
    st.lists(st.sampled_from(["ab", "XÃ", "xã", "Q.", "q", ".", "a", "b", "huyện ", "TP.", "ſ",
                              "thành phố ", "THÀNH PHỐ ", "sông", " "]), max_size=20).map("".join),
)  # fmt: skip
def test_first_chars_guard_keeps_the_matches_fuzzed(pattern: str, text: str) -> None:
    assert matches(guarded(pattern), text) == matches(re.compile(pattern), text)


@pytest.mark.parametrize(
    ("alternatives", "text"),
    [
        pytest.param(["cảng biển", "cầu", "cảng", "đèo"], "cảng biển cầu đèo cảng", id="grouped"),
        pytest.param(["(?<!yêu )(?<!nhu )cầu", "cảng"], "yêu cầu nhu cầu cầu cảng", id="guards"),
        pytest.param(["phố", "(?<=thành )phố"], "thành phố phố", id="positive-guard"),
        pytest.param(["c?ầu", "[dđ]èo", "x"], "ầu cầu đèo x", id="not-plain-letters"),
    ],
)
def test_by_first_letter_keeps_the_matches(alternatives: list[str], text: str) -> None:
    plain = re.compile("|".join(f"(?:{a})" for a in alternatives))
    grouped = re.compile(fastre.by_first_letter(alternatives))
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert any(True for _ in plain.finditer(text))


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        pytest.param("Cầu Giấy, HÀ NỘI", True, id="vietnamese"),
        pytest.param("İstanbul", False, id="length-changing"),
        pytest.param("ſân bay", False, id="long-s"),
        pytest.param("ΣΟΦΙΑ", False, id="final-sigma"),
    ],
)
def test_lowered_only_when_safe(text: str, safe: bool) -> None:
    assert (fastre.lowered(text) is not None) is safe


def test_fold_unsafe_covers_the_regex_engine_extra_cases() -> None:
    """The written-out list holds every non-ASCII character `re` folds specially (read from
    the private table here, in a test, so that the pipeline never needs it)."""
    casefix = pytest.importorskip("re._casefix")
    extra = {c for k, v in casefix._EXTRA_CASES.items() for c in (k, *v) if c > 0x7F}
    assert extra <= set(fastre.FOLD_UNSAFE_CODES)


@pytest.mark.parametrize(
    "char", [pytest.param("\u0130", id="dotted-capital-I"), pytest.param("Σ", id="capital-sigma")]
)
def test_fold_unsafe_holds_the_characters_the_regex_table_lacks(char: str) -> None:
    """One set for every caller: `İ` (lowers to two characters) and `Σ` (context-dependent
    lower case) are not in `re`'s table but unsafe for a lower-cased presence check."""
    assert fastre.FOLD_UNSAFE.search(char)


#: Word sets shaped like the commitments triggers: shared prefixes (`sẽ`, `sẽ tiếp tục`),
#: a word inside another (`hoạch` in `kế hoạch`), a trailing space, overlapping occurrences.
FINDER_WORDS = ["sẽ", "sẽ tiếp tục", "kế hoạch", "hoạch", "kế", "giai đoạn ", "đã", "đạt", "aa"]
FINDER_TEXTS = [
    pytest.param("tỉnh sẽ tiếp tục thực hiện kế hoạch", id="prefix-and-inner-word"),
    pytest.param("giai đoạn 2021-2025 đã đạt", id="trailing-space-word"),
    pytest.param("giai đoạn", id="trailing-space-missing"),
    pytest.param("aaaa", id="overlapping"),
    pytest.param("không có từ nào", id="none"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", FINDER_TEXTS)
def test_word_finder_finds_exactly_the_words_in_the_text(text: str) -> None:
    finder = fastre.WordFinder({word: frozenset([word]) for word in FINDER_WORDS})
    assert finder.payloads(text) == {word for word in FINDER_WORDS if word in text}


def test_word_finder_of_parts_gives_the_parts_needing_a_present_word() -> None:
    finder = fastre.WordFinder.of_parts([("kế hoạch", "mục tiêu"), None, ("sẽ",), ("hoạch",)])
    assert finder.payloads("thực hiện kế hoạch") == {0, 3}


@given(
    st.lists(st.text("abc ", min_size=1, max_size=4), min_size=1, max_size=8),
    st.text("abc ", max_size=30),
)
def test_word_finder_matches_substring_tests(words: list[str], text: str) -> None:
    finder = fastre.WordFinder({word: frozenset([word]) for word in words})
    assert finder.payloads(text) == {word for word in words if word in text}
