"""Vietnamese vocabulary lives in `pipeline/rules/*.toml`, not in Python (house rule).

An AST count of the string literals outside docstrings that hold a non-ASCII letter, per
module. Literals that are really code (character classes, Unicode ranges, help text with an
example) are allowed by name below, each with its reason. The budget may only go down: move
a word list to a rules file, then lower it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"

#: At most this many Vietnamese literals (not allowed below) in all of pipeline/ (issue 13:
#: at most 25). The commitments package and text/clauses.py hold none: their words are in
#: rules/commitments.toml ([words], [clauses]).
BUDGET = 22

#: module → literals that are code, not vocabulary, with the reason.
ALLOWED: dict[str, tuple[str, ...]] = {
    # Unicode ranges and case-folding oddities of the regex toolkit.
    "text/fastre.py": ("ikså", "ǆǉǌǳ", "ɏ", "Ḁ", "ỿ"),
    # Letter folding of name keys and filters (`Đ` → `d`): character maps, not words.
    "text/keys.py": ("Ð", "ð", "Đ", "đ"),
    "filters.py": ("Đ", "đ"),
    # The letters that tell Vietnamese text (language detection of scraped pages).
    "scrape/language.py": ("ăđơưĂĐƠƯ", "Ạ", "ỹ"),
    # Character classes of capital letters.
    "era.py": ("A-ZĐÀ-ỸẠ-Ỹ",),
    "extractors/official_lexicon.py": (
        "[^\\W\\d_]+(?:-[^\\W\\d_A-ZĐ]+)?|H['’][^\\W\\d_]+",
        "[^\\W\\d_][^\\W\\d_A-ZĐ]*(?:[-'’][^\\W\\d_]+)+",
    ),
    # Warm-up sentences for the tokenizer in `make bench`.
    "bench.py": ("Khởi động.", "Khởi động mô hình."),
    # User-facing text: chart placeholder, help examples, the data dictionary's examples.
    "charts.py": ("Chưa có dữ liệu (no data yet)",),
    "cli.py": ("*",),
    "dictionary.py": ("*",),
}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that stand alone as statements (docstrings, attribute
    docstrings): documentation, not code."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def vietnamese_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of each string literal outside docstrings with a non-ASCII letter."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and any(ord(c) > 127 and c.isalpha() for c in node.value)
    ]


def counted() -> dict[str, list[tuple[int, str]]]:
    """module (relative to pipeline/) → its Vietnamese literals not allowed as code."""
    out: dict[str, list[tuple[int, str]]] = {}
    for path in sorted(PIPELINE.rglob("*.py")):
        module = path.relative_to(PIPELINE).as_posix()
        allowed = ALLOWED.get(module, ())
        found = [
            (line, text)
            for line, text in vietnamese_literals(path.read_text(encoding="utf-8"))
            if "*" not in allowed and text not in allowed
        ]
        if found:
            out[module] = found
    return out


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param('"""Tỉnh: a docstring."""\n', [], id="docstring"),
        pytest.param('def f():\n    """Hà Nội."""\n    return "xã"\n', [(3, "xã")], id="literal"),
        pytest.param('WORDS = ("phó", "vice")\n', [(1, "phó")], id="tuple"),
        pytest.param('x = f"{a} thành phố"\n', [(1, " thành phố")], id="f-string"),
        pytest.param('x = "plain ascii"\n', [], id="ascii"),
    ],
)
def test_the_count_reads_literals_not_docstrings(source: str, expected: list) -> None:
    assert vietnamese_literals(source) == expected


def test_vietnamese_literals_stay_within_budget() -> None:
    found = counted()
    total = sum(map(len, found.values()))
    listing = "; ".join(f"{m}:{line} {text!r}" for m, v in found.items() for line, text in v)
    assert total <= BUDGET, f"{total} Vietnamese literals (budget {BUDGET}): {listing}"


@pytest.mark.parametrize(
    "module", [pytest.param("extractors/commitments/", id="commitments"), "text/clauses.py"]
)
def test_commitments_code_holds_no_vietnamese_literal(module: str) -> None:
    """Their word lists moved to rules/commitments.toml: a new literal goes there too."""
    assert [m for m in counted() if m.startswith(module)] == []


def test_allowed_modules_exist() -> None:
    assert all((PIPELINE / module).is_file() for module in ALLOWED)
