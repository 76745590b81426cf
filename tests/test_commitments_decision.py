"""The learned keep/drop decision on commitment candidates, and how its training set is made.

Labels come from gold keys (SCORING.md's name-key containment); the model is a linear one whose
weights live in a small JSON file; a candidate the rules drop for its actor or a past deadline
stays dropped whatever the model says. Sentences were written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.commitments_model import (
    LabelledArticle,
    _label,
    derive,
    evaluate_rows,
    fit_decision,
    folds,
    recall_ceiling,
)
from pipeline.extractors import run_extractors
from pipeline.extractors.commitments import Candidate, decide, find_candidates
from pipeline.extractors.commitments.decision import (
    FORMAT,
    MODEL,
    LinearModel,
    features,
    learned_model,
    read_model,
)
from pipeline.extractors.commitments.events import _text_year
from pipeline.tables import CommitmentRow
from tests.helpers import commitment_rows, doc_of


def _row(evidence: str, article_id: str = "a") -> CommitmentRow:
    return CommitmentRow(
        article_id=article_id, actor="UBND tỉnh X", deadline=2020, values=[], evidence=evidence
    )


def _candidate(evidence: str, drop: str = "", traits: tuple[str, ...] = ()) -> Candidate:
    return Candidate(row=_row(evidence), context=evidence, drop=drop, traits=traits)


# --- labels from gold ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evidence", "items", "label"),
    [
        pytest.param(
            "Huyện phấn đấu đến năm 2020 có 100% số xã đạt chuẩn nông thôn mới",
            [{"key": "100% số xã đạt chuẩn", "optional": False}],
            1,
            id="required-key-inside-positive",
        ),
        pytest.param(
            "Huyện phấn đấu đến năm 2020 có 100% số xã đạt chuẩn nông thôn mới",
            [{"key": "100% số xã đạt chuẩn", "optional": True}],
            None,
            id="optional-key-only-left-out",
        ),
        pytest.param(
            "Năm 2016, huyện đã có 12 xã đạt chuẩn nông thôn mới",
            [{"key": "100% số xã đạt chuẩn", "optional": False}],
            0,
            id="no-key-negative",
        ),
        pytest.param(
            "Tỉnh sẽ hoàn thành thủy lợi hoá trong năm 2018",
            [{"key": "thuỷ lợi hóa", "optional": False}],
            1,
            id="tone-placement-and-y-i-same-key",
        ),
        pytest.param(
            "Tỉnh sẽ xây 100 trường",
            [{"key": "100 trường học", "optional": False}],
            0,
            id="key-longer-than-evidence-negative",
        ),
        pytest.param(
            "Tỉnh sẽ xây 100 trường học",
            [
                {"key": "100 trường học", "optional": True},
                {"key": "sẽ xây 100 trường", "optional": False},
            ],
            1,
            id="required-wins-over-optional",
        ),
    ],
)
def test_label_from_gold_keys(evidence: str, items: list[dict], label: int | None) -> None:
    from pipeline.text.keys import name_key

    assert _label(name_key(evidence), items) == label


def test_folds_split_articles_disjointly_and_cover_all() -> None:
    articles = [LabelledArticle(str(i), "train", [], [], []) for i in range(23)]
    parts = folds(articles, 5)
    flat = [i for part in parts for i in part]
    assert sorted(flat) == list(range(23))
    assert len(parts) == 5 and all(4 <= len(p) <= 5 for p in parts)


def test_recall_ceiling_counts_required_keys_no_candidate_holds(shared: Path) -> None:
    article = LabelledArticle("x", "dev", [], [], ["khóa A", "khóa B"])
    missed, _total, keys = recall_ceiling([article])
    assert missed == 2 and keys == [("x", "khóa A"), ("x", "khóa B")]


# --- the article's year from its text --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        pytest.param(
            "Năm 2017, tỉnh thu 300 tỷ đồng. Trong năm 2017 tỉnh đã xây 20 trường.",
            2017,
            id="report-year-written-twice",
        ),
        pytest.param(
            "Năm 2017 tỉnh đã xây 20 trường.",
            None,
            id="once-is-not-enough",
        ),
        pytest.param(
            "Năm 2017 tỉnh đã xây 20 trường, năm 2017 thu 3 tỷ. Phấn đấu đến năm 2020 có 40 "
            "trường; năm 2020 sẽ có 50 trường, năm 2020 thêm 60 trường.",
            2017,
            id="a-due-year-is-banned-everywhere",
        ),
        pytest.param(
            "Theo Nghị quyết 26/2016/QH14 và Nghị quyết 27/2016/QH14, năm 2015 đã làm, năm 2015 xong.",
            2015,
            id="document-numbers-do-not-count",
        ),
        pytest.param(
            "Giai đoạn 2016-2020 và giai đoạn 2016 - 2020 có kế hoạch vốn.",
            None,
            id="period-bounds-do-not-count",
        ),
        pytest.param(
            "Năm 2015 và năm 2016 tỉnh đã làm; năm 2016 và năm 2015 tỉnh đã thu.",
            2015,
            id="a-tie-goes-to-the-earlier-year",
        ),
    ],
)
def test_text_year(text: str, year: int | None) -> None:
    assert _text_year(text) == year


# --- the model -------------------------------------------------------------------------------


def _model(**weights: float) -> LinearModel:
    return LinearModel(weights, intercept=0.0, threshold=0.5)


@pytest.mark.parametrize(
    ("drop", "trait_weight", "kept"),
    [
        pytest.param("", 1.0, True, id="rules-keep-model-agrees"),
        pytest.param("", -1.0, False, id="rules-keep-model-drops"),
        pytest.param("anchor.none", 5.0, False, id="bare-clause-stays-dropped"),
        pytest.param("actor.private", 5.0, False, id="company-subject-stays-dropped"),
        pytest.param("deadline.passed", 5.0, False, id="passed-deadline-stays-dropped"),
    ],
)
def test_keeps(drop: str, trait_weight: float, kept: bool) -> None:
    model = _model(**{"t:x": trait_weight})
    assert model.keeps(_candidate("sẽ làm", drop=drop, traits=("x",)))[0] is kept


def test_features_are_namespaced_and_numbers_folded() -> None:
    out = features(_candidate("sẽ xây 120 trường vào năm 2020", traits=("mk=mk.se",)))
    assert "t:mk=mk.se" in out
    assert "e:_num_ trường" in out and "c:_year_" in out
    assert not any(any(ch.isdigit() for ch in name) for name in out if not name.startswith("t:"))


def test_model_file_round_trip(tmp_path: Path) -> None:
    model = _model(**{"t:a": 0.5, "c:sẽ": -0.25})
    path = tmp_path / "m.json"
    path.write_text(model.to_json(trained_on="test"), encoding="utf-8")
    assert read_model(path) == model


def test_model_file_of_another_format_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"format": FORMAT + 1}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"old\.json"):
        read_model(path)


def test_committed_model_loads_offline_and_is_small() -> None:
    assert MODEL.is_file()
    assert MODEL.stat().st_size < 400_000
    model = learned_model()
    assert model is not None and 0 < model.threshold < 1


def test_fit_decision_separates_a_toy_set() -> None:
    good = [_candidate(f"phấn đấu đạt {i} tỷ", traits=("mk=target",)) for i in range(6)]
    bad = [_candidate(f"đã đạt {i} tỷ", traits=("past",)) for i in range(6)]
    article = LabelledArticle("a", "train", good + bad, [1] * 6 + [0] * 6, [])
    model = fit_decision([article], c=10.0)
    assert model.probability(good[0]) > 0.5 > model.probability(bad[0])


# --- the decision on real rows ----------------------------------------------------------------


def _candidates_of(text: str) -> list[Candidate]:
    doc = doc_of(text)
    rows = run_extractors(doc)
    return find_candidates(doc, {k: v for k, v in rows.items() if k != "commitments"}, bare=True)


def test_rows_carry_a_score() -> None:
    rows = run_extractors(
        doc_of("Huyện Sóc Sơn phấn đấu đến năm 2020 có 100% số xã đạt chuẩn nông thôn mới.")
    )
    assert rows["commitments"]
    assert all(0.0 <= row.score <= 1.0 for row in rows["commitments"])


@pytest.mark.parametrize(
    ("text", "drop"),
    [
        pytest.param(
            "Tập đoàn Vingroup sẽ khởi công 5 bệnh viện trong năm 2018.",
            "actor.private",
            id="company",
        ),
        pytest.param(
            "Honda Việt Nam sẽ tặng 30 xe cứu thương cho các tỉnh miền núi trong năm 2018.",
            "actor.private",
            id="brand-national-arm-is-a-company",
        ),
        pytest.param(
            "Sau đó, MobiFone dự kiến sẽ phủ sóng 4G trên toàn bộ các tỉnh/thành phố vào quý I/2018.",
            "actor.private",
            id="unknown-name-before-du-kien-se-is-a-company",
        ),
        pytest.param(
            "Dự kiến cuối năm 2018, VNPT sẽ phủ sóng 4G tới 100% số xã trên cả nước.",
            "actor.private",
            id="unknown-name-before-a-later-marker-is-a-company",
        ),
        pytest.param(
            "Thanh tra tỉnh sẽ công bố kết luận thanh tra.", "anchor.none", id="bare-clause"
        ),
    ],
)
def test_rules_alone_drop_what_they_mark(text: str, drop: str) -> None:
    found = _candidates_of(text)
    assert any(drop in c.drop.split(";") for c in found)
    assert decide(found, "rules") == [c.row for c in found if not c.drop]


def test_evaluate_rows_uses_the_scorer() -> None:
    gold = {
        "a": {
            "commitments": [
                {
                    "key": "100 trường học",
                    "actor": "UBND tỉnh X",
                    "deadline": 2020,
                    "values": [],
                    "optional": False,
                }
            ]
        }
    }
    result = evaluate_rows([_row("Tỉnh sẽ xây 100 trường học"), _row("Tỉnh đã xây 3 cầu")], gold)
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 0)
    assert result["actor"] == 1.0 and result["deadline"] == 1.0


@pytest.mark.slow
def test_derive_labels_every_candidate_of_the_gold_articles(shared: Path) -> None:
    articles = derive(shared, ("dev",))
    assert len(articles) == 30
    labels = [label for a in articles for label in a.labels]
    assert labels.count(1) > 30 and labels.count(0) > 30
    missed, total, _ = recall_ceiling(articles)
    assert total > 40 and missed < total // 5


@pytest.mark.parametrize(
    ("text", "n_rows"),
    [
        pytest.param(
            "Từ năm 2001 đến năm 2006, ông Trần Văn Nam là Phó Chủ tịch UBND tỉnh Lào Cai.\n"
            "Từ tháng 7/2015 đến tháng 4/2016, ông là Bí thư Tỉnh ủy Lào Cai.",
            0,
            id="biography-periods-are-history",
        ),
        pytest.param(
            "Giai đoạn 2006-2011, ông Trần Văn Nam làm Chủ tịch UBND tỉnh Lào Cai.\n"
            "Từ năm 2011 đến tháng 2/2016, ông làm Bộ trưởng Bộ Giao thông vận tải.",
            0,
            id="career-periods-are-history",
        ),
        pytest.param(
            "Trong giai đoạn 2006-2011, UBND tỉnh Lào Cai xây 200 trường học.\n"
            "Tháng 4/2016, tỉnh tổng kết chương trình.",
            0,
            id="period-before-a-dated-event-is-history",
        ),
        pytest.param(
            "Giai đoạn 2016-2020, tỉnh Lào Cai đầu tư 500 tỷ đồng cho giao thông nông thôn.\n"
            "Ngày 12/5/2017, tỉnh tổ chức hội nghị.",
            1,
            id="plan-period-after-the-dated-event-stays",
        ),
    ],
)
def test_history_periods(text: str, n_rows: int) -> None:
    rows = commitment_rows(text)
    assert len(rows) == n_rows
