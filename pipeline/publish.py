"""Publish a set of files as one step: all of a run's tables, or none of them.

Each table is written to a hidden temporary file beside its target. Renaming them one by one
is not enough: a kill between two renames would leave new `figures.csv` beside old
`articles.csv`. So `publish_all` first writes a journal (`.publish.json`, itself made visible
by one atomic rename) that lists every temporary file and its target, then renames, then
deletes the journal. Whoever next opens the folder (`recover`, run by every writer before it
starts) finds a journal only if a publish was cut short, and finishes it: the temporary files
it lists were complete before the journal existed. Temporary files without a journal belong
to a run that died before publishing; they are deleted.

A folder is written by one run at a time: `folder_lock` holds an exclusive `flock` on
`.lock` for the length of a run, so cleaning another run's temporary files is impossible, and
a second run fails with a clear message instead of mixing its tables with the first one's.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

JOURNAL = ".publish.json"
LOCK = ".lock"
#: Hidden temporary names the writers use: `.articles.csv.x1y2`, `.figures.parquet.tmp`,
#: `.parquet.x1y2/` (Dask partitions), `.store.json.tmp`.
_TEMPORARY_PATTERNS = (".*.csv.*", ".*.parquet.tmp", ".parquet.*", f"{JOURNAL}.tmp", ".*.json.tmp")


class FolderBusy(RuntimeError):
    """Another run is writing the same output folder."""


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish_all(folder: Path, pairs: Sequence[tuple[Path, Path]], mode: int = 0o644) -> None:
    """Rename every finished `(temporary, target)` pair, all or none (see the module doc)."""
    folder = Path(folder)
    for temporary, _ in pairs:
        # Temporary files are created private; tables are shared.
        os.chmod(temporary, mode | (0o111 if Path(temporary).is_dir() else 0))
        _fsync(temporary)
    journal = folder / JOURNAL
    staged = folder / f"{JOURNAL}.tmp"
    staged.write_text(
        json.dumps([[Path(t).name, Path(target).name] for t, target in pairs]), encoding="utf-8"
    )
    _fsync(staged)
    os.replace(staged, journal)
    _fsync(folder)
    _finish(folder, journal)


def _finish(folder: Path, journal: Path) -> None:
    pairs = json.loads(journal.read_text(encoding="utf-8"))
    for temporary, target in pairs:
        if not (folder / temporary).exists():
            continue  # renamed before the cut
        aside = None
        if (folder / target).is_dir() and not (folder / target).is_symlink():
            # A folder (Dask's Parquet partitions) cannot be renamed over a full one: move the
            # old one aside (a kill here leaves it to the next `recover`).
            aside = folder / f".{target}.old"
            shutil.rmtree(aside, ignore_errors=True)
            os.replace(folder / target, aside)
        os.replace(folder / temporary, folder / target)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
    _fsync(folder)
    journal.unlink()


def recover(folder: Path) -> None:
    """Finish a publish cut short, then delete temporary files no publish will use.

    Call only while holding `folder_lock(folder)`.
    """
    folder = Path(folder)
    journal = folder / JOURNAL
    if journal.exists():
        try:
            _finish(folder, journal)
            log.warning("%s: finished publishing the tables of an interrupted run", folder)
        except (OSError, ValueError) as error:
            log.warning("%s: cannot finish an interrupted publish (%s)", folder, error)
            journal.unlink(missing_ok=True)
    for pattern in _TEMPORARY_PATTERNS:
        for stale in folder.glob(pattern):
            log.info("removing %s, left by an interrupted run", stale)
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder for one run (an exclusive `flock`, released even by kill -9)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(
            20, "is a file, not a folder: give a folder for the tables", str(folder)
        )
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, no cleaning of others' files
        yield
        return
    handle = (folder / LOCK).open("a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(
                f"{folder} is being written by another run; wait for it to finish"
            ) from None
        recover(folder)
        yield
    finally:
        handle.close()
