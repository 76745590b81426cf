"""Analyses the notebooks share, kept here so that they are tested and no notebook copies them.

Real stores taught two lessons that the first notebooks missed:

- Deadlines come from the text, and a text sometimes names a year that no target is due in (a
  founding year, a typo, `1973` read from a law's number). A deadline more than `PAST_YEARS`
  before its article, or more than `FUTURE_YEARS` after it, is not a plan: charts leave it out
  and say how many they left out.
- The same target is reported by several articles (a province's plan, restated at each
  meeting). Summing money over rows counts it once per article. `merge_repeated_targets`
  merges rows with the same actor, the same deadline and amounts within 1%, and returns what
  it merged, so that a notebook can show it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.text.keys import name_key

PAST_YEARS = 5
FUTURE_YEARS = 50
#: Without a publication date, years outside this range are not plans of our era.
PLAUSIBLE_YEARS = (1990, 2100)
MONEY_TOLERANCE = 0.01


def plausible_deadline(frame: pd.DataFrame) -> pd.Series:
    """Whether each row's `deadline` could be a target's year (False for missing deadlines).

    The range is relative to the article's `published` date when it has one, else
    `PLAUSIBLE_YEARS`.
    """
    deadline = pd.to_numeric(frame["deadline"], errors="coerce")
    low = pd.Series(PLAUSIBLE_YEARS[0], index=frame.index, dtype=float)
    high = pd.Series(PLAUSIBLE_YEARS[1], index=frame.index, dtype=float)
    if "published" in frame:
        year = pd.to_datetime(frame["published"], errors="coerce").dt.year
        low = low.where(year.isna(), year - PAST_YEARS)
        high = high.where(year.isna(), year + FUTURE_YEARS)
    return deadline.notna() & (deadline >= low) & (deadline <= high)


@dataclass
class MoneyTargets:
    """Commitments with an amount in đồng, each target once, and what was merged to get there."""

    targets: pd.DataFrame  # one row per target (the earliest report of it)
    merged: pd.DataFrame  # one row per merged target: actor, deadline, amount, reports, articles
    rows: int  # commitments with an amount in đồng before merging


def _actor_key(actor: object) -> str:
    return name_key(str(actor)) if isinstance(actor, str) and actor.strip() else ""


def merge_repeated_targets(
    commitments: pd.DataFrame, tolerance: float = MONEY_TOLERANCE
) -> MoneyTargets:
    """Commitments whose `amount_vnd` is known, with repeated reports of a target merged.

    Two rows are the same target when their actors have the same name key, their deadlines are
    equal (both missing counts as equal) and their amounts differ by at most `tolerance` of the
    larger. Rows without an actor are never merged: nothing says they are the same body. The
    row kept is the first published (then the first in the store's order).
    """
    money = commitments[commitments["amount_vnd"].notna()].copy()
    rows = len(money)
    money["_actor"] = money["actor"].map(_actor_key)
    money["_deadline"] = pd.to_numeric(money["deadline"], errors="coerce").fillna(-1)
    if "published" in money:
        money = money.sort_values("published", kind="stable", na_position="last")
    keep: list = []
    merged: list[dict] = []
    for (actor, _), group in money.groupby(["_actor", "_deadline"], sort=False):
        if not actor:
            keep.extend(group.index)
            continue
        clusters: list[list] = []  # [first amount, [indexes]]
        for index, amount in group["amount_vnd"].items():
            for cluster in clusters:
                if abs(amount - cluster[0]) <= tolerance * max(abs(amount), abs(cluster[0])):
                    cluster[1].append(index)
                    break
            else:
                clusters.append([amount, [index]])
        for amount, indexes in clusters:
            keep.append(indexes[0])
            if len(indexes) > 1:
                first = money.loc[indexes[0]]
                merged.append(
                    {
                        "actor": first["actor"],
                        "deadline": first["deadline"],
                        "amount_vnd": amount,
                        "reports": len(indexes),
                        "articles": ", ".join(dict.fromkeys(money.loc[indexes, "article_id"])),
                    }
                )
    targets = money.loc[sorted(keep, key=money.index.get_loc)].drop(columns=["_actor", "_deadline"])
    columns = ["actor", "deadline", "amount_vnd", "reports", "articles"]
    return MoneyTargets(targets, pd.DataFrame(merged, columns=columns), rows)
