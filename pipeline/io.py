"""Small file helpers every stage shares: atomic writes and one-line error messages.

Why atomic: the files the project writes are read by people and by other runs (tables, the
eval baseline, exports). A run killed half-way must leave the previous file whole, never a
truncated one, so every write goes to a temporary file in the same folder and is renamed over
the target in one step (`os.replace` is atomic on POSIX and Windows within one file system).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `path` atomically; the folder is created when missing.

    The file is readable by everyone (0644) like any output: temporary files are created
    private by `tempfile`, and a shared table or baseline must not inherit that.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding=encoding, newline="", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def atomic_path(
    path: str | Path, *, prefix: str | None = None, suffix: str = "", permissions: int = 0o644
) -> Iterator[Path]:
    """A temporary file beside `path` for a writer that needs a path (xlsx, Parquet, gzip):
    renamed over `path` when the block ends, removed when it raises. The folder is created
    when missing; the file gets `permissions` (temporary files are created private).

    `prefix` (default `.<name>.`) and `suffix` name the temporary file, so that a folder's
    clean-up of a killed run's leftovers recognises it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}." if prefix is None else prefix, suffix=suffix
    )
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, permissions)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def first_line(error: BaseException | str, default: str | None = None) -> str:
    """The first non-empty line of an error message, for one-line reports.

    Library errors (DuckDB, pandas, lxml) often carry multi-line messages with hints or
    tracebacks of their own; a user needs the one line that says what happened. An empty
    message gives `default`, else the error's type name.
    """
    text = str(error)
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    if default is not None:
        return default
    return type(error).__name__ if isinstance(error, BaseException) else ""
