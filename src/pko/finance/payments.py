"""Payments and predictability of the regular budget (pure).

Predictability index of a year: the share of that year's assessments (in dollars) paid in full within the
30-day due period. Days to pay: from 1 January of the year to the payment in full.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median

DEFINITION = ("predictability index = share of the year's assessments (USD) paid in full within the 30-day due period; "
              "days to pay counted from 1 January to the payment in full")


@dataclass(frozen=True)
class Record:
    """One state's assessment of a year and how it was paid (paid_on None: not paid in full in the source)."""

    year: int
    iso3: str
    assessed: float
    on_time: bool
    paid_on: date | None


def by_year(records: Iterable[Record]) -> list[dict]:
    """Per year: states, on time, late, not paid in full, the predictability index, median days to pay."""
    years: dict[int, list[Record]] = defaultdict(list)
    for record in records:
        years[record.year].append(record)
    rows = []
    for year in sorted(years):
        group = years[year]
        total = sum(record.assessed for record in group)
        on_time = [record for record in group if record.on_time]
        paid = [record for record in group if record.paid_on is not None]
        unpaid = [record for record in group if record.paid_on is None]
        days = [(record.paid_on - date(year, 1, 1)).days for record in paid]
        rows.append({
            "year": year, "states": len(group), "paid_on_time": len(on_time), "paid_late": len(paid) - len(on_time),
            "not_paid_in_full": len(unpaid),
            "predictability_index": round(sum(record.assessed for record in on_time) / total, 4) if total else None,
            "median_days_to_pay": median(days) if days else None,
            "assessed_not_paid_in_full_usd": round(sum(record.assessed for record in unpaid)),
        })
    return rows


def never_late(records: Iterable[Record]) -> list[str]:
    """The states that paid on time in every year they were assessed."""
    late: dict[str, bool] = {}
    for record in records:
        late[record.iso3] = late.get(record.iso3, False) or not record.on_time
    return sorted(iso3 for iso3, was_late in late.items() if not was_late)
