"""Arrears of the regular budget in dollars, per state and year (pure).

A payment is credited to the oldest contributions due first (Financial Regulation 3.9), so a state on the
honour roll for a year has paid that year and every earlier year in full. A state not on it owes, at the
honour-roll date at most its assessment of the year (unpaid of the year), plus what it owed at the end of the year
before (arrears, cumulative): partial payments are not published, so both are upper bounds, exact only when nothing
was paid; for a state that pays every year but after the year's end, the cumulative bound grows far past its debt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

DEFINITION = ("unpaid of the year = the year's assessment if not paid in full by the honour-roll date; arrears upper bound = "
              "assessments of the consecutive years not paid in full up to this year (payments go to the oldest contributions "
              "due first, Financial Regulation 3.9); both upper bounds, since partial payments are not published")


@dataclass(frozen=True)
class StateYear:
    """A state's assessment of a year and whether the honour roll lists it as paid in full."""

    year: int
    iso3: str
    assessed: float
    paid_in_full: bool
    paid_usd: float | None = None  # the honour-roll amount, where the source publishes it
    complete: bool = True  # False where a missing honour-roll page may hide a payment in full


def arrears(records: Iterable[StateYear]) -> list[dict]:
    """Per state and year: outstanding of the year, arrears carried in and at the honour-roll date, in USD."""
    by_state: dict[str, list[StateYear]] = defaultdict(list)
    for record in records:
        by_state[record.iso3].append(record)
    rows = []
    for iso3 in sorted(by_state):
        carried, certain = 0.0, True
        for record in sorted(by_state[iso3], key=lambda item: item.year):
            outstanding = 0.0 if record.paid_in_full else record.assessed
            beyond = None if record.paid_usd is None else record.paid_usd - record.assessed
            owed = 0.0 if record.paid_in_full else carried + outstanding
            certain = True if record.paid_in_full else certain and record.complete
            rows.append({
                "year": record.year, "iso3": iso3, "assessed_usd": round(record.assessed), "paid_in_full": record.paid_in_full,
                "paid_usd": None if record.paid_usd is None else round(record.paid_usd, 2),
                "paid_beyond_assessment_usd": None if beyond is None else round(beyond, 2),
                "unpaid_of_year_usd": round(outstanding), "arrears_carried_in_usd": round(carried),
                "arrears_upper_bound_usd": round(owed), "complete": certain,
            })
            carried = owed
    return rows


def totals(rows: Iterable[dict]) -> list[dict]:
    """Per year: states not paid in full, their unpaid assessments of the year and the cumulative bound, in USD."""
    years: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        years[row["year"]].append(row)
    return [{"year": year, "states_not_paid_in_full": sum(1 for row in group if not row["paid_in_full"]),
             "unpaid_of_year_usd": sum(row["unpaid_of_year_usd"] for row in group),
             "arrears_upper_bound_usd": sum(row["arrears_upper_bound_usd"] for row in group),
             "states_uncertain": sum(1 for row in group if not row["complete"])}
            for year, group in sorted(years.items())]
