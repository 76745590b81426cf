"""The rules files are data that is checked (as dateparser's validator and spaCy's schemas
check theirs): every section and key is declared in `pipeline/rules/schema.toml`, every rule
id is declared once across all files, and every id the extractors write in a `rule` column is
declared in some rules file (an entry's `id`, or an `[[emitted]]` id the code makes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.rules import emitted_prefixes, load, undeclared, validate

EXAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "articles"


def test_the_rules_files_follow_the_schema_and_ids_are_unique() -> None:
    problems, declared = validate()
    assert problems == []
    assert len(declared) > 500


SCHEMA: dict[str, Any] = {
    "emitted": {"kind": "list", "keys": ["id", "prefix", "note"]},
    "a": {
        "entry": {"kind": "list", "keys": ["id", "pattern"]},
        "words": {"kind": "words", "keys": []},
        "bare": {"kind": "table", "keys": ["*"], "ids": "values"},
    },
    "b": {"entry": {"kind": "list", "keys": ["id", "pattern"]}},
}


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        pytest.param(
            {"a": {"entry": [{"id": "x.a", "pattern": "a"}, {"id": "x.a", "pattern": "b"}]}},
            "id 'x.a' already declared in a.toml",
            id="duplicate-in-one-file",
        ),
        pytest.param(
            {"a": {"entry": [{"id": "x.a", "pattern": "a"}]}, "b": {"entry": [{"id": "x.a"}]}},
            "id 'x.a' already declared in a.toml",
            id="duplicate-across-files",
        ),
        pytest.param(
            {"a": {"entry": [{"id": "x.a"}], "bare": {"p": "x.a"}}},
            "id 'x.a' already declared",
            id="duplicate-table-value",
        ),
        pytest.param(
            {"a": {"entry": [{"id": "x.a", "patern": "a"}]}}, "unknown key 'patern'", id="key"
        ),
        pytest.param({"a": {"entries": []}}, "section not in schema.toml", id="section"),
        pytest.param({"a": {"words": [{"id": "x"}]}}, "expected an array of strings", id="kind"),
        pytest.param(
            {"a": {"emitted": [{"id": "figure", "reason": "?"}]}}, "unknown key 'reason'", id="emit"
        ),
    ],
)
def test_validate_reports_the_problem(files: dict[str, Any], problem: str) -> None:
    problems, _ = validate(files, SCHEMA)
    assert len(problems) == 1
    assert problem in problems[0]


def test_validate_accepts_clean_data() -> None:
    files = {
        "a": {"entry": [{"id": "x.a", "pattern": "a"}], "words": ["w"], "bare": {"p": "x.b"}},
        "b": {"entry": [{"id": "x.c"}], "emitted": [{"id": "loc.", "prefix": True}]},
    }
    problems, declared = validate(files, SCHEMA)
    assert problems == []
    assert set(declared) == {"x.a", "x.b", "x.c", "loc."}
    assert emitted_prefixes(files) == ["loc."]


@pytest.mark.parametrize(
    ("rule", "table", "expected"),
    [
        pytest.param("num.digits+pct.sign", "figures", [], id="figures-plus"),
        pytest.param("num.digits+pct.nothing", "figures", ["pct.nothing"], id="figures-unknown"),
        pytest.param("official.title_name:role.bi_thu", "officials", [], id="officials-colon"),
        pytest.param("loc.bare.province", "localities", [], id="localities-table-value"),
        pytest.param("figure;loc.loc.type.tinh;sec.other", "commitments", [], id="prefix-emitted"),
        pytest.param("figure;loc.loc.nothing", "commitments", ["loc.loc.nothing"], id="bad-prefix"),
    ],
)
def test_undeclared_splits_each_table_its_way(rule: str, table: str, expected: list[str]) -> None:
    _, declared = validate()
    assert undeclared(rule, table, declared, emitted_prefixes()) == expected


def _emitted_rules(paths: list[Path]) -> list[tuple[str, str, str]]:
    """(article id, table, rule) of every row extracted from the articles under `paths`."""
    from pipeline.extract import extract_article
    from pipeline.ingest import read_articles

    out = []
    for article in read_articles(paths, []):
        result = extract_article(article)
        assert not result.error, result.error
        for table, rows in result.tables.items():
            out.extend(
                (article.article_id, table, row.rule) for row in rows if hasattr(row, "rule")
            )
    return out


def _assert_declared(paths: list[Path]) -> None:
    _, declared = validate()
    prefixes = emitted_prefixes()
    seen = _emitted_rules(paths)
    assert seen
    missing = sorted(
        {
            (table, rule_id)
            for _, table, rule in seen
            for rule_id in undeclared(rule, table, declared, prefixes)
        }
    )
    assert missing == []


def test_every_emitted_rule_id_is_declared_over_the_example_articles() -> None:
    _assert_declared([EXAMPLES])


@pytest.mark.slow
def test_every_emitted_rule_id_is_declared_over_dev_and_train(shared: Path) -> None:
    _assert_declared([shared / "corpus" / s / "articles" for s in ("dev", "train", "post2025")])


def test_load_reads_each_file_once() -> None:
    assert load("schema") is load("schema")
