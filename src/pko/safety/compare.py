"""The change in fatalities between two periods: Poisson rate ratio, exact interval and test, and each part's share."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import binomtest

METHOD = ("exact conditional test: given both counts' sum n, the later count is Binomial(n, E2/(E1+E2)) "
          "under equal rates; Clopper-Pearson interval of that proportion mapped to the rate ratio")


@dataclass(frozen=True)
class RateRatio:
    """Rate in the later period over rate in the earlier one, with its interval and two-sided p-value."""

    count_from: int
    count_to: int
    exposure_from: float
    exposure_to: float
    ratio: float | None
    low: float | None
    high: float | None
    p_value: float | None
    level: float
    method: str = METHOD


def rate_ratio(count_from: int, count_to: int, exposure_from: float = 1.0, exposure_to: float = 1.0,
               level: float = 0.95) -> RateRatio:
    """Poisson rate ratio (to / from); exposures default to one period each (equal exposure)."""
    if count_from < 0 or count_to < 0 or exposure_from <= 0 or exposure_to <= 0:
        raise ValueError("counts must be >= 0 and exposures > 0")
    n = count_from + count_to
    if n == 0:
        return RateRatio(count_from, count_to, exposure_from, exposure_to, None, None, None, None, level)
    scale = exposure_from / exposure_to
    test = binomtest(count_to, n, exposure_to / (exposure_from + exposure_to))
    interval = test.proportion_ci(confidence_level=level, method="exact")

    def odds(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p) * scale

    ratio = math.inf if count_from == 0 else (count_to / exposure_to) / (count_from / exposure_from)
    return RateRatio(count_from, count_to, exposure_from, exposure_to, ratio, odds(interval.low), odds(interval.high),
                     float(test.pvalue), level)


def shares(before: dict[str, int], after: dict[str, int]) -> list[dict]:
    """Each part's counts in both periods, its change, and its share of the total change (largest part first)."""
    total = sum(after.values()) - sum(before.values())
    rows = []
    for key in set(before) | set(after):
        change = after.get(key, 0) - before.get(key, 0)
        rows.append({"key": key, "from": before.get(key, 0), "to": after.get(key, 0), "change": change,
                     "share_of_change": round(change / total, 4) if total else None})
    return sorted(rows, key=lambda row: (-abs(row["change"]), -row["to"], row["key"]))
