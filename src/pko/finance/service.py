"""Finance queries: stored scales and published assessments, fed to the pure engines."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.contributions.models import Contribution
from pko.finance import apportionment, assessment, payments, scale
from pko.finance.models import AssessedContribution, Assessment, Payment, ScaleRate
from pko.finance.parameters import WITHHELD_CREDIT, exceptional_discounts, parameters, reimbursement_rate
from pko.sources.models import ImportRun

SOURCES = {"scale": "un-finance-scale", "gross": "un-finance-assessments-2000", "net": "un-finance-assessments-2019",
           "payments": "un-finance-payments", "personnel": "ipi-gender"}
TOTAL_CONTRIBUTIONS = (
    "'Total contributions' (2025-2026) is the net regular-budget assessment plus a component of about 25 million USD "
    "assessed at the peacekeeping scale, so one appropriation and credit pool fit it only within the deviation stated; "
    "`pko finance total-contributions --year Y` splits each state's figure into the two parts."
)


class QueryError(ValueError):
    """A question the stored data cannot answer as asked (unknown period, year or level file)."""


def sources_of(session: Session, *keys: str) -> list[str]:
    """'file (run N, imported at ...)' for the current runs of the given source keys."""
    runs = session.scalars(select(ImportRun).where(ImportRun.source.in_([SOURCES[key] for key in keys]),
                                                   ImportRun.current.is_(True)).order_by(ImportRun.id)).all()
    return [f"{run.file_name} (run {run.id}, imported {run.finished_at:%Y-%m-%d %H:%M})" for run in runs]


def periods(session: Session) -> list[dict[str, Any]]:
    """Each stored scale period: number of rates and their sum."""
    rows = session.execute(select(ScaleRate.period, func.count(), func.sum(ScaleRate.rate_percent), func.min(ScaleRate.source))
                           .group_by(ScaleRate.period).order_by(ScaleRate.period)).all()
    return [{"period": period, "states": count, "sum_percent": round(total, 3), "source": source.split(" scale as")[0]}
            for period, count, total, source in rows]


def scale_rows(session: Session, period: str) -> list[dict[str, Any]]:
    """The rates of one period, largest first."""
    rows = session.scalars(select(ScaleRate).where(ScaleRate.period == period)
                           .order_by(ScaleRate.rate_percent.desc(), ScaleRate.iso3)).all()
    if not rows:
        known = ", ".join(row["period"] for row in periods(session)) or "none imported"
        raise QueryError(f"no scale for period '{period}' (known: {known})")
    return [{"iso3": row.iso3, "member_state": row.member_state, "rate_percent": row.rate_percent} for row in rows]


def rates_of_year(session: Session, year: int) -> tuple[dict[str, float], str]:
    """The regular-budget rates in force in a year: from the scale period, else from the assessments file."""
    rows = session.execute(select(ScaleRate.iso3, ScaleRate.rate_percent, ScaleRate.period)
                           .where(ScaleRate.first_year <= year, ScaleRate.last_year >= year)).all()
    if rows:
        return {iso3: rate for iso3, rate, _ in rows}, f"scale {rows[0][2]}"
    rows = session.execute(select(Assessment.iso3, Assessment.rate_percent).where(Assessment.year == year)).all()
    if rows:
        return dict(rows), f"rates of {year} in the assessments 2000-2020"
    raise QueryError(f"no regular-budget rates for {year}")


@dataclass
class Published:
    """A year's published figures per state, as arrays."""

    year: int
    iso3: list[str]
    rate: np.ndarray
    gross: np.ndarray | None
    credit: np.ndarray | None
    net: np.ndarray
    kind: str


def published(session: Session, year: int) -> Published | None:
    """Gross/credit/net of the 2000-2020 file, else the honour roll's contribution of 2021-2026."""
    rows = session.execute(select(Assessment.iso3, Assessment.rate_percent, Assessment.gross_usd, Assessment.credit_usd,
                                  Assessment.net_usd).where(Assessment.year == year).order_by(Assessment.iso3)).all()
    if rows:
        iso3, rate, gross, credit, net = (list(column) for column in zip(*rows))
        return Published(year, iso3, np.array(rate), np.array(gross), np.array(credit), np.array(net), "net assessment")
    rows = session.execute(select(AssessedContribution.iso3, AssessedContribution.rate_percent, AssessedContribution.amount_usd,
                                  AssessedContribution.amount_column).where(AssessedContribution.year == year)
                           .order_by(AssessedContribution.iso3)).all()
    if not rows:
        return None
    iso3, rate, amount, kind = (list(column) for column in zip(*rows))
    return Published(year, iso3, np.array(rate), None, None, np.array(amount), kind[0])


def _credited(iso3: list[str]) -> np.ndarray:
    return ~np.isin(np.array(iso3), list(WITHHELD_CREDIT))


def derive(data: Published) -> dict[str, Any]:
    """The appropriation and credit pool a year's published figures imply, and how closely the engine then fits."""
    credited = _credited(data.iso3)
    if data.gross is not None:
        appropriation, pool = assessment.derive_from_gross(data.rate, data.gross, data.credit, credited)
    else:
        appropriation, pool = assessment.derive_from_net(data.rate, data.net, credited)
    appropriation, pool = round(appropriation), round(pool)
    bill = assessment.assess(data.iso3, data.rate, appropriation, pool, WITHHELD_CREDIT)
    fit = {"max_gross_deviation_usd": None, "max_credit_deviation_usd": None,
           "max_net_deviation_usd": int(np.abs(bill.net - data.net).max()),
           "max_net_deviation_share": round(float(np.abs((bill.net - data.net) / data.net).max()), 6)}
    if data.gross is not None:
        fit |= {"max_gross_deviation_usd": int(np.abs(bill.gross - data.gross).max()),
                "max_credit_deviation_usd": int(np.abs(bill.credit - data.credit).max()),
                "states_off_by_more_than_1_usd": ((np.abs(bill.gross - data.gross) > 1) | (np.abs(bill.credit - data.credit) > 1)
                                                  | (np.abs(bill.net - data.net) > 1))}
    else:
        fit["states_off_by_more_than_1_usd"] = np.abs(bill.net - data.net) > 1
    off = fit["states_off_by_more_than_1_usd"]
    fit["states_off_by_more_than_1_usd"] = int(off.sum())
    fit["states_off"] = ", ".join(np.array(data.iso3)[off]) if 0 < off.sum() <= 10 else None
    return {"year": data.year, "gross_appropriation_usd": appropriation, "credit_pool_usd": pool, "published": data.kind,
            "rate_sum_percent": round(float(data.rate.sum()), 3), **fit,
            "note": TOTAL_CONTRIBUTIONS if data.kind == "Total contributions" else None}


def years(session: Session) -> list[dict[str, Any]]:
    """Each year's derived appropriation and credit pool, 2000-2026."""
    found = sorted(set(session.scalars(select(Assessment.year).distinct()))
                   | set(session.scalars(select(AssessedContribution.year).distinct())))
    return [derive(published(session, year)) for year in found]


def assess(session: Session, year: int, amount: float, credit_pool: float | None = None) -> dict[str, Any]:
    """Every state's gross, credit and net for a year at a gross appropriation, beside the published figures."""
    if not 0 < amount <= 1e13 or (credit_pool is not None and not 0 <= credit_pool <= 1e13):
        raise QueryError("the appropriation must be positive and the credit pool not negative, both at most 1e13 USD")
    rates, origin = rates_of_year(session, year)
    data = published(session, year)
    if credit_pool is None:
        if data is None:
            raise QueryError(f"no published figures for {year} to derive its credit pool from: give --credit-pool")
        credit_pool = derive(data)["credit_pool_usd"]
    iso3 = sorted(rates)
    bill = assessment.assess(iso3, np.array([rates[code] for code in iso3]), amount, credit_pool, WITHHELD_CREDIT)
    known = dict(zip(data.iso3, range(len(data.iso3)))) if data else {}
    rows = []
    for position, code in enumerate(iso3):
        row = {"iso3": code, "rate_percent": float(bill.rate_percent[position]), "gross_usd": int(bill.gross[position]),
               "credit_usd": int(bill.credit[position]), "net_usd": int(bill.net[position])}
        at = known.get(code)
        if at is not None:
            if data.gross is not None:
                row |= {"published_gross_usd": int(data.gross[at]), "published_credit_usd": int(data.credit[at])}
            row["published_net_usd"] = int(data.net[at])
        rows.append(row)
    return {"year": year, "gross_appropriation_usd": amount, "credit_pool_usd": credit_pool, "rates": origin,
            "published": data.kind if data else None, "rows": rows}


def read_levels(path: Path) -> dict[str, scale.Placement]:
    """A level file: columns iso3, level, and optionally previous_level, steps, step (a transition)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            records = list(csv.DictReader(handle))
    except OSError as error:
        raise QueryError(f"{path}: {error.strerror}")
    if not records or not {"iso3", "level"} <= set(records[0]):
        raise QueryError(f"{path}: needs the columns iso3, level (and optionally previous_level, steps, step)")
    levels = {}
    for number, record in enumerate(records, start=2):
        try:
            steps, step = int(record.get("steps") or 1), int(record.get("step") or 1)
        except ValueError:
            raise QueryError(f"{path}, row {number}: steps and step must be whole numbers")
        levels[record["iso3"].strip().upper()] = scale.Placement(
            record["level"].strip().upper(), (record.get("previous_level") or "").strip().upper() or None, steps, step)
    return levels


DEFAULT_LEVEL = "default B: not in the levels given"


def peacekeeping(session: Session, period: str, levels: dict[str, scale.Placement], origin: str = "levels file") -> list[dict[str, Any]]:
    """The peacekeeping scale of a period from its regular-budget scale and a level table; each row says where its level came from."""
    rb = {row["iso3"]: row["rate_percent"] for row in scale_rows(session, period)}
    try:
        rows = scale.peacekeeping_scale(rb, levels, exceptional_discounts(period))
    except scale.LevelError as error:
        raise QueryError(str(error))
    return [{"iso3": row.iso3, "level": row.level, "level_from": origin if row.iso3 in levels else DEFAULT_LEVEL,
             "rb_rate_percent": row.rb_rate, "discount": round(row.discount, 9),
             "peacekeeping_rate_percent": round(row.rate, 6)} for row in sorted(rows, key=lambda row: -row.rate)]


def apportion(session: Session, fiscal_year: str, amount: float) -> dict[str, Any]:
    """A fiscal year's budget per state at the regular-budget scales of its two calendar years."""
    try:
        first, second = apportionment.fiscal_year(fiscal_year)
    except ValueError as error:
        raise QueryError(str(error))
    if not 0 < amount <= 1e13:
        raise QueryError("the amount must be positive and at most 1e13 USD")
    origins = {}

    def scale_of(year: int) -> dict[str, float]:
        rates, origins[year] = rates_of_year(session, year)
        return rates

    shares = apportionment.apportion(amount, first, scale_of)
    rows = [{"iso3": iso3, "share_usd": round(share, 2)} for iso3, share in sorted(shares.items(), key=lambda item: -item[1])]
    return {"fiscal_year": f"{first}/{str(second)[2:]}", "amount_usd": amount,
            "scales": {f"Jul-Dec {first}": origins[first], f"Jan-Jun {second}": origins[second]},
            "note": "at the regular-budget scales (peacekeeping levels per state are not in the data)", "rows": rows}


@lru_cache
def _parameter_rows() -> tuple[dict[str, Any], ...]:
    return tuple({"name": row.name, "key": row.key, "value": None if row.value != row.value else row.value, "unit": row.unit,
                  "start": row.start.isoformat(), "until": row.until.isoformat() if row.until else None,
                  "source": row.source, "status": "to verify against the resolution's text" if row.to_verify else "as published",
                  "note": row.note} for row in parameters())


def parameter_rows(session: Session) -> list[dict[str, Any]]:
    """The dated parameters, then each stored regular-budget scale as one dated value."""
    rows = [dict(row) for row in _parameter_rows()]
    for period in periods(session):
        rows.append({"name": f"regular-budget scale {period['period']}", "key": f"scale.{period['period']}",
                     "value": period["sum_percent"], "unit": f"percent, {period['states']} rates summing to",
                     "start": f"{period['period'][:4]}-01-01", "until": f"{period['period'][5:]}-12-31",
                     "source": period["source"], "status": "as published", "note": None})
    return rows


def payment_records(session: Session) -> list[payments.Record]:
    """Each state-year's assessment and payment: honour-roll statuses 2019-2026, dated payments 2000-2018."""
    records = [payments.Record(year, iso3, amount, status == "paid_on_time", paid)
               for year, iso3, amount, status, paid in session.execute(select(
                   AssessedContribution.year, AssessedContribution.iso3, AssessedContribution.amount_usd,
                   AssessedContribution.payment_status, AssessedContribution.payment_date))]
    covered = {record.year for record in records}
    paid = {(day.year, iso3): (day, bool(within)) for day, iso3, within in session.execute(
        select(Payment.payment_date, Payment.iso3, Payment.within_due_period))}
    for year, iso3, net in session.execute(select(Assessment.year, Assessment.iso3, Assessment.net_usd)):
        if year in covered:
            continue
        day, within = paid.get((year, iso3), (None, False))
        records.append(payments.Record(year, iso3, float(net), within, day))
    return records


def payments_by_year(session: Session) -> list[dict[str, Any]]:
    """The predictability index and payment counts of every year 2000-2026."""
    as_of = dict(session.execute(select(AssessedContribution.year, func.max(AssessedContribution.honour_roll_as_of))
                                 .group_by(AssessedContribution.year)).all())
    rows = payments.by_year(payment_records(session))
    for row in rows:
        when = as_of.get(row["year"])
        row["source"] = f"honour-roll status as of {when.isoformat()}" if when else "honour-roll payments (some months' pages missing)"
    return rows


def never_late(session: Session, first: int, last: int) -> list[str]:
    """The states that paid on time every year from first to last."""
    return payments.never_late(record for record in payment_records(session) if first <= record.year <= last)


def payments_of_year(session: Session, year: int) -> list[dict[str, Any]]:
    """Each state's assessment and payment in one year, latest payer last."""
    rows = [record for record in payment_records(session) if record.year == year]
    if not rows:
        raise QueryError(f"no assessments or payments for {year} (known: 2000-2026)")
    return [{"iso3": record.iso3, "assessed_usd": round(record.assessed), "paid_on_time": record.on_time,
             "paid_in_full_on": record.paid_on.isoformat() if record.paid_on else None,
             "days_to_pay": (record.paid_on - record.paid_on.replace(month=1, day=1)).days if record.paid_on else None}
            for record in sorted(rows, key=lambda record: (record.paid_on is None, record.paid_on or record.year, record.iso3))]


REIMBURSED = ("troops", "formed_police_units")


def reimbursements(session: Session, iso3: str, year: int) -> list[dict[str, Any]]:
    """Per month of a year: a state's reimbursable personnel (troops and formed police units, IPI gender file),
    the rate in force and their product; "no rate" or "no record" where either is unknown."""
    code = iso3.strip().upper()
    counts = dict(session.execute(
        select(Contribution.month, func.sum(Contribution.total)).where(
            Contribution.iso3 == code, Contribution.category.in_(REIMBURSED),
            Contribution.month.between(date(year, 1, 1), date(year, 12, 31))).group_by(Contribution.month)).all())
    rows = []
    for month in range(1, 13):
        end = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        personnel, rate = counts.get(end), reimbursement_rate(end)
        status = "no personnel record" if personnel is None else "no rate" if rate is None else "computed"
        rows.append({"month": end.isoformat(), "personnel": None if personnel is None else int(personnel), "rate_usd": rate,
                     "reimbursement_usd": round(personnel * rate) if status == "computed" else None, "status": status})
    return rows


def au_operation(session: Session, budget: float, un_shares: list[float], year: int,
                 levels: dict[str, scale.Placement] | None = None) -> dict[str, Any]:
    """An AU-led operation's budget under scenario UN shares: per state at the peacekeeping scale (with a level
    table) or the regular-budget scale of the year, and the AU and partners' remainder."""
    if not 0 < budget <= 1e13:
        raise QueryError("the budget must be positive and at most 1e13 USD")
    rates, origin = rates_of_year(session, year)
    if levels is not None:
        period = session.scalar(select(ScaleRate.period).where(ScaleRate.first_year <= year, ScaleRate.last_year >= year))
        if period is None:
            raise QueryError(f"no scale period holds {year}")
        rates = {row["iso3"]: row["peacekeeping_rate_percent"] for row in peacekeeping(session, period, levels)}
        origin = f"peacekeeping scale {period} from the level table given"
    try:
        per_state, remainder = apportionment.au_operation(budget, un_shares, rates)
    except ValueError as error:
        raise QueryError(str(error))
    names = [f"un_share_{share:g}_usd" for share in un_shares]
    rows = [{"payer": "AU and partners (remainder)", "rate_percent": None} | dict(zip(names, (round(value, 2) for value in remainder)))]
    for iso3 in sorted(per_state, key=lambda code: -rates[code]):
        rows.append({"payer": iso3, "rate_percent": rates[iso3]} | dict(zip(names, (round(value, 2) for value in per_state[iso3]))))
    return {"budget_usd": budget, "scale": origin, "rows": rows}


def rates_over_time(session: Session, states: int = 8) -> tuple[list[int], dict[str, list[float | None]]]:
    """Regular-budget rates by year 2000-2027 of the states with the largest rates in the latest period."""
    by_year: dict[int, dict[str, float]] = defaultdict(dict)
    for year, iso3, rate in session.execute(select(Assessment.year, Assessment.iso3, Assessment.rate_percent)):
        by_year[year][iso3] = rate
    for first, last, iso3, rate in session.execute(select(ScaleRate.first_year, ScaleRate.last_year, ScaleRate.iso3, ScaleRate.rate_percent)):
        for year in range(first, last + 1):
            by_year[year][iso3] = rate
    if not by_year:
        return [], {}
    years = sorted(by_year)
    latest = by_year[years[-1]]
    top = sorted(latest, key=lambda code: -latest[code])[:states]
    return years, {iso3: [by_year[year].get(iso3) for year in years] for iso3 in top}


def bill(session: Session, iso3: str) -> list[dict[str, Any]]:
    """A state's regular-budget bill by year: rate, gross, credit, net (or the honour roll's amount) and payment."""
    code = iso3.strip().upper()
    rows = {year: {"year": year, "rate_percent": rate, "gross_usd": gross, "credit_usd": credit, "amount_usd": net,
                   "amount": "net assessment", "payment": None}
            for year, rate, gross, credit, net in session.execute(
                select(Assessment.year, Assessment.rate_percent, Assessment.gross_usd, Assessment.credit_usd, Assessment.net_usd)
                .where(Assessment.iso3 == code))}
    for year, rate, amount, kind, status, paid in session.execute(
            select(AssessedContribution.year, AssessedContribution.rate_percent, AssessedContribution.amount_usd,
                   AssessedContribution.amount_column, AssessedContribution.payment_status, AssessedContribution.payment_date)
            .where(AssessedContribution.iso3 == code)):
        row = rows.setdefault(year, {"year": year, "rate_percent": rate, "gross_usd": None, "credit_usd": None,
                                     "amount_usd": amount, "amount": kind, "payment": None})
        row["payment"] = status.replace("_", " ") + (f", {paid.isoformat()}" if paid else "")
    for day, iso3_paid, within in session.execute(select(Payment.payment_date, Payment.iso3, Payment.within_due_period)
                                                  .where(Payment.iso3 == code)):
        if day.year in rows and rows[day.year]["payment"] is None:
            rows[day.year]["payment"] = ("paid on time" if within else "paid late") + f", {day.isoformat()}"
    return [rows[year] for year in sorted(rows, reverse=True)]
