"""A mission's briefing pack, its figures gathered from the services of the domains that own them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from pko.consult import pack as engine
from pko.consult import scheduling, service
from pko import freshness
from pko.contributions.coverage import service as coverage
from pko.contributions import service as contributions
from pko.errors import QueryError
from pko.finance import service as finance
from pko.missions.mandates import service as mandates
from pko.registry import service as registry
from pko.safety import analytics
from pko.safety.coverage import service as fatalities
from pko.safety import service as safety

TOP = 10
NO_BUDGET = ("approved budgets by mission are not in the record (the UN publishes them in documents, not as data); "
             "the payment record is that of the regular budget, by the mission's largest contributors")


def _mandate(session: Session, acronym: str) -> tuple[engine.MandateFacts | None, str]:
    found = scheduling.current_mandate(session, acronym) or next(iter(mandates.list_mandates(session, mission=acronym)), None)
    if found is None:
        return None, "mandate"
    facts = engine.MandateFacts(found.resolution, found.status, found.adopted_on, found.expires_on,
                                found.military_ceiling, found.police_ceiling)
    return facts, f"mandate {found.id}: {found.resolution}, version {found.version}"


def _warning(found: freshness.Freshness) -> str | None:
    return found.note if found.stale else None


def _strength(session: Session, acronym: str, on: date, facts) -> tuple[engine.Section, engine.Section, list[dict]]:
    """The newest strength at or before the date (from whichever file holds it) and the newest contributors, each with its age."""
    month, rows, key = scheduling.contributors(session, acronym, on)
    source = "; ".join(contributions.sources_of(session, key)) if key else "contributions record"
    strength_month, by_category, strength_key = coverage.mission_strength(session, mission=acronym, on=on)
    strength_source = "; ".join(contributions.sources_of(session, strength_key)) if strength_key else source
    aged = freshness.judge(coverage.coverage(session, mission=acronym), on, as_of=strength_month)
    listed = freshness.judge(coverage.detail_coverage(session, mission=acronym), on, as_of=month)
    return (engine.strength_section(strength_month, by_category, facts, strength_source or strength_key, _warning(aged)),
            engine.contributors_section(month, rows, TOP, source, _warning(listed)), rows)


def _force(session: Session, acronym: str, on: date, allowed: bool, plan_seconds: float) -> engine.Section:
    if not allowed:
        return engine.force_section(None, None, "forcegen", "force generation is not open to your roles")
    from pko.forcegen import service as forcegen
    from pko.forcegen.schemas import PlanRequest

    _, found = forcegen.list_requirements(session, acronym, limit=10_000)
    requirements = [{"unit_type": r.unit_type, "count": r.count, "need_by": r.need_by} for r in found]
    plan = None
    if requirements:
        # The same policy the force-generation API plans the stored record with.
        policy = {name: PlanRequest.model_fields[name].default for name in ("max_state_share", "women_target")}
        plan = forcegen.plan(forcegen.stored_scenario(session, on), time_limit=plan_seconds, policy_changes=policy, workers=1)
        plan = plan | {"unfilled": [gap for gap in plan["unfilled"] if gap["mission"] == acronym]}
    return engine.force_section(requirements, plan, "unit_requirement (forcegen)")


def _safety(session: Session, acronym: str, on: date, incidents_allowed: bool) -> engine.Section:
    covered = fatalities.coverage(session)
    aged = freshness.judge(covered, on)
    # The years compared and tabled end with the last full year before the date; those past the coverage are "no data".
    years = range(min(on.year - 2, covered.last.year if covered.last else on.year), on.year)
    no_data = {year for year in years
               if freshness.period_value(covered, date(year, 1, 1), date(year, 12, 31), year) == freshness.NO_DATA}
    warning = _warning(aged)
    partial = [year for year in years if freshness.partly_covered(covered, date(year, 1, 1), date(year, 12, 31))]
    if warning and (no_data or partial):
        warning += "".join([f"; {', '.join(map(str, sorted(no_data)))}: no data" if no_data else "",
                            f"; {partial[0]} is counted only to {covered.last.isoformat()}" if partial else ""])
    try:
        by_year = safety.summary(session, "year", safety.Filters(personnel="uniformed", mission=acronym, year_to=on.year - 1))
        change = analytics.compare(session, on.year - 2, on.year - 1, mission=acronym)
        source = "; ".join(change["sources"]) or "fatalities record"
    except QueryError as error:
        return engine.Section("safety", "Fatalities and incidents", note=f"no fatality figures: {error}", warning=warning)
    incidents, incidents_source = None, None
    if incidents_allowed:
        try:
            from pko.incidents import service as log

            counts = log.counts(session, where=log.Filters(mission=acronym, date_to=on))
            incidents, incidents_source = [row.model_dump() for row in counts], "incident log"
        except (ImportError, QueryError):
            incidents = None
    section = engine.safety_section(by_year, change, source, incidents, incidents_source, no_data=no_data,
                                    warning=warning, as_of=min(covered.last, date(on.year - 1, 12, 31)) if covered.last else None)
    if not incidents_allowed:
        section.note = "the incident log is not open to your roles"
    return section


def _finance(session: Session, on: date, contributors: list[dict], allowed: bool, state_iso3: str | None) -> engine.Section:
    if not allowed:
        return engine.Section("finance", "Budget and payments", note="finance is not open to your roles")
    year = on.year - 1
    source = "; ".join(finance.sources_of(session, "gross", "net", "payments")) or "finance record"
    try:
        rows = finance.payments_of_year(session, year)
    except (QueryError, finance.QueryError) as error:
        return engine.finance_section(None, None, [], source, f"{NO_BUDGET}; {error}")
    top = [row["iso3"] for row in sorted(contributors, key=lambda r: -(r["total"] or 0))[:TOP]]
    wanted = {state_iso3} if state_iso3 else set(top)
    payments = sorted((row for row in rows if row["iso3"] in wanted), key=lambda row: top.index(row["iso3"]) if row["iso3"] in top else 0)
    predictability = next((row for row in finance.payments_by_year(session) if row["year"] == year), None)
    return engine.finance_section(None, predictability if state_iso3 is None else None, payments, source, NO_BUDGET)


def build(session: Session, *, mission: str, on: date, may_read: Callable[[str], bool] = lambda resource: True,
          finance_state: str | None = None, plan_seconds: float = 5.0) -> engine.Pack:
    """The pack of a mission at a date; sections the caller's roles do not open say so instead of their figures."""
    acronym = service.mission_acronym(session, mission)
    facts, mandate_source = _mandate(session, acronym)
    council = registry.council_year(session, year=on.year)
    strength, largest, rows = _strength(session, acronym, on, facts)
    return engine.assemble(acronym, on, [
        engine.mandate_section(facts, mandate_source, (council.recorded, council.seats, council.note),
                               "; ".join(registry.sources_of(session, "sc-membership")) or "Security Council membership"),
        strength, largest,
        _force(session, acronym, on, may_read("requirements"), plan_seconds),
        _safety(session, acronym, on, may_read("incidents")),
        _finance(session, on, rows, may_read("finance"), finance_state),
    ])
