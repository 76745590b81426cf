"""The README documents the whole command line (as sqlite-utils' test_docs.py does for its CLI).

Every command has a `### ` section naming `python -m pipeline COMMAND`, and every option and
positional argument of a command appears in the README (in that section, or among the options
shared by all commands). The exit codes are listed, and the pandas snippet that keeps the codes'
leading zeros runs.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from pipeline.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: Accepted by every command; documented once, in the "Command line" section.
SHARED_OPTIONS = ("-h", "--help", "-v", "--verbose", "-q", "--quiet")


def _commands() -> dict[str, argparse.ArgumentParser]:
    return dict(build_parser()._subparsers._group_actions[0].choices)


def _section(command: str) -> str:
    """The README text under the `### ` heading that names `command`, up to the next heading."""
    for match in re.finditer(r"^### (.+)$", README, flags=re.M):
        if re.search(rf"`{re.escape(command)}`", match.group(1)):
            rest = README[match.end() :]
            following = re.search(r"^#{2,3} ", rest, flags=re.M)
            return rest[: following.start()] if following else rest
    return ""


def _documented(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    """(what, how it must appear) for every argument of a subcommand."""
    wanted = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        if not action.option_strings:
            wanted.append((action.dest, f"`{action.dest}`"))
            continue
        for option in action.option_strings:
            if option not in SHARED_OPTIONS and not option.startswith("--no-"):
                wanted.append((option, f"`{option}"))
    return wanted


COMMANDS = sorted(_commands())


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_readme_section(command):
    section = _section(command)
    assert section, f"README.md has no `### ` heading naming `{command}`"
    assert f"python -m pipeline {command}" in section


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_documented(command):
    section = _section(command)
    missing = [what for what, text in _documented(_commands()[command]) if text not in section]
    assert not missing, f"document in README.md, section `{command}`: {missing}"


@pytest.mark.parametrize("option", SHARED_OPTIONS)
def test_shared_options_are_documented(option):
    assert f"`{option}`" in README


def test_version_is_documented():
    assert "python -m pipeline --version" in README


@pytest.mark.parametrize("code", ["0", "1", "2", "130"])
def test_exit_codes_are_documented(code):
    listed = README[README.index("**Exit codes**") :].split("\n\n")[0]
    assert f"`{code}`" in listed


def test_the_pandas_snippet_keeps_leading_zeros(tmp_path, monkeypatch):
    """The README's way of reading an export, run on a CSV whose codes start with 0."""
    snippet = re.search(
        r"<!-- pandas:start -->\s*```python\n(.*?)```\s*<!-- pandas:end -->", README, flags=re.S
    )
    assert snippet, "README.md lost its pandas snippet"
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "commitments.csv").write_text(
        "\ufeffarticle_id,published,locality_code,deadline_date\r\n"
        "a,2021-12-05,01,2022-06-30\r\nb,,017,\r\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(snippet.group(1), namespace)  # the documented code, as written
    frame = namespace["commitments"]
    assert list(frame["locality_code"]) == ["01", "017"]
    assert str(frame["deadline_date"].dtype).startswith("datetime64")


def test_the_architecture_table_names_every_module() -> None:
    """Every module of `pipeline/` is named in the README's architecture table: by its path,
    its file name or its stem in backticks (`scrape/` is described as one folder)."""
    start = README.index("## Architecture")
    table = README[start : README.index("\n## ", start + 1)]
    package = ROOT / "pipeline"
    missing = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if path.name == "__init__.py" or relative.parts[0] == "scrape":
            continue
        names = (f"`pipeline/{relative.as_posix()}`", f"`{relative.name}`", f"`{path.stem}`")
        if not any(name in table for name in names):
            missing.append(relative.as_posix())
    assert not missing, f"add to the README architecture table: {missing}"
