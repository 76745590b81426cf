"""Shared test fixtures.

`SHARED` is the read-only team data (dev corpus with gold, bench corpus, html fixtures) that
sits beside the repository. Tests read it in place and skip, with a reason, when it is absent,
so the suite still runs on a fresh clone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The shared data directory; skips the test when it is not there."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED
