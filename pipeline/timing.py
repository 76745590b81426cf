"""Instrumentation hooks: how `make bench` sees where the time goes without patching code.

`make_doc(..., timer=)` and `run_extractors(..., timer=)` take a `Timer`: a callable that,
given a stage name, returns a context manager around that stage. `StageTimer` sums CPU
seconds per stage. With no timer (every normal run), `no_timer` costs one call per stage.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

Timer = Callable[[str], AbstractContextManager[object]]

_NULL = nullcontext()


def no_timer(stage: str) -> AbstractContextManager[object]:
    """The hook of an untimed run: does nothing."""
    return _NULL


class StageTimer:
    """CPU seconds per stage name (`seconds`), summed over every timed block."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.process_time()
        try:
            yield
        finally:
            self.seconds[stage] += time.process_time() - started
