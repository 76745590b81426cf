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


#: Files of this folder that are not rules (the schema itself).
NOT_RULES = frozenset({"schema"})


def rule_files() -> list[str]:
    """The names (without `.toml`) of every rules file."""
    return sorted(p.stem for p in RULES_DIR.glob("*.toml") if p.stem not in NOT_RULES)


def _section_ids(spec: dict[str, Any], value: Any) -> list[str]:
    """The rule ids a section declares: every `id` and `*_id` value of its entries, and with
    `ids = "values"` every string value of the table."""
    entries = value if isinstance(value, list) else [value]
    out: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for key, item in entry.items():
            if isinstance(item, str) and (
                key == "id" or key.endswith("_id") or spec.get("ids") == "values"
            ):
                out.append(item)
    return out


def validate(
    files: dict[str, dict[str, Any]] | None = None, schema: dict[str, Any] | None = None
) -> tuple[list[str], dict[str, str]]:
    """Check rules files against `schema.toml`: (problems, declared ids → file).

    Problems, one line each: a section the schema does not know, a section of the wrong kind,
    an entry key the schema does not allow, an id declared twice (in one file or across
    files). `files` maps a file name to its parsed TOML (default: this folder's files), so a
    test can check crafted data.
    """
    schema = load("schema") if schema is None else schema
    files = {name: load(name) for name in rule_files()} if files is None else files
    problems: list[str] = []
    declared: dict[str, str] = {}
    for name, data in files.items():
        sections = schema.get(name, {})
        for section, value in data.items():
            spec = schema["emitted"] if section == "emitted" else sections.get(section)
            where = f"{name}.toml [{section}]"
            if spec is None:
                problems.append(f"{where}: section not in schema.toml")
                continue
            kind = spec["kind"]
            entries: list = value if isinstance(value, list) else [value]
            if kind == "table" and not isinstance(value, dict):
                problems.append(f"{where}: expected a table")
                continue
            if kind == "words" and not all(isinstance(v, str) for v in entries):
                problems.append(f"{where}: expected an array of strings")
                continue
            if kind == "list" and not all(isinstance(v, dict) for v in entries):
                problems.append(f"{where}: expected an array of tables")
                continue
            allowed = set(spec.get("keys", []))
            if kind != "words" and "*" not in allowed:
                for entry in entries:
                    for key in sorted(set(entry) - allowed):
                        problems.append(f"{where}: unknown key {key!r}")
            for rule_id in _section_ids(spec, value):
                if rule_id in declared:
                    problems.append(
                        f"{where}: id {rule_id!r} already declared in {declared[rule_id]}.toml"
                    )
                else:
                    declared[rule_id] = name
    return problems, declared


def emitted_prefixes(files: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """The `[[emitted]]` ids marked `prefix = true` (`loc.` before a locality rule id)."""
    files = {name: load(name) for name in rule_files()} if files is None else files
    return [
        entry["id"]
        for data in files.values()
        for entry in data.get("emitted", [])
        if entry.get("prefix")
    ]


def undeclared(rule: str, table: str, declared: dict[str, str], prefixes: list[str]) -> list[str]:
    """The ids of one `rule` cell of `table` that no rules file declares (split as
    `[rule_columns]` of schema.toml says); a prefixed id counts when its rest is declared."""
    separator = load("schema")["rule_columns"][table]
    out = []
    for rule_id in rule.split(separator) if separator else [rule]:
        if not rule_id or rule_id in declared:
            continue
        if any(rule_id.startswith(p) and rule_id[len(p) :] in declared for p in prefixes):
            continue
        out.append(rule_id)
    return out
