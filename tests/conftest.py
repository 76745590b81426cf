"""Shared test fixtures.

`SHARED` is the read-only team data (dev corpus with gold, bench corpus, html fixtures) that
sits beside the repository. Tests read it in place and skip, with a reason, when it is absent,
so the suite still runs on a fresh clone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests check behaviour, not speed: on a loaded 2-core CI machine a per-example
# deadline only produces flaky failures. Speed goals live in `make bench`.
settings.register_profile(
    "project", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.load_profile("project")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The shared data directory; skips the test when it is not there."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED
