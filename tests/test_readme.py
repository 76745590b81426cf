"""The README stays true: its table of columns is the output contract, its commands exist."""

import re
from pathlib import Path

import pytest

from pipeline.cli import build_parser
from pipeline.tables import CONTRACT, TABLES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
MAKEFILE = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")


def readme_columns() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    rows = re.findall(r"^\| `(\w+)\.csv` \| `([^`]*)` \|\s*`?([^`|]*?)`?\s*\|$", README, flags=re.M)
    split = lambda cell: tuple(c.strip() for c in cell.split(",") if c.strip())  # noqa: E731
    return {table: (split(contract), split(extra)) for table, contract, extra in rows}


@pytest.mark.parametrize("table", list(TABLES))
def test_readme_lists_every_column_of_every_table(table: str) -> None:
    contract, extra = readme_columns()[table]
    assert contract == CONTRACT[table]
    assert contract + extra == TABLES[table]


@pytest.mark.parametrize(
    "target",
    [
        "extract",
        "test",
        "eval",
        "eval-update",
        "errors",
        "export",
        "scrape",
        "bench",
        "train",
        "notebooks",
    ],
)
def test_make_targets_named_in_the_readme_exist_with_help(target: str) -> None:
    assert re.search(rf"^{re.escape(target)}:.*## ", MAKEFILE, flags=re.M)


@pytest.mark.parametrize(
    "command", ["extract", "score", "errors", "eval", "export", "fetch", "scrape"]
)
def test_cli_commands_in_the_readme_exist(command: str) -> None:
    assert f"python -m pipeline {command}" in README
    choices = build_parser()._subparsers._group_actions[0].choices
    assert command in choices
