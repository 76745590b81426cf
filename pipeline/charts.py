"""Small matplotlib helpers shared by the notebooks, so that no notebook copies plotting code.

Vietnamese needs a font with the Latin Extended Additional block (`ạ ế ỗ ữ ỹ`...). DejaVu Sans
has it and ships inside matplotlib itself, so it is always there, on any machine; `setup()`
makes it the font of every chart. The helpers also cope with empty data (a fresh corpus, or an
extractor not written yet): they draw an explicit "no data" chart instead of failing, so a
notebook always runs from top to bottom.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FONT = "DejaVu Sans"
REPORTS_ENV = "PIPELINE_REPORTS"
NO_DATA = "Chưa có dữ liệu (no data yet)"


def setup() -> None:
    """Matplotlib defaults for the notebooks: a Vietnamese-capable font, readable sizes."""
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT],
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "figure.figsize": (9, 4.5),
            "figure.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _axes(ax: Any = None) -> Any:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    return ax


def no_data(ax: Any, title: str, xlabel: str = "", ylabel: str = "") -> Any:
    """An empty chart that says so, with its title and labels still in place."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.text(0.5, 0.5, NO_DATA, ha="center", va="center", transform=ax.transAxes, color="gray")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _items(values: Mapping[Any, float] | Any) -> list[tuple[str, Any]]:
    """(label, value) pairs of a mapping or Series, labels made unique.

    A Series may repeat a label (two namesakes whose province is unknown): `dict(series)`
    would then give a Series as a value, and matplotlib would draw both on one bar. Repeats
    get a counter instead: `Nguyễn Văn A`, `Nguyễn Văn A (2)`.
    """
    if values is None:
        return []
    pairs = values.items() if hasattr(values, "items") else dict(values).items()
    seen: dict[str, int] = {}
    items = []
    for key, value in pairs:
        label = str(key)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        items.append((label, value))
    return items


def reports_dir() -> Path:
    """Where charts are saved: `$PIPELINE_REPORTS`, else `reports/` of the checkout.

    Notebooks run from `notebooks/` (nbconvert, Jupyter), so `reports/` is looked up beside
    that folder; from anywhere else it is `./reports`.
    """
    if env := os.environ.get(REPORTS_ENV):
        return Path(env)
    here = Path.cwd()
    return (here.parent if here.name == "notebooks" else here) / "reports"


def save(figure: Any, name: str) -> Path:
    """Save a chart (a Figure or an Axes) as `<reports>/<name>.png` for slides; return the path."""
    figure = getattr(figure, "figure", figure)  # an Axes knows its Figure
    folder = reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    figure.savefig(path, dpi=150, bbox_inches="tight")
    log.info("chart saved to %s", path)
    return path


def bars(
    values: Mapping[Any, float] | Any,
    title: str,
    xlabel: str,
    ylabel: str,
    *,
    horizontal: bool = True,
    top: int | None = 15,
    ax: Any = None,
) -> Any:
    """A bar chart of a mapping or pandas Series (largest first, at most `top` bars).

    Horizontal by default: Vietnamese place and person names are long and read best on the
    y axis.
    """
    ax = _axes(ax)
    items = [(label, float(v)) for label, v in _items(values) if v == v and v]  # no NaN, no 0
    if not items:
        return no_data(ax, title, xlabel, ylabel)
    if horizontal:
        items.sort(key=lambda kv: -kv[1])
        items = items[:top] if top else items
        labels, numbers = zip(*reversed(items), strict=True)
        ax.barh(labels, numbers, color="#4c72b0")
    else:
        labels, numbers = zip(*items, strict=True)
        ax.bar(labels, numbers, color="#4c72b0")
        ax.tick_params(axis="x", labelrotation=45)
    if all(number.is_integer() for number in numbers):  # counts: no 0.5 ticks
        from matplotlib.ticker import MaxNLocator

        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax
