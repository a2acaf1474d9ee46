"""`pko finance`: dated parameters, scales, regular-budget assessments, peacekeeping scale, apportionment."""

from __future__ import annotations

import enum
import json
from pathlib import Path

import typer

from pko.db import get_engine, session_scope
from pko.finance import service
from pko.formats import OutputFormat, emit

app = typer.Typer(help="Who pays what: scales of assessment, assessments, apportionment.", no_args_is_help=True)


def _fail(error: Exception, hint: str | None = None) -> None:
    raise typer.BadParameter(str(error), param_hint=hint)


@app.command("parameters")
def parameters(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """Every dated parameter with its start date, source and whether it is still to verify."""
    with session_scope(get_engine()) as session:
        rows = service.parameter_rows(session)
    emit(rows, fmt, title="Finance parameters")


@app.command("scale")
def scale(
    period: str = typer.Option(..., "--period", help="e.g. 2019-2021"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """The regular-budget scale of a period, largest rate first."""
    with session_scope(get_engine()) as session:
        try:
            rows = service.scale_rows(session, period)
        except service.QueryError as error:
            _fail(error, "--period")
        caption = f"{len(rows)} rates summing to {sum(row['rate_percent'] for row in rows):.3f}%; " + "; ".join(service.sources_of(session, "scale"))
    emit(rows, fmt, title=f"Regular-budget scale {period}", caption=caption)


@app.command("years")
def years(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """Each year's gross appropriation and credit pool as derived from the published assessments, and the fit."""
    with session_scope(get_engine()) as session:
        rows = service.years(session)
        caption = "; ".join(service.sources_of(session, "gross", "net"))
    if fmt is OutputFormat.table:
        rows = [row | {"note": "see below" if row["note"] else None} for row in rows]
        caption += "\n" + service.TOTAL_CONTRIBUTIONS
    emit(rows, fmt, title="Appropriation and credit pool by year", caption=caption)


@app.command("assess")
def assess(
    year: int = typer.Option(..., "--year"),
    amount: float = typer.Option(..., "--amount", help="Gross appropriation to assess, USD"),
    credit_pool: float = typer.Option(None, "--credit-pool", help="Staff-assessment credit pool, USD (default: derived for the year)"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Each state's gross, staff-assessment credit and net for a year, beside the published figures."""
    with session_scope(get_engine()) as session:
        try:
            result = service.assess(session, year, amount, credit_pool)
        except service.QueryError as error:
            _fail(error, "--year")
    caption = (f"gross appropriation {result['gross_appropriation_usd']:,.0f} USD, credit pool {result['credit_pool_usd']:,.0f} USD "
               f"(withheld: USA); rates: {result['rates']}")
    emit(result["rows"], fmt, title=f"Regular-budget assessment {year}", caption=caption)


@app.command("peacekeeping-scale")
def peacekeeping_scale(
    period: str = typer.Option(..., "--period", help="e.g. 2019-2021"),
    levels: Path = typer.Option(None, "--levels", help="CSV: iso3, level[, previous_level, steps, step]"),
    levels_from_year: int = typer.Option(None, "--levels-from-year", help="Take each state's level from this year's published total contributions"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Effective peacekeeping rates: level discounts, the premium on level A, exceptional discounts."""
    from pko.finance import ledger

    if (levels is None) == (levels_from_year is None):
        raise typer.BadParameter("give either --levels FILE or --levels-from-year YEAR", param_hint="--levels")
    with session_scope(get_engine()) as session:
        try:
            if levels is not None:
                rows = service.peacekeeping(session, period, service.read_levels(levels))
            else:
                inferred = ledger.levels_from_year(session, levels_from_year)
                known = {row["iso3"] for row in service.scale_rows(session, period)}
                rows = service.peacekeeping(session, period, {k: v for k, v in inferred.items() if k in known},
                                            f"total contributions {levels_from_year}")
        except service.QueryError as error:
            _fail(error, "--levels" if levels is not None else "--levels-from-year")
    defaulted = sorted(row["iso3"] for row in rows if row["level_from"] == service.DEFAULT_LEVEL)
    if defaulted:
        typer.echo(f"warning: {len(defaulted)} of {len(rows)} states are not in the levels given and were put at level B "
                   f"(no discount): {', '.join(defaulted)}. The permanent members' premium pays every other state's "
                   "discount, so it is only right when every state's level is; --levels-from-year YEAR infers each "
                   "state's level from that year's published total contributions.", err=True)
    caption = f"sum {sum(row['peacekeeping_rate_percent'] for row in rows):.6f}%; levels as parameters 'to verify against the resolution's text'"
    emit(rows, fmt, title=f"Peacekeeping scale {period}", caption=caption)


@app.command("apportion")
def apportion(
    fiscal_year: str = typer.Option(..., "--fiscal-year", help="e.g. 2019/20 (July 2019 - June 2020)"),
    amount: float = typer.Option(..., "--amount", help="Mission budget, USD"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """A mission budget per state: July-December at the first year's scale, January-June at the second's."""
    with session_scope(get_engine()) as session:
        try:
            result = service.apportion(session, fiscal_year, amount)
        except service.QueryError as error:
            _fail(error, "--fiscal-year")
    caption = "; ".join(f"{months}: {origin}" for months, origin in result["scales"].items()) + f"; {result['note']}"
    emit(result["rows"], fmt, title=f"Apportionment of {amount:,.0f} USD, fiscal year {result['fiscal_year']}", caption=caption)


@app.command("payments")
def payments(
    year: int = typer.Option(None, "--year", help="One year's states; without it, the predictability index of every year"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Payments of the regular budget: on time, late, not paid in full; the predictability index by year."""
    from pko.finance.payments import DEFINITION

    with session_scope(get_engine()) as session:
        try:
            rows = service.payments_of_year(session, year) if year else service.payments_by_year(session)
        except service.QueryError as error:
            _fail(error, "--year")
        steady = service.never_late(session, 2019, 2026)
        caption = (f"{DEFINITION}\nnever late 2019-2026: {', '.join(steady)}\n"
                   + "; ".join(service.sources_of(session, "gross", "net", "payments")))
    emit(rows, fmt, title=f"Regular-budget payments {year}" if year else "Regular-budget payments by year", caption=caption)


@app.command("reimbursements")
def reimbursements(
    country: str = typer.Option(..., "--country", help="ISO3 code of the contributing state"),
    year: int = typer.Option(..., "--year"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Personnel reimbursement per month: rate in force x troops and formed police units deployed."""
    with session_scope(get_engine()) as session:
        rows = service.reimbursements(session, country, year)
    caption = ("personnel: troops + formed police units, month-end (IPI gender file, 2009-11..2014-08); rates known "
               "2014-07-01..2019-06-30. Net position (reimbursements - peacekeeping assessments): not computable, the "
               "per-state peacekeeping assessments are not in the data.")
    emit(rows, fmt, title=f"Reimbursements of {country.upper()}, {year}", caption=caption)


@app.command("au-operation")
def au_operation(
    budget: float = typer.Option(..., "--budget", help="The operation's budget, USD"),
    un_share: list[float] = typer.Option([0.75], "--un-share", help="UN share, up to 0.75; repeat for scenarios"),
    year: int = typer.Option(2025, "--year", help="Year of the scale to use"),
    levels: Path = typer.Option(None, "--levels", help="Level file: use the peacekeeping scale instead of the regular-budget scale"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """An AU-led operation under resolution 2719 (2023): the UN share per member state and the AU's remainder."""
    with session_scope(get_engine()) as session:
        try:
            result = service.au_operation(session, budget, un_share, year, service.read_levels(levels) if levels else None)
        except service.QueryError as error:
            _fail(error, "--un-share")
    caption = f"scale: {result['scale']}; UN share case by case, up to 75% (Security Council resolution 2719 (2023))"
    emit(result["rows"], fmt, title=f"AU-led operation of {budget:,.0f} USD", caption=caption)


@app.command("arrears")
def arrears(
    year: int = typer.Option(None, "--year", help="One year's states; without it (and without --country), every year's total"),
    country: str = typer.Option(None, "--country", help="ISO3: one state's arrears by year"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Arrears of the regular budget in USD at each year's honour-roll date, per state and year (an upper bound)."""
    from pko.finance import ledger
    from pko.finance.arrears import DEFINITION

    with session_scope(get_engine()) as session:
        try:
            rows = ledger.arrears_rows(session, country, year) if year or country else ledger.arrears_by_year(session)
        except service.QueryError as error:
            _fail(error, "--country" if country else "--year")
    caption = f"{DEFINITION}\nsources: {ledger.ARREARS_SOURCE}\ncomplete false: a missing honour-roll page, or a year not over, may hide a payment in full"
    emit(rows, fmt, title="Regular-budget arrears (USD)", caption=caption)


@app.command("total-contributions")
def total_contributions(
    year: int = typer.Option(..., "--year", help="A year of the honour roll, e.g. 2025"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """What a year's published contributions are made of: the regular budget and a component at the peacekeeping scale."""
    from pko.finance import ledger

    with session_scope(get_engine()) as session:
        try:
            result = ledger.total_contributions(session, year)
        except service.QueryError as error:
            _fail(error, "--year")
    rows = result.pop("rows")
    if fmt is OutputFormat.json:
        print(json.dumps(result | {"rows": rows}, ensure_ascii=False, indent=2))
        return
    caption = "\n".join(f"{key}: {value:,}" if isinstance(value, int) else f"{key}: {value}" for key, value in result.items()) + "\n" + ledger.TOTAL_CONTRIBUTIONS
    emit(rows, fmt, title=f"{result['published']} {year}, decomposed", caption=caption)


class ExportFormat(str, enum.Enum):
    """How `pko finance export` writes its tables."""

    json = "json"
    xlsx = "xlsx"


@app.command("export")
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.xlsx, "--format"),
    output: Path = typer.Option(None, "--output", help="File to write (required for xlsx; JSON goes to standard output without it)"),
    country: str = typer.Option(None, "--country", help="ISO3: one state's tables only"),
    first: int = typer.Option(2000, "--from", help="First year"),
    last: int = typer.Option(2026, "--to", help="Last year"),
    fiscal_year: str = typer.Option(None, "--fiscal-year", help="Add an apportionment sheet for this fiscal year (e.g. 2019/20)"),
    amount: float = typer.Option(None, "--amount", help="The budget to apportion, USD"),
) -> None:
    """The finance tables (assessments by state and year, payments, arrears, predictability, apportionment) as XLSX or JSON."""
    from pko.finance import export as workbook_export, ledger

    if fmt is ExportFormat.xlsx and output is None:
        raise typer.BadParameter("an XLSX export needs --output FILE", param_hint="--output")
    with session_scope(get_engine()) as session:
        try:
            sheets = ledger.export_sheets(session, country, first, last, fiscal_year, amount)
        except service.QueryError as error:
            _fail(error, "--fiscal-year" if fiscal_year else "--from")
    if fmt is ExportFormat.json:
        text = json.dumps(sheets, ensure_ascii=False, indent=2)
        if output is None:
            print(text)
            return
        content = text.encode()
    else:
        content = workbook_export.workbook(sheets)
    try:
        output.write_bytes(content)
    except OSError as error:
        raise typer.BadParameter(f"{output}: {error.strerror}", param_hint="--output")
    typer.echo(f"{output}: " + ", ".join(f"{name} ({len(rows)} rows)" for name, rows in sheets.items()), err=True)
