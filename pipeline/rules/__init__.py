"""Vietnamese language data, kept as commented TOML tables beside this file.

Rules are data, not code: a linguist can read and extend `titles.toml` without touching Python,
and every entry carries an `id` that extractors copy into the `rule` column of their rows, so a
wrong row can be traced back to the entry that made it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict[str, Any]:
    """Load `pipeline/rules/<name>.toml` once per process (rules never change while running)."""
    path = RULES_DIR / f"{name}.toml"
    with path.open("rb") as handle:
        return tomllib.load(handle)
