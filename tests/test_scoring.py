"""The scorer against hand-made gold and predictions, one rule of SCORING.md at a time.

Every case writes its own gold JSON and prediction CSVs into tmp_path, so the expected counts
can be checked by reading the case.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.evaluate import format_report, score
from pipeline.evaluate.scoring import (
    PRED_COLUMNS,
    TABLES,
    actor_right,
    parse_number,
    titles_match,
    titles_right,
    values_right,
)

ART = "a1"


def write_case(
    tmp_path: Path,
    gold: dict[str, dict[str, list[dict[str, Any]]]],
    preds: dict[str, list[dict[str, Any]]],
) -> tuple[Path, Path]:
    """Write gold/<id>.json files and <table>.csv predictions; return (gold_dir, pred_dir)."""
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    for article_id, tables in gold.items():
        data = {"id": article_id, **{t: tables.get(t, []) for t in TABLES}}
        (gold_dir / f"{article_id}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    for table, rows in preds.items():
        with (pred_dir / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=PRED_COLUMNS[table])
            writer.writeheader()
            for row in rows:
                writer.writerow({"article_id": ART, **row})
    return gold_dir, pred_dir


def run(tmp_path: Path, gold: dict, preds: dict, article: str = ART) -> dict[str, Any]:
    gold_dir, pred_dir = write_case(tmp_path, {article: gold}, preds)
    result = score(gold_dir, pred_dir)
    json.dumps(result)  # plain data
    return result


def counts(summary: dict[str, Any]) -> tuple[int, int, int, int]:
    return summary["tp"], summary["fp"], summary["fn"], summary["optional_matched"]


def official(name: str, titles: list[str] | None = None, locality: str | None = None, **kw):
    return {"name": name, "titles": titles or ["Chủ tịch UBND"], "locality": locality, **kw}


def figure(value: float, kind: str = "quantity", unit: str = "người", **kw):
    item = {"text": str(value), "kind": kind, "value": value, "unit": unit, "qualifier": None}
    return {**item, **kw}


def commitment(key: str, actor: str | None = None, deadline: int | None = None, values=(), **kw):
    return {"key": key, "actor": actor, "deadline": deadline, "values": list(values), **kw}


# Matching: (gold items, predicted rows, table) → (tp, fp, fn, optional_matched) -------------

MATCH_CASES = [
    # officials
    pytest.param(
        "officials",
        [official("Đỗ Đức Duy")],
        [{"name": "Ðỗ Ðức Duy"}],
        (1, 0, 0, 0),
        id="officials-name-key-eth",
    ),
    pytest.param(
        "officials",
        [official("Nguyễn Văn Tuấn")],
        [{"name": "Nguyễn Văn Tuân"}],
        (0, 1, 1, 0),
        id="officials-tone-differs",
    ),
    pytest.param(
        "officials",
        [official("Hồ Chí Minh", optional=True)],
        [{"name": "Hồ Chí Minh"}],
        (0, 0, 0, 1),
        id="officials-optional-neither-tp-nor-fp",
    ),
    pytest.param(
        "officials",
        [official("Hồ Chí Minh", optional=True)],
        [],
        (0, 0, 0, 0),
        id="officials-optional-out-of-recall",
    ),
    pytest.param(
        "officials",
        [official("Hồ Chí Minh", optional=True)],
        [{"name": "Hồ Chí Minh"}, {"name": "Hồ Chí Minh"}],
        (0, 1, 0, 1),
        id="officials-optional-one-to-one",
    ),
    pytest.param(
        "officials",
        [official("Lê Văn Thủy")],
        [{"name": "Lê Văn Thuỷ"}, {"name": "Lê Văn Thủy"}],
        (1, 1, 0, 0),
        id="officials-duplicate-is-fp",
    ),
    # localities
    pytest.param(
        "localities",
        [{"type": "thành phố", "name": "Hà Nội"}],
        [{"type": "Thành phố", "name": "Hà Nội"}],
        (1, 0, 0, 0),
        id="localities-type-by-key",
    ),
    pytest.param(
        "localities",
        [{"type": "thành phố", "name": "Hà Nội"}],
        [{"type": "tỉnh", "name": "Hà Nội"}],
        (0, 1, 1, 0),
        id="localities-type-differs",
    ),
    pytest.param(
        "localities",
        [{"type": "tỉnh", "name": "Khánh Hoà"}],
        [{"type": "tỉnh", "name": "Khánh Hòa"}],
        (1, 0, 0, 0),
        id="localities-tone-placement",
    ),
    # figures
    pytest.param(
        "figures",
        [figure(1000)],
        [{"kind": "quantity", "value": "1004.9", "unit": "người"}],
        (1, 0, 0, 0),
        id="figures-within-0.5pct",
    ),
    pytest.param(
        "figures",
        [figure(1000)],
        [{"kind": "quantity", "value": "1005", "unit": "người"}],
        (1, 0, 0, 0),
        id="figures-at-0.5pct",
    ),
    pytest.param(
        "figures",
        [figure(1000)],
        [{"kind": "quantity", "value": "995", "unit": "người"}],
        (1, 0, 0, 0),
        id="figures-at-minus-0.5pct",
    ),
    pytest.param(
        "figures",
        [figure(1000)],
        [{"kind": "quantity", "value": "1005.1", "unit": "người"}],
        (0, 1, 1, 0),
        id="figures-beyond-0.5pct",
    ),
    pytest.param(
        "figures",
        [figure(1000)],
        [{"kind": "money", "value": "1000", "unit": "người"}],
        (0, 1, 1, 0),
        id="figures-kind-differs",
    ),
    pytest.param(
        "figures",
        [figure(12, unit="dự án")],
        [{"kind": "quantity", "value": "12", "unit": "dự"}],
        (1, 0, 0, 0),
        id="figures-unit-prefix-pred-shorter",
    ),
    pytest.param(
        "figures",
        [figure(40, unit="m")],
        [{"kind": "quantity", "value": "40", "unit": "m2"}],
        (1, 0, 0, 0),
        id="figures-unit-prefix-gold-shorter",
    ),
    pytest.param(
        "figures",
        [figure(40, unit="ha")],
        [{"kind": "quantity", "value": "40", "unit": "km"}],
        (0, 1, 1, 0),
        id="figures-unit-differs",
    ),
    pytest.param(
        "figures",
        [figure(40, unit="ha")],
        [{"kind": "quantity", "value": "40", "unit": ""}],
        (1, 0, 0, 0),
        id="figures-empty-unit-is-a-prefix",
    ),
    pytest.param(
        "figures",
        [figure(40, unit="Đảng viên")],
        [{"kind": "quantity", "value": "40", "unit": "đảng viên"}],
        (1, 0, 0, 0),
        id="figures-unit-key",
    ),
    pytest.param(
        "figures",
        [figure(5e9, kind="money", unit="VND")],
        [{"kind": "money", "value": "5000000000.0", "unit": "đồng"}],
        (1, 0, 0, 0),
        id="figures-money-ignores-unit",
    ),
    pytest.param(
        "figures",
        [figure(1.134e12, kind="money", unit="VND")],
        [{"kind": "money", "value": "1134000000000", "unit": "VND"}],
        (1, 0, 0, 0),
        id="figures-big-integer",
    ),
    pytest.param(
        "figures",
        [figure(0)],
        [{"kind": "quantity", "value": "0.001", "unit": "người"}],
        (0, 1, 1, 0),
        id="figures-zero-needs-zero",
    ),
    pytest.param(
        "figures",
        [figure(7)],
        [{"kind": "quantity", "value": "bảy", "unit": "người"}],
        (0, 1, 1, 0),
        id="figures-unparseable-value-is-fp",
    ),
    pytest.param(
        "figures",
        [figure(7)],
        [{"kind": "quantity", "value": "", "unit": "người"}],
        (0, 1, 1, 0),
        id="figures-empty-value-is-fp",
    ),
    pytest.param(
        "figures",
        [figure(5, kind="percent", unit="%", optional=True), figure(5, kind="percent", unit="%")],
        [{"kind": "percent", "value": "5", "unit": "%"}],
        (1, 0, 0, 0),
        id="figures-prefer-required-over-earlier-optional",
    ),
    pytest.param(
        "figures",
        [figure(5, kind="percent", unit="%", optional=True), figure(5, kind="percent", unit="%")],
        [
            {"kind": "percent", "value": "5", "unit": "%"},
            {"kind": "percent", "value": "5", "unit": "%"},
        ],
        (1, 0, 0, 1),
        id="figures-second-takes-optional",
    ),
    pytest.param(
        "figures",
        [figure(100), figure(100.4)],
        [
            {"kind": "quantity", "value": "100.3", "unit": "người"},
            {"kind": "quantity", "value": "99.6", "unit": "người"},
        ],
        (1, 1, 1, 0),
        id="figures-greedy-first-unmatched-not-best",
    ),
    pytest.param(
        "figures",
        [figure(100), figure(100.4)],
        [
            {"kind": "quantity", "value": "99.6", "unit": "người"},
            {"kind": "quantity", "value": "100.3", "unit": "người"},
        ],
        (2, 0, 0, 0),
        id="figures-greedy-table-order-matters",
    ),
    # commitments
    pytest.param(
        "commitments",
        [commitment("100% số trường công lập")],
        [{"evidence": "Phấn đấu đến năm 2025, 100% số trường công lập đạt chuẩn."}],
        (1, 0, 0, 0),
        id="commitments-key-in-evidence",
    ),
    pytest.param(
        "commitments",
        [commitment("triển khai ngay 100 dự án")],
        [{"evidence": "Thành phố sẽ triển khai ngay 1100 dự án trong năm."}],
        (0, 1, 1, 0),
        id="commitments-whole-words-only",
    ),
    pytest.param(
        "commitments",
        [commitment("hoàn thành 100 dự án")],
        [{"evidence": "hoàn thành"}],
        (0, 1, 1, 0),
        id="commitments-evidence-shorter-than-key",
    ),
    pytest.param(
        "commitments",
        [commitment("trở thành huyện nông thôn mới")],
        [{"evidence": "Mê Linh quyết tâm TRỞ THÀNH huyện Nông thôn mới!"}],
        (1, 0, 0, 0),
        id="commitments-key-case-and-punctuation",
    ),
    pytest.param(
        "commitments",
        [
            commitment("xây dựng nông thôn mới", optional=True),
            commitment("đạt chuẩn nông thôn mới"),
        ],
        [{"evidence": "xây dựng nông thôn mới và đạt chuẩn nông thôn mới vào năm 2020"}],
        (1, 0, 0, 0),
        id="commitments-required-preferred-in-one-evidence",
    ),
    pytest.param(
        "commitments",
        [commitment("đạt chuẩn"), commitment("đạt chuẩn quốc gia")],
        [{"evidence": "đạt chuẩn quốc gia"}, {"evidence": "đạt chuẩn quốc gia"}],
        (2, 0, 0, 0),
        id="commitments-first-unmatched-then-next",
    ),
]


@pytest.mark.parametrize(("table", "gold", "preds", "expected"), MATCH_CASES)
def test_matching(tmp_path: Path, table: str, gold: list, preds: list, expected: tuple) -> None:
    result = run(tmp_path, {table: gold}, {table: preds})
    assert counts(result["tables"][table]) == expected


# Exact P/R/F1 --------------------------------------------------------------------------------


def test_exact_prf_micro_averaged_over_articles(tmp_path: Path) -> None:
    gold = {
        "a1": {"figures": [figure(1), figure(2), figure(3)]},
        "a2": {"figures": [figure(4), figure(5)]},
    }
    rows = [
        {"article_id": "a1", "kind": "quantity", "value": "1", "unit": "người"},
        {"article_id": "a1", "kind": "quantity", "value": "2", "unit": "người"},
        {"article_id": "a1", "kind": "quantity", "value": "9", "unit": "người"},
        {"article_id": "a2", "kind": "quantity", "value": "4", "unit": "người"},
        {"article_id": "zz", "kind": "quantity", "value": "4", "unit": "người"},  # no gold
    ]
    gold_dir, pred_dir = write_case(tmp_path, gold, {})
    with (pred_dir / "figures.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=PRED_COLUMNS["figures"])
        writer.writeheader()
        writer.writerows(rows)
    result = score(gold_dir, pred_dir)
    figures = result["tables"]["figures"]
    assert counts(figures) == (3, 1, 2, 0)
    assert figures["precision"] == pytest.approx(0.75)
    assert figures["recall"] == pytest.approx(0.6)
    assert figures["f1"] == pytest.approx(2 / 3)
    assert result["articles"]["a1"]["figures"] == {"tp": 2, "fp": 1, "fn": 1, "optional": 0}
    assert result["articles"]["a2"]["figures"] == {"tp": 1, "fp": 0, "fn": 1, "optional": 0}
    assert "zz" not in result["articles"]
    assert [(e["article_id"], e["value"]) for e in figures["false_positives"]] == [("a1", "9")]
    assert [(e["article_id"], e["value"]) for e in figures["false_negatives"]] == [
        ("a1", 3),
        ("a2", 5),
    ]


@pytest.mark.parametrize(
    ("gold", "preds", "expected"),
    [
        pytest.param([], [], (1.0, 1.0, 1.0), id="nothing-to-find-nothing-found"),
        pytest.param([figure(1)], [], (0.0, 0.0, 0.0), id="nothing-found"),
        pytest.param([], [{"kind": "quantity", "value": "1"}], (0.0, 0.0, 0.0), id="only-fp"),
        pytest.param([figure(1, optional=True)], [], (1.0, 1.0, 1.0), id="only-optional-gold"),
    ],
)
def test_empty_denominators(tmp_path: Path, gold: list, preds: list, expected: tuple) -> None:
    figures = run(tmp_path, {"figures": gold}, {"figures": preds})["tables"]["figures"]
    assert (figures["precision"], figures["recall"], figures["f1"]) == expected


def test_missing_csvs_mean_no_predictions(tmp_path: Path) -> None:
    result = run(tmp_path, {"officials": [official("Đỗ Đức Duy")]}, {"figures": []})
    assert counts(result["tables"]["officials"]) == (0, 0, 1, 0)
    assert result["tables"]["officials"]["attributes"]["titles"]["accuracy"] is None


def test_empty_csv_file_means_no_predictions(tmp_path: Path) -> None:
    gold_dir, pred_dir = write_case(tmp_path, {ART: {"localities": []}}, {})
    (pred_dir / "localities.csv").write_text("", encoding="utf-8")
    assert counts(score(gold_dir, pred_dir)["tables"]["localities"]) == (0, 0, 0, 0)


def test_extra_columns_ignored_and_cells_kept_as_text(tmp_path: Path) -> None:
    gold_dir, pred_dir = write_case(
        tmp_path, {ART: {"localities": [{"type": "xã", "name": "Na"}]}}, {}
    )
    (pred_dir / "localities.csv").write_text(
        "rule,article_id,type,name,parent,evidence,start\nloc.x,a1,xã,Na,,xã Na,12\n",
        encoding="utf-8",
    )
    assert counts(score(gold_dir, pred_dir)["tables"]["localities"]) == (1, 0, 0, 0)


def test_missing_article_id_column_is_an_error(tmp_path: Path) -> None:
    gold_dir, pred_dir = write_case(tmp_path, {ART: {}}, {})
    (pred_dir / "figures.csv").write_text("kind,value\nmoney,5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="article_id"):
        score(gold_dir, pred_dir)


# Localities: name-only F1 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "preds", "typed", "name_only"),
    [
        pytest.param(
            [{"type": "tỉnh", "name": "Hà Nội"}],
            [{"type": "thành phố", "name": "Hà Nội"}],
            (0, 1, 1, 0),
            (1, 0, 0, 0),
            id="type-ignored",
        ),
        pytest.param(
            [{"type": "huyện", "name": "Mê Linh"}, {"type": "xã", "name": "Mê Linh"}],
            [{"type": "huyện", "name": "Mê Linh"}, {"type": "huyện", "name": "Mê Linh"}],
            (1, 1, 1, 0),
            (1, 0, 0, 0),
            id="both-sides-reduced-to-one-row-per-name",
        ),
        pytest.param(
            [
                {"type": "xã", "name": "Tân An", "optional": True},
                {"type": "phường", "name": "Tân An"},
            ],
            [],
            (0, 0, 1, 0),
            (0, 0, 1, 0),
            id="name-required-if-any-row-required",
        ),
        pytest.param(
            [
                {"type": "xã", "name": "Tân An", "optional": True},
                {"type": "phường", "name": "Tân An", "optional": True},
            ],
            [{"type": "quận", "name": "Tân An"}],
            (0, 1, 0, 0),
            (0, 0, 0, 1),
            id="name-optional-if-all-rows-optional",
        ),
    ],
)
def test_localities_name_only(tmp_path: Path, gold, preds, typed, name_only) -> None:
    localities = run(tmp_path, {"localities": gold}, {"localities": preds})["tables"]["localities"]
    assert counts(localities) == typed
    assert counts(localities["name_only"]) == name_only


# Attribute rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(
            "Phó Chủ tịch Quốc hội", "Phó Chủ tịch Thường trực Quốc hội", True, id="subset-with-pho"
        ),
        pytest.param("Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy", False, id="pho-on-one-side"),
        pytest.param("Chủ tịch UBND", "nguyên Chủ tịch UBND", False, id="nguyen-on-one-side"),
        pytest.param("quyền Giám đốc Sở Y tế", "Giám đốc Sở Y tế", False, id="quyen-on-one-side"),
        pytest.param("Bí thư Tỉnh ủy", "Bí thư Tỉnh uỷ", True, id="tone-placement"),
        pytest.param("Chủ tịch UBND", "Chủ tịch HĐND", False, id="different-body"),
        pytest.param("Ủy viên Bộ Chính trị", "Bộ Chính trị Ủy viên", True, id="word-order-free"),
    ],
)
def test_titles_match(a: str, b: str, expected: bool) -> None:
    assert titles_match(a, b) is expected
    assert titles_match(b, a) is expected


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        pytest.param(
            ["Bí thư Tỉnh ủy", "Chủ tịch HĐND"], ["Bí thư Tỉnh ủy"], True, id="extra-predicted-ok"
        ),
        pytest.param(
            ["Bí thư Tỉnh ủy"], ["Bí thư Tỉnh ủy", "Chủ tịch HĐND"], False, id="each-gold-needed"
        ),
        pytest.param([], ["Bí thư Tỉnh ủy"], False, id="none-predicted"),
    ],
)
def test_titles_right(predicted: list[str], gold: list[str], expected: bool) -> None:
    assert titles_right(predicted, gold) is expected


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        pytest.param("", None, True, id="gold-null-pred-empty"),
        pytest.param("UBND tỉnh", None, False, id="gold-null-pred-given"),
        pytest.param("", "tỉnh Yên Bái", False, id="pred-empty-gold-given"),
        pytest.param("Yên Bái", "tỉnh Yên Bái", True, id="type-word-removed"),
        pytest.param("UBND quận Ba Đình", "quận Ba Đình", True, id="gold-contained-in-pred"),
        pytest.param("Bộ Y tế", "Bộ Y tế và Bộ Tài chính", True, id="pred-contained-in-gold"),
        pytest.param("thành phố Hồ Chí Minh", "TP.HCM", True, id="abbreviation-expanded"),
        pytest.param("UBND TPHCM", "thành phố Hồ Chí Minh", True, id="tphcm-contained"),
        pytest.param("Bộ Tài chính", "Bộ Y tế", False, id="different-body"),
        pytest.param("Ba Đình Mới", "Ba Đình", True, id="containment-is-by-words"),
        pytest.param("Ba Đìnhh", "Ba Đình", False, id="not-a-whole-word"),
    ],
)
def test_actor_right(predicted: str, gold: str | None, expected: bool) -> None:
    assert actor_right(predicted, gold) is expected


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        pytest.param([], [], True, id="both-empty"),
        pytest.param([100.4], [100], True, id="within-0.5pct"),
        pytest.param([99.9, 7], [5, 100], True, id="one-shared-value"),
        pytest.param([], [100], False, id="pred-empty"),
        pytest.param([5], [], False, id="gold-empty"),
        pytest.param([101], [100], False, id="beyond-tolerance"),
    ],
)
def test_values_right(predicted: list[float], gold: list[float], expected: bool) -> None:
    assert values_right(predicted, gold) is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("2025", 2025.0, id="int"),
        pytest.param("2025.0", 2025.0, id="float-int"),
        pytest.param(" 1.5 ", 1.5, id="spaces"),
        pytest.param("1134000000000", 1134000000000.0, id="big"),
        pytest.param("1e12", 1e12, id="exponent"),
        pytest.param("", None, id="empty"),
        pytest.param("nan", None, id="nan"),
        pytest.param("None", None, id="none-word"),
        pytest.param("inf", None, id="infinite"),
        pytest.param("1.134 tỷ", None, id="text"),
        pytest.param(None, None, id="null"),
        pytest.param(7, 7.0, id="json-int"),
    ],
)
def test_parse_number(cell: Any, expected: float | None) -> None:
    assert parse_number(cell) == expected


def test_official_attributes_end_to_end(tmp_path: Path) -> None:
    gold = [
        official("Nguyễn Văn A", ["Phó Chủ tịch Quốc hội"], None),
        official("Trần Thị B", ["Bí thư Tỉnh ủy"], "tỉnh Yên Bái"),
        official("Lê Văn C", ["Chủ tịch UBND"], "thành phố Hồ Chí Minh"),
        official("Phạm D", ["Chủ tịch UBND"], "quận 1", optional=True),  # not judged
    ]
    preds = [
        {"name": "Nguyễn Văn A", "titles": "Phó Chủ tịch Thường trực Quốc hội", "locality": ""},
        {"name": "Trần Thị B", "titles": "Phó Bí thư Tỉnh ủy", "locality": "Yên Bái"},
        {"name": "Lê Văn C", "titles": "Chủ tịch UBND; Phó Bí thư Thành ủy", "locality": "TP.HCM"},
        {"name": "Phạm D", "titles": "Giám đốc", "locality": "Hà Nội"},
    ]
    officials = run(tmp_path, {"officials": gold}, {"officials": preds})["tables"]["officials"]
    assert counts(officials) == (3, 0, 0, 1)
    assert officials["attributes"]["titles"] == {"correct": 2, "total": 3, "accuracy": 2 / 3}
    assert officials["attributes"]["locality"] == {"correct": 3, "total": 3, "accuracy": 1.0}
    [error] = officials["attribute_errors"]
    assert (error["attribute"], error["gold"], error["predicted"]) == (
        "titles",
        ["Bí thư Tỉnh ủy"],
        "Phó Bí thư Tỉnh ủy",
    )


@pytest.mark.parametrize(
    ("locality", "gold", "expected"),
    [
        pytest.param("", None, True, id="both-empty"),
        pytest.param("Hà Nội", None, False, id="gold-null"),
        pytest.param("", "tỉnh Yên Bái", False, id="pred-empty"),
        pytest.param("TP Hà Nội", "thành phố Hà Nội", True, id="tp-expanded"),
        pytest.param("UBND quận Ba Đình", "quận Ba Đình", False, id="equality-not-containment"),
    ],
)
def test_official_locality(tmp_path: Path, locality: str, gold: str | None, expected: bool) -> None:
    result = run(
        tmp_path,
        {"officials": [official("Đỗ Đức Duy", locality=gold)]},
        {"officials": [{"name": "Đỗ Đức Duy", "titles": "Chủ tịch UBND", "locality": locality}]},
    )
    assert result["tables"]["officials"]["attributes"]["locality"]["correct"] == int(expected)


def test_figure_attributes(tmp_path: Path) -> None:
    gold = [
        figure(10, kind="percent", unit="%", qualifier="more_than"),
        figure(20, kind="percent", unit="%"),
        figure(30, kind="percent", unit="%", value_max=35),
        figure(40, kind="percent", unit="%"),
        figure(50, kind="percent", unit="%", qualifier="approx", optional=True),
    ]
    preds = [
        {"kind": "percent", "value": "10", "unit": "%", "qualifier": "more_than"},
        {"kind": "percent", "value": "20", "unit": "%", "qualifier": "approx"},
        {"kind": "percent", "value": "30", "unit": "%", "value_max": "35.0"},
        {"kind": "percent", "value": "40", "unit": "%", "value_max": "45"},
        {"kind": "percent", "value": "50", "unit": "%", "qualifier": ""},
    ]
    figures = run(tmp_path, {"figures": gold}, {"figures": preds})["tables"]["figures"]
    assert counts(figures) == (4, 0, 0, 1)
    assert figures["attributes"]["qualifier"] == {"correct": 3, "total": 4, "accuracy": 0.75}
    assert figures["attributes"]["value_max"] == {"correct": 3, "total": 4, "accuracy": 0.75}


def test_commitment_attributes(tmp_path: Path) -> None:
    gold = [
        commitment("mục tiêu một", actor="tỉnh Yên Bái", deadline=2025, values=[100]),
        commitment("mục tiêu hai", actor=None, deadline=None),
        commitment("mục tiêu ba", actor="Bộ Y tế", deadline=2020, values=[5]),
        commitment("mục tiêu bốn", actor="quận Ba Đình", deadline=2030, values=[], optional=True),
    ]
    preds = [
        {
            "evidence": "đạt mục tiêu một",
            "actor": "UBND tỉnh Yên Bái",
            "deadline": "2025.0",
            "values": "100.2; 3",
        },
        {"evidence": "mục tiêu hai", "actor": "", "deadline": "", "values": ""},
        {"evidence": "mục tiêu ba", "actor": "", "deadline": "2021", "values": ""},
        {"evidence": "mục tiêu bốn", "actor": "Bộ Công an", "deadline": "", "values": "1"},
    ]
    commitments = run(tmp_path, {"commitments": gold}, {"commitments": preds})["tables"][
        "commitments"
    ]
    assert counts(commitments) == (3, 0, 0, 1)
    attributes = commitments["attributes"]
    assert attributes["deadline"] == {"correct": 2, "total": 3, "accuracy": 2 / 3}
    assert attributes["actor"] == {"correct": 2, "total": 3, "accuracy": 2 / 3}
    assert attributes["values"] == {"correct": 2, "total": 3, "accuracy": 2 / 3}


def test_format_report(tmp_path: Path) -> None:
    result = run(
        tmp_path, {"figures": [figure(1)]}, {"figures": [{"kind": "quantity", "value": "1"}]}
    )
    report = format_report(result)
    assert "figures" in report and "1.000" in report
    assert "name only" in report
    assert "commitments.actor" in report and "n/a" in report


# The dev gold against itself ------------------------------------------------------------------


def _gold_as_csvs(gold_dir: Path, pred_dir: Path) -> None:
    """The gold written as prediction CSVs (commitment evidence = its key)."""

    def num(value: Any) -> str:
        return "" if value is None else repr(value)

    rows: dict[str, list[dict[str, str]]] = {table: [] for table in TABLES}
    for path in sorted(gold_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        aid = data["id"]
        for o in data.get("officials", []):
            rows["officials"].append(
                {
                    "article_id": aid,
                    "name": o["name"],
                    "titles": "; ".join(o["titles"]),
                    "locality": o["locality"] or "",
                }
            )
        for loc in data.get("localities", []):
            rows["localities"].append({"article_id": aid, "type": loc["type"], "name": loc["name"]})
        for f in data.get("figures", []):
            rows["figures"].append(
                {
                    "article_id": aid,
                    "text": f["text"],
                    "kind": f["kind"],
                    "value": num(f["value"]),
                    "value_max": num(f.get("value_max")),
                    "unit": f.get("unit") or "",
                    "qualifier": f.get("qualifier") or "",
                }
            )
        for c in data.get("commitments", []):
            rows["commitments"].append(
                {
                    "article_id": aid,
                    "actor": c["actor"] or "",
                    "deadline": num(c["deadline"]),
                    "values": "; ".join(num(v) for v in c["values"]),
                    "evidence": c["key"],
                }
            )
    for table, table_rows in rows.items():
        with (pred_dir / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=PRED_COLUMNS[table])
            writer.writeheader()
            writer.writerows(table_rows)


def test_dev_gold_scores_perfectly_against_itself(shared: Path, tmp_path: Path) -> None:
    gold_dir = shared / "corpus" / "dev" / "gold"
    if not gold_dir.is_dir():
        pytest.skip(f"no dev gold at {gold_dir}")
    _gold_as_csvs(gold_dir, tmp_path)
    result = score(gold_dir, tmp_path)
    for table in TABLES:
        summary = result["tables"][table]
        assert (summary["fp"], summary["fn"], summary["f1"]) == (0, 0, 1.0), table
    assert result["tables"]["localities"]["name_only"]["f1"] == 1.0
    for table in ("officials", "commitments"):
        for name, attribute in result["tables"][table]["attributes"].items():
            assert attribute["accuracy"] == 1.0, (table, name)
    # Figures: greedy pairing may pair identical values whose qualifiers differ (a title figure,
    # optional, is taken after the required twin it shadows), so allow a handful of misses.
    for name, attribute in result["tables"]["figures"]["attributes"].items():
        assert attribute["accuracy"] >= 0.98, name


# Cases dev never had ------------------------------------------------------------------------


def test_two_gold_items_with_the_same_key_need_two_predictions(tmp_path: Path) -> None:
    """Pairing is one-to-one: one prediction takes one of two identical gold items."""
    gold = {"commitments": [commitment("100% số trường"), commitment("100% số trường")]}
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one = run(tmp_path / "one", gold, {"commitments": [{"evidence": "đạt 100% số trường"}]})
    assert counts(one["tables"]["commitments"]) == (1, 0, 1, 0)
    two = run(
        tmp_path / "two",
        gold,
        {"commitments": [{"evidence": "đạt 100% số trường"}, {"evidence": "100% số trường"}]},
    )
    assert counts(two["tables"]["commitments"]) == (2, 0, 0, 0)


def test_article_with_every_table_empty_in_gold_and_prediction(tmp_path: Path) -> None:
    """A random-news article with nothing to find and nothing found scores no error at all,
    and it does not dilute the other article's counts."""
    preds = {t: [] for t in TABLES}
    preds["figures"] = [{"kind": "quantity", "value": "5", "unit": "người"}]  # article a1
    gold_dir, pred_dir = write_case(tmp_path, {"a1": {"figures": [figure(5)]}, "sport": {}}, preds)
    result = score(gold_dir, pred_dir)
    assert result["n_articles"] == 2
    for table in TABLES:
        assert result["articles"]["sport"][table] == {"tp": 0, "fp": 0, "fn": 0, "optional": 0}
    assert counts(result["tables"]["figures"]) == (1, 0, 0, 0)
    assert result["tables"]["officials"]["f1"] == 1.0  # nothing to find, nothing found


def test_required_and_optional_both_match_one_prediction(tmp_path: Path) -> None:
    """The prediction takes the required item, even when the optional one comes first; the
    optional item is then simply left, not counted as missed."""
    gold = {"figures": [figure(5, optional=True), figure(5)]}
    result = run(tmp_path, gold, {"figures": [{"kind": "quantity", "value": "5", "unit": "người"}]})
    assert counts(result["tables"]["figures"]) == (1, 0, 0, 0)
    (tmp_path / "b").mkdir()
    second = run(
        tmp_path / "b",
        gold,
        {"figures": [{"kind": "quantity", "value": "5", "unit": "người"}] * 2},
    )
    assert counts(second["tables"]["figures"]) == (1, 0, 0, 1)
