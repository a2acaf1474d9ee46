"""Finance queries per state and year: arrears in dollars, the make-up of "total contributions", exports."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.finance import arrears, reconcile, service
from pko.finance.models import AssessedContribution, Assessment, Payment
from pko.finance.parameters import LEVEL_DISCOUNTS, PERMANENT_MEMBERS, WITHHELD_CREDIT
from pko.finance.payments import DEFINITION
from pko.finance.scale import Placement

# Honour-roll pages missing from the payments source: a state absent in those months may have paid in full.
MISSING_PAGES = {2006: "Oct-Dec", 2009: "Oct-Dec", 2010: "Dec", 2011: "Nov-Dec", 2018: "Nov-Dec"}
ARREARS_SOURCE = ("net assessments 2000-2018 and honour-roll payments (un_regular_budget_assessments_2000-2020_leops95.csv, "
                  "un_regular_budget_payments_2000-2020_leops95.csv); assessed contributions and honour-roll status 2019-2026 "
                  "(un_regular_budget_assessments_2019-2026.csv)")
SPREAD = 0.005  # a peacekeeping ratio further than this from every level's: a state between levels (in transition)


def state_years(session: Session, iso3: str | None = None) -> list[arrears.StateYear]:
    """Each state-year's assessment, whether paid in full by the honour-roll date, and the amount paid where published."""
    code = iso3.strip().upper() if iso3 else None
    paid: dict[tuple[int, str], float] = defaultdict(float)
    query = select(Payment.payment_date, Payment.iso3, Payment.amount_usd)
    for day, state, amount in session.execute(query.where(Payment.iso3 == code) if code else query):
        paid[(day.year, state)] += amount
    status = select(AssessedContribution.year, AssessedContribution.iso3, AssessedContribution.amount_usd,
                    AssessedContribution.payment_status, AssessedContribution.honour_roll_as_of)
    records, covered = [], set()
    for year, state, amount, state_status, as_of in session.execute(status.where(AssessedContribution.iso3 == code) if code else status):
        covered.add(year)
        in_full = state_status != "not_paid_in_full"
        records.append(arrears.StateYear(year, state, float(amount), in_full, paid.get((year, state)),
                                         in_full or as_of.month == 12))
    net = select(Assessment.year, Assessment.iso3, Assessment.net_usd)
    for year, state, amount in session.execute(net.where(Assessment.iso3 == code) if code else net):
        if year in covered:
            continue
        in_full = (year, state) in paid
        records.append(arrears.StateYear(year, state, float(amount), in_full, paid.get((year, state)),
                                         in_full or year not in MISSING_PAGES))
    return records


def arrears_rows(session: Session, iso3: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Arrears per state and year in USD (one state, one year, or all), with the honour-roll date they stand at."""
    rows = arrears.arrears(state_years(session, iso3))
    if year is not None:
        rows = [row for row in rows if row["year"] == year]
    if not rows:
        raise service.QueryError(f"no assessments for {iso3 or 'any state'}{f' in {year}' if year else ''} (known: 2000-2026)")
    return rows


def arrears_by_year(session: Session) -> list[dict[str, Any]]:
    """Per year: states in arrears and the arrears in USD, with what makes a year's figure uncertain."""
    rows = arrears.totals(arrears.arrears(state_years(session)))
    for row in rows:
        pages = MISSING_PAGES.get(row["year"])
        row["caveat"] = f"honour-roll pages of {pages} missing" if pages else ("year not over" if row["year"] == 2026 else None)
    return rows


def total_contributions(session: Session, year: int) -> dict[str, Any]:
    """A year's published figures split into a regular-budget part and a part at the peacekeeping scale."""
    data = service.published(session, year)
    if data is None:
        raise service.QueryError(f"no published contributions for {year} (known: 2000-2026)")
    try:
        found = reconcile.decompose(data.iso3, data.rate, data.net, LEVEL_DISCOUNTS, WITHHELD_CREDIT, PERMANENT_MEMBERS)
    except ValueError as error:
        raise service.QueryError(str(error))
    regular = sum(row["regular_budget_usd"] for row in found.rows)
    published = int(np.sum(data.net))
    between = [row for row in found.rows if row["iso3"] not in PERMANENT_MEMBERS and row["level_ratio"] is not None
               and abs(row["peacekeeping_ratio"] - row["level_ratio"]) > SPREAD]
    on_level = [row for row in found.rows if row not in between]
    return {
        "year": year, "published": data.kind, "published_total_usd": published,
        "appropriation_net_usd": round(found.appropriation_net),
        "appropriation_gross_usd": None if found.appropriation_gross is None else round(found.appropriation_gross),
        "credit_pool_usd": None if found.appropriation_gross is None else round(found.appropriation_gross - found.appropriation_net),
        "regular_budget_part_usd": regular, "peacekeeping_scale_component_usd": round(found.peacekeeping_component),
        "above_regular_budget_usd": published - regular,
        "above_regular_budget_share": round((published - regular) / regular, 6) if regular else None,
        "permanent_member_ratio": _finite(found.permanent_ratio), "premium_ratio_from_levels": _finite(found.premium_from_levels),
        "max_deviation_on_level_usd": max((abs(row["deviation_usd"]) for row in on_level), default=0),
        "states_between_levels": ", ".join(f"{row['iso3']} ({row['peacekeeping_ratio']:.4f})" for row in between) or None,
        "rows": found.rows,
    }


def levels_from_year(session: Session, year: int) -> dict[str, Placement]:
    """Each state's peacekeeping level as a year's published total contributions show it (permanent members: A)."""
    rows = total_contributions(session, year)["rows"]
    if all(row["level_ratio"] is None for row in rows):
        raise service.QueryError(f"the published contributions of {year} hold no part at the peacekeeping scale: "
                                 "no level can be inferred from them (the honour roll's 'total contributions' of 2025 and 2026 do)")
    levels = {}
    for row in rows:
        if row["iso3"] in PERMANENT_MEMBERS:
            levels[row["iso3"]] = Placement("A")
            continue
        # Levels H and I share one discount: the first level of a discount stands for both.
        found = next((level for level, discount in LEVEL_DISCOUNTS.items()
                      if row["level_ratio"] is not None and abs(1 - discount - row["level_ratio"]) < 1e-6), None)
        if found:
            levels[row["iso3"]] = Placement(found)
    return levels


def _finite(value: float) -> float | None:
    return None if value != value else round(value, 7)


TOTAL_CONTRIBUTIONS = (
    "published = rate x (A - P) [regular budget, credit withheld for the USA] + rate x (1 - level discount) x X [a component at the "
    "peacekeeping scale; the permanent members pay 1 + premium]. A - P and X are fitted on the states that sit on a level; the "
    "permanent members' measured ratio is compared with the premium their discounts imply. States between two levels are in a "
    "transition (equal steps) that the level table of the parameters does not hold.")


def export_sheets(session: Session, iso3: str | None = None, first: int = 2000, last: int = 2026,
                  fiscal_year: str | None = None, amount: float | None = None) -> dict[str, list[dict[str, Any]]]:
    """The finance tables as named sheets: assessments, payments, arrears (one state or all), and an apportionment if asked."""
    if first > last:
        raise service.QueryError("the first year comes after the last")
    code = iso3.strip().upper() if iso3 else None
    bill = [row for state in ([code] if code else _states(session)) for row in _bill_rows(session, state)]
    if code and not bill:
        raise service.QueryError(f"no assessments for {code} (known: the member states of 2000-2026)")
    sheets: dict[str, list[dict[str, Any]]] = {
        "assessments": sorted((row for row in bill if first <= row["year"] <= last), key=lambda row: (row["year"], row["iso3"])),
        "payments": [row for row in _payments(session, code) if first <= row["year"] <= last],
        "arrears": [row for row in arrears.arrears(state_years(session, code)) if first <= row["year"] <= last],
    }
    if code is None:
        sheets["arrears by year"] = [row for row in arrears_by_year(session) if first <= row["year"] <= last]
        sheets["predictability"] = [row for row in service.payments_by_year(session) if first <= row["year"] <= last]
    if fiscal_year is not None:
        if amount is None:
            raise service.QueryError("an apportionment needs the amount with the fiscal year")
        shares = service.apportion(session, fiscal_year, amount)["rows"]
        sheets["apportionment"] = [row for row in shares if code is None or row["iso3"] == code]
    sheets["sources"] = [{"table": "all", "source": source} for source in service.sources_of(session, "scale", "gross", "net", "payments")] + [
        {"table": "payments", "source": DEFINITION}, {"table": "arrears", "source": arrears.DEFINITION}]
    return sheets


def _states(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(Assessment.iso3).distinct())) | set(session.scalars(select(AssessedContribution.iso3).distinct())))


def _bill_rows(session: Session, iso3: str) -> list[dict[str, Any]]:
    return [{"year": row["year"], "iso3": iso3, "rate_percent": row["rate_percent"], "gross_usd": row["gross_usd"],
             "credit_usd": row["credit_usd"], "amount_usd": row["amount_usd"], "amount": row["amount"]} for row in service.bill(session, iso3)]


def _payments(session: Session, iso3: str | None) -> list[dict[str, Any]]:
    records = [record for record in service.payment_records(session) if iso3 is None or record.iso3 == iso3]
    return [{"year": record.year, "iso3": record.iso3, "assessed_usd": round(record.assessed), "paid_on_time": record.on_time,
             "paid_in_full_on": record.paid_on.isoformat() if record.paid_on else None,
             "days_to_pay": (record.paid_on - record.paid_on.replace(month=1, day=1)).days if record.paid_on else None}
            for record in sorted(records, key=lambda record: (record.year, record.iso3))]


def state_record(session: Session, iso3: str) -> dict[str, Any]:
    """One state's payment record by year with arrears, and its own predictability index (share of its assessments,
    in USD, paid within the 30-day due period)."""
    code = iso3.strip().upper()
    paid = {row["year"]: row for row in _payments(session, code)}
    rows = [row | {"paid_on_time": paid.get(row["year"], {}).get("paid_on_time"),
                   "paid_in_full_on": paid.get(row["year"], {}).get("paid_in_full_on"),
                   "days_to_pay": paid.get(row["year"], {}).get("days_to_pay")}
            for row in arrears.arrears(state_years(session, code))]
    assessed = sum(row["assessed_usd"] for row in rows)
    on_time = sum(row["assessed_usd"] for row in rows if row["paid_on_time"])
    latest = max(session.scalar(select(func.max(AssessedContribution.year))) or 0, 0)
    return {"iso3": code, "rows": rows, "predictability_index": round(on_time / assessed, 4) if assessed else None,
            "years_on_time": sum(1 for row in rows if row["paid_on_time"]), "years": len(rows), "latest_year": latest or None}
