"""Whether two extract folders hold byte-identical tables: the check of a refactor.

`python -m pipeline.evaluate.identical REF_DIR OUT_DIR` compares the SHA-256 of every `*.csv`
under `REF_DIR` (recursively, e.g. one sub-folder per set) with the file at the same relative
path under `OUT_DIR`, prints one line per difference and exits 1 when any file differs or is
missing. Why a hash check and not the scorer: a refactor must change no byte, not merely no
score.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def differences(ref: Path, out: Path) -> list[str]:
    """One line per CSV of `ref` that is missing from `out` or differs, or that `out` has and
    `ref` has not; empty when the folders hold the same tables."""
    lines = []
    ref_files = {p.relative_to(ref) for p in ref.rglob("*.csv")}
    out_files = {p.relative_to(out) for p in out.rglob("*.csv")} if out.is_dir() else set()
    for name in sorted(ref_files | out_files):
        if name not in out_files:
            lines.append(f"missing: {out / name}")
        elif name not in ref_files:
            lines.append(f"extra: {out / name}")
        elif digest(ref / name) != digest(out / name):
            lines.append(f"differs: {name}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: `REF_DIR OUT_DIR`; exit 0 when identical."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m pipeline.evaluate.identical REF_DIR OUT_DIR", file=sys.stderr)
        return 2
    ref, out = Path(args[0]), Path(args[1])
    if not any(ref.rglob("*.csv")):
        print(f"error: {ref}: no CSV tables", file=sys.stderr)
        return 2
    lines = differences(ref, out)
    for line in lines:
        print(line)
    count = sum(1 for _ in ref.rglob("*.csv"))
    print(
        f"{count - len(lines)} of {count} tables identical"
        if lines
        else f"{count} tables identical"
    )
    return 1 if lines else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
