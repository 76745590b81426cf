"""A forecast carried from one sentence into the next ends where the next sentence states a task
of its own: a strong marker of obligation, urgency or request with a dated deadline.

`Theo dự báo, sân bay sẽ đạt 50 triệu lượt khách vào năm 2025. Vì vậy, cần khẩn trương đầu tư
... đến năm 2025` (shape seen in train): the second sentence is a target, not part of the
forecast. A bare future (`Trong đó, ... sẽ tăng`), an obligation with no date, or one dated only
by a span in a conditional stays under the forecast. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from tests.helpers import commitment_rows

FORECAST = "Theo dự báo, sân bay Tân Sơn Nhất sẽ đạt 50 triệu lượt khách vào năm 2025. "

OWN_TASK = [
    pytest.param(
        FORECAST + "Vì vậy, Bộ GTVT cần khẩn trương đầu tư mở rộng nhà ga T3 với công suất "
        "20 triệu khách đến năm 2025.",
        "Bộ GTVT",
        id="obligation-urgency-deadline",
    ),
    pytest.param(
        FORECAST + "Do đó, Bộ GTVT phải hoàn thành nhà ga T3 với 20 cửa ra tàu bay trước năm 2022.",
        "Bộ GTVT",
        id="obligation-before-year",
    ),
]


@pytest.mark.parametrize(("text", "actor"), OWN_TASK)
def test_dated_task_after_forecast_is_kept(text: str, actor: str) -> None:
    rows = commitment_rows(text)
    assert [r.actor for r in rows] == [actor], rows


STAYS_FORECAST = [
    pytest.param(
        FORECAST + "Nhà ga cần có thêm 2 cửa ra tàu bay.",
        id="obligation-no-deadline",
    ),
    pytest.param(
        FORECAST + "Ông Lợi lưu ý, cần thực hiện đúng quy định, vì nếu chi trả theo đơn giá 2017, "
        "nhưng lại lấn sang 2018 - 2019 thì rất khó khăn.",
        id="obligation-span-in-condition",
    ),
]


@pytest.mark.parametrize("text", STAYS_FORECAST)
def test_forecast_goes_on(text: str) -> None:
    rows = commitment_rows(text)
    assert rows == [], rows
