"""Items of an approved plan, listed after a heading with nothing concrete (issue 14, recall).

Shape seen in train (two articles on one approved scheme): `Đề án ... vừa được Thủ tướng Chính
phủ phê duyệt. Theo đó, phấn đấu hình thành khung kết nối ... . Xây dựng đồng bộ hạ tầng ...,
đưa Việt Nam trở thành cửa ngõ ...`. The heading's marker (`phấn đấu`) goes on into the next
sentence opening with a plan's bare verb; the item, concrete by its status, has the approving
authority as actor (GUIDELINES) and the plan's period as deadline. Sentences written for these
tests.
"""

from __future__ import annotations

import pytest

from pipeline.extractors import run_extractors
from tests.helpers import doc_of

APPROVED = "Đề án phát triển hạ tầng cảng biển vừa được Thủ tướng Chính phủ phê duyệt."
PERIOD = "Đề án phát triển hạ tầng cảng biển giai đoạn đến năm 2025 vừa được Thủ tướng Chính phủ phê duyệt."
HEAD = " Theo đó, phấn đấu hình thành mạng lưới cảng biển hiện đại, kết nối các vùng kinh tế."
ITEM = (
    " Xây dựng đồng bộ hạ tầng cảng biển, đưa Việt Nam trở thành trung tâm trung chuyển hàng hóa."
)
VAGUE = " Theo đó, hạ tầng cảng biển còn nhiều hạn chế, chưa kết nối các vùng kinh tế."


def _item_rows(text: str) -> list[tuple[str | None, int | None]]:
    rows = run_extractors(doc_of(text, published_at="2017-02-10"))["commitments"]
    return [(r.actor, r.deadline) for r in rows if "trung tâm trung chuyển" in r.evidence]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            APPROVED + HEAD + ITEM, [("Thủ tướng Chính phủ", None)], id="approver-as-actor"
        ),
        pytest.param(
            PERIOD + HEAD + ITEM, [("Thủ tướng Chính phủ", 2025)], id="plan-period-deadline"
        ),
        pytest.param(APPROVED + VAGUE + ITEM, [], id="no-plan-heading-before"),
        pytest.param(HEAD.strip() + ITEM, [], id="no-approval-stated"),
    ],
)
def test_plan_item(text: str, expected: list[tuple[str | None, int | None]]) -> None:
    assert _item_rows(text) == expected
