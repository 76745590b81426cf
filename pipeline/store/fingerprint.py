"""The extractor version: a fingerprint of every source and rule file that shapes the rows,
so that editing a rule re-extracts what it affects without anyone bumping a number."""

from __future__ import annotations

import hashlib
import logging
from importlib import metadata
from pathlib import Path

from pipeline import __version__

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Pins the extractor version (tests, or keeping rows across a code change on purpose).
VERSION_ENV = "PIPELINE_EXTRACTOR_VERSION"

#: Files whose changes never change a row: left out of the extractor fingerprint.
_NOT_EXTRACTION = frozenset(
    {
        "__main__.py",
        "analysis.py",
        "bench.py",
        "charts.py",
        "cli.py",
        "dictionary.py",
        "engine.py",
        "export.py",
        "pruning.py",
        "publish.py",
        "registry.py",
        "runner.py",
    }
)
_NOT_EXTRACTION_DIRS = frozenset({"evaluate", "store", "__pycache__"})
_NOT_EXTRACTION_FILES = frozenset({"rules/registry.toml", "rules/sector_names.toml"})
_FINGERPRINT_SUFFIXES = frozenset({".py", ".toml", ".json", ".tsv", ".txt", ".joblib", ".pkl"})
_FINGERPRINT_PACKAGES = ("underthesea", "vietnamadminunits", "spacy")

# --------------------------------------------------------------------------------------------
# Versions and dates


def extractor_version() -> str:
    """`<package version>+<fingerprint>` of everything that shapes the rows.

    The fingerprint hashes the package's source and rule files (minus the modules that only
    move rows around: CLI, store, exports...) and the versions of the NLP and gazetteer
    packages. A hand-bumped constant would be forgotten; a stale store would then silently
    serve rows from old rules.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR)
        if (
            not path.is_file()
            or path.suffix not in _FINGERPRINT_SUFFIXES
            or _NOT_EXTRACTION_DIRS.intersection(relative.parts)
            or (len(relative.parts) == 1 and relative.name in _NOT_EXTRACTION)
            or relative.as_posix() in _NOT_EXTRACTION_FILES
        ):
            continue
        digest.update(relative.as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for package in _FINGERPRINT_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"
