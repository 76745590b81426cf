"""The shared file helpers (`pipeline.io`): atomic writes and one-line error messages."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pipeline.io import atomic_path, atomic_write_text, first_line


def test_atomic_path_replaces_the_file_when_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "table.xlsx"
    with atomic_path(target, suffix=".tmp") as temporary:
        temporary.write_bytes(b"new")
        assert not target.exists()
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert list(target.parent.iterdir()) == [target]


def test_atomic_path_keeps_the_previous_file_when_the_block_fails(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "baseline.json", "old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    ("error", "default", "expected"),
    [
        pytest.param(ValueError("\n  Catalog Error: no table\nHINT: ..."), None, "Catalog Error: no table", id="first-non-empty"),
        pytest.param(ValueError(""), None, "ValueError", id="empty-type-name"),
        pytest.param(ValueError(""), "ValueError('')", "ValueError('')", id="empty-default"),
        pytest.param("plain\ntext", None, "plain", id="string"),
    ],
)  # fmt: skip
def test_first_line(error: BaseException | str, default: str | None, expected: str) -> None:
    assert first_line(error, default) == expected
