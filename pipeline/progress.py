"""Progress of a run, counted in articles (a JSONL file of 3,000 articles is 3,000, not 1).

On a terminal: a tqdm bar with the total and an ETA. Elsewhere (a log file, CI, `nohup`): one
line every `EVERY_ARTICLES` articles or `EVERY_SECONDS` seconds, whichever comes first, so a
long run shows it is alive without filling the log with bar redraws. Like tqdm's bar, the
lines go to standard error: they are the display of a run, not its result.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

EVERY_ARTICLES = 500
EVERY_SECONDS = 30.0

T = TypeVar("T")


def count_articles(paths: Iterable[str | Path]) -> int:
    """How many articles the inputs hold: a line of JSONL, an item of a JSON list, a file else.

    Cheap next to tokenizing: JSONL is read in 1 MB chunks (never a whole line at once) and a
    gzip stream stops being counted once it inflates past the ratio ingest refuses, so a zip
    bomb costs no memory here. A file that cannot be read counts as one article (the run will
    report it); a count cut short only makes the ETA optimistic.
    """
    from pipeline.ingest import BadInput, _suffix, discover, read_bytes

    total = 0
    for path in discover(paths):
        suffix = _suffix(path)
        try:
            if suffix == ".jsonl":
                total += _count_lines(path)
                continue
            if suffix == ".json":
                data = json.loads(read_bytes(path))
                total += len(data) if isinstance(data, list) else 1
                continue
        except (OSError, ValueError, EOFError, BadInput):
            pass
        total += 1
    return total


def _count_lines(path: Path) -> int:
    """Non-empty lines of a (possibly gzipped) JSONL file, read in bounded chunks."""
    from pipeline.ingest import MAX_GZIP_RATIO

    gzipped = path.suffix.lower() == ".gz"
    budget = max(MAX_GZIP_RATIO * path.stat().st_size, 10_000_000) if gzipped else None
    opener = gzip.open if gzipped else open
    lines, read, last = 0, 0, b"\n"
    with opener(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            read += len(chunk)
            lines += chunk.count(b"\n") - chunk.count(b"\n\n")  # blank lines are no articles
            last = chunk[-1:]
            if budget is not None and read > budget:
                break
    return lines + (last != b"\n")


class Progress:
    """Counts articles as they are done (`update`) or skipped as unchanged (`update` too).

    `mode`: "bar" (tqdm, with total and ETA), "lines" (a line every N articles or S seconds),
    or "off".
    """

    def __init__(
        self,
        total: int | None,
        mode: str,
        stream: IO[str] | None = None,
        every: int = EVERY_ARTICLES,
        seconds: float = EVERY_SECONDS,
    ) -> None:
        self.total = total
        self.mode = mode
        self.stream = stream or sys.stderr
        self.every = every
        self.seconds = seconds
        self.done = 0
        self._started = time.monotonic()
        self._last_line = (0, self._started)
        self._bar: Any = None
        if mode == "bar":
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="article", file=self.stream, dynamic_ncols=True)

    @classmethod
    def for_run(cls, paths: Iterable[str | Path], progress: bool | None) -> Progress:
        """The progress of a run over `paths`: `progress` None means bar on a terminal, lines
        elsewhere; False means none; True means a bar."""
        if progress is False:
            return cls(None, "off")
        mode = "bar" if progress or sys.stderr.isatty() else "lines"
        return cls(count_articles(paths), mode)

    def update(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.mode == "lines":
            now = time.monotonic()
            last_done, last_time = self._last_line
            if self.done - last_done >= self.every or now - last_time >= self.seconds:
                self._line(now)

    def _line(self, now: float) -> None:
        self._last_line = (self.done, now)
        elapsed = now - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        text = f"{self.done:,}"
        if self.total:
            text += f"/{self.total:,} articles ({100 * self.done / self.total:.0f}%)"
            if rate and self.done < self.total:
                text += f", about {_duration((self.total - self.done) / rate)} left"
        else:
            text += " articles"
        print(f"progress: {text}, {rate:.1f} articles/s", file=self.stream, flush=True)

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Yield `items`, counting each as one article done."""
        for item in items:
            yield item
            self.update()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
