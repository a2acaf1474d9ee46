"""Dated parameters of UN finance, each with its start date, source and whether it awaits verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

VERIFY = "to verify against the resolution's text"
RES_55_235 = "General Assembly resolution 55/235 (23 December 2000), levels as commonly cited"
EXCEPTIONAL_SOURCE = "exceptional peacekeeping discounts as cited in issue 6 (reports on the peacekeeping scale)"
REIMBURSEMENT_SOURCE = "General Assembly decisions on troop-cost reimbursement as cited in issue 6"


@dataclass(frozen=True)
class Parameter:
    """One value of a named parameter, in force from `start` (until the next value, or `until` if given)."""

    name: str
    key: str
    value: float
    unit: str
    start: date
    source: str
    to_verify: bool = False
    until: date | None = None
    note: str | None = None


# Peacekeeping levels: the discount on the regular-budget rate (level A pays the premium instead).
LEVEL_DISCOUNTS = {"B": 0.0, "C": 0.075, "D": 0.20, "E": 0.40, "F": 0.60, "G": 0.70, "H": 0.80, "I": 0.80, "J": 0.90}
LEVELS_IN_FORCE = date(2001, 7, 1)
PERMANENT_MEMBERS = ("CHN", "FRA", "GBR", "RUS", "USA")
EXCEPTIONAL = {("2019-2021", "BHS"): 0.075, ("2019-2021", "BHR"): 0.075, ("2019-2021", "SAU"): 0.075,
               ("2022-2024", "BHS"): 0.075, ("2022-2024", "BHR"): 0.075, ("2022-2024", "SAU"): 0.075}
# Personnel reimbursement per person per month, USD; no source given here for other periods.
REIMBURSEMENT = ((date(2014, 7, 1), 1332.0), (date(2016, 7, 1), 1365.0), (date(2017, 7, 1), 1410.0), (date(2018, 7, 1), 1428.0))
REIMBURSEMENT_KNOWN_UNTIL = date(2019, 6, 30)  # end of the fiscal year the last known rate was set for
WITHHELD_CREDIT = {"USA"}  # states that tax their nationals' UN salaries: staff-assessment credit withheld


def parameters() -> list[Parameter]:
    """Every dated parameter, in a stable order."""
    rows = [Parameter("peacekeeping level A premium", "level.A", float("nan"), "share", LEVELS_IN_FORCE, RES_55_235, True,
                      note="permanent members pay the discounts of levels C-J, pro rata to their regular-budget rates")]
    rows += [Parameter(f"peacekeeping level {level} discount", f"level.{level}", discount, "share", LEVELS_IN_FORCE, RES_55_235, True)
             for level, discount in LEVEL_DISCOUNTS.items()]
    for (period, iso3), discount in EXCEPTIONAL.items():
        first, last = (int(year) for year in period.split("-"))
        rows.append(Parameter(f"exceptional peacekeeping discount {iso3} {period}", f"exceptional.{iso3}", discount, "share",
                              date(first, 1, 1), EXCEPTIONAL_SOURCE, True, until=date(last, 12, 31)))
    for position, (start, rate) in enumerate(REIMBURSEMENT):
        last = position == len(REIMBURSEMENT) - 1
        rows.append(Parameter("personnel reimbursement per person-month", "reimbursement.personnel", rate, "USD", start,
                              REIMBURSEMENT_SOURCE, until=REIMBURSEMENT_KNOWN_UNTIL if last else None,
                              note="no rate before 2014-07-01 or after 2019-06-30 until a source gives one" if last else None))
    rows += [Parameter("staff-assessment credit withheld", f"credit_withheld.{iso3}", 1.0, "flag", date(2000, 1, 1),
                       "ST/ADM/SER.B assessment circulars (credit 0 in every year of the data)") for iso3 in sorted(WITHHELD_CREDIT)]
    return rows


def reimbursement_rate(day: date) -> float | None:
    """The personnel reimbursement rate in force on a day, or None ("no rate") outside the known periods."""
    if day < REIMBURSEMENT[0][0] or day > REIMBURSEMENT_KNOWN_UNTIL:
        return None
    return [rate for start, rate in REIMBURSEMENT if start <= day][-1]


def exceptional_discounts(period: str) -> dict[str, float]:
    """The exceptional discounts of a scale period, by state."""
    return {iso3: discount for (when, iso3), discount in EXCEPTIONAL.items() if when == period}
