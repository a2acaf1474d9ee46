"""A mission's briefing pack assembled from figures the domains give, each with its source (pure: no database)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

MILITARY = ("troops", "staff_officer", "experts_on_mission")  # experts on mission are mostly military observers
POLICE = ("individual_police", "formed_police_units", "police")  # "police": files that do not split the two
NO_DATA = "no data"


@dataclass(frozen=True)
class Figure:
    """One figure of the pack and where it comes from."""

    label: str
    value: Any
    source: str
    unit: str | None = None
    note: str | None = None
    as_of: date | None = None

    def __post_init__(self) -> None:
        if not self.source:
            raise ValueError(f"the figure '{self.label}' names no source")


@dataclass
class Section:
    """A part of the pack: its figures, an optional table with its source, and what is missing and why."""

    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    table: list[dict[str, Any]] = field(default_factory=list)
    table_source: str | None = None
    note: str | None = None
    warning: str | None = None  # shown in a box at the top of the section: the data is older than the date asked


@dataclass
class Pack:
    """The briefing pack of one mission at a date."""

    mission: str
    as_of: date
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def figure(self, key: str, label: str) -> Any:
        """The value of one figure, by section and label."""
        return next(figure.value for figure in self.section(key).figures if figure.label == label)

    def as_dict(self) -> dict[str, Any]:
        return {"mission": self.mission, "as_of": self.as_of.isoformat(),
                "sections": [asdict(section) for section in self.sections]}


@dataclass(frozen=True)
class MandateFacts:
    """The mandate in force, as recorded."""

    resolution: str
    status: str
    adopted_on: date | None
    expires_on: date | None
    military_ceiling: int | None
    police_ceiling: int | None


def women_share(female: int | None, male: int | None) -> float | None:
    """Women among the personnel counted by sex, rounded to 4 places."""
    counted = (female or 0) + (male or 0)
    return round((female or 0) / counted, 4) if counted else None


def _of_ceiling(deployed: int, ceiling: int | None) -> float | None:
    return round(deployed / ceiling, 4) if ceiling else None


def mandate_section(facts: MandateFacts | None, source: str, council: tuple[int, int, str | None] | None = None,
                    council_source: str = "Security Council membership") -> Section:
    """The mandate: resolution, dates, ceilings; and the Council of the year as (recorded, seats, note), whose
    missing seats are a warning."""
    figures = [] if council is None else [Figure("Security Council members in the record", council[0], council_source,
                                                 "members", council[2] or f"{council[0]} of {council[1]} seats")]
    warning = council[2] if council is not None and council[0] < council[1] else None
    if facts is None:
        return Section("mandate", "Mandate", figures, note="no mandate of this mission is recorded", warning=warning)
    return Section("mandate", "Mandate", [
        Figure("resolution", facts.resolution, source), Figure("status", facts.status, source),
        Figure("adopted on", facts.adopted_on, source), Figure("expires on", facts.expires_on, source),
        Figure("military ceiling", facts.military_ceiling, source, "personnel"),
        Figure("police ceiling", facts.police_ceiling, source, "personnel"),
        *figures,
    ], warning=warning)


def strength_section(month: date | None, by_category: dict[str, tuple[int, int, int]], facts: MandateFacts | None,
                     source: str, warning: str | None = None) -> Section:
    """Deployed strength by category ((female, male, total) each; sex None where the file does not give it)
    against the mandate's ceilings."""
    title = "Deployed strength against the ceilings"
    if month is None:
        return Section("strength", title, note="no month-end figures of this mission at or before the date", warning=warning)
    total = sum(values[2] or 0 for values in by_category.values())
    military = sum((by_category.get(c) or (0, 0, 0))[2] or 0 for c in MILITARY)
    police = sum((by_category.get(c) or (0, 0, 0))[2] or 0 for c in POLICE)
    by_sex = all(values[0] is not None for values in by_category.values())
    female = sum(values[0] or 0 for values in by_category.values())
    male = sum(values[1] or 0 for values in by_category.values())
    at = f"{source}, month-end {month.isoformat()}"
    figures = [Figure("month", month, at, as_of=month), Figure("deployed", total, at, "personnel", as_of=month),
               *[Figure(category.replace("_", " "), by_category[category][2], at, "personnel", as_of=month)
                 for category in sorted(by_category)],
               Figure("military deployed", military, at, "personnel", "troops + experts on mission", as_of=month),
               Figure("police deployed", police, at, "personnel", "individual police + formed police units", as_of=month),
               Figure("women's share", women_share(female, male) if by_sex else None, at, "share",
                      "female / (female + male)" if by_sex else "the source does not count personnel by sex", as_of=month)]
    if facts is not None:
        both = f"{at}; the mandate's ceilings"
        figures += [Figure("military deployed of ceiling", _of_ceiling(military, facts.military_ceiling), both, "share", as_of=month),
                    Figure("police deployed of ceiling", _of_ceiling(police, facts.police_ceiling), both, "share", as_of=month)]
    return Section("strength", title, figures, warning=warning)


def contributors_section(month: date | None, rows: list[dict[str, Any]], limit: int, source: str,
                         warning: str | None = None) -> Section:
    """The largest contributors (rows: iso3, contributor, total, female, male), with women's share."""
    title = "Largest contributors"
    if not rows:
        return Section("contributors", title, note="no contributors on record at or before the date", warning=warning)
    ranked = sorted(rows, key=lambda row: (-(row["total"] or 0), row["contributor"]))
    total = sum(row["total"] or 0 for row in ranked)
    top = [{"rank": place, "iso3": row["iso3"], "contributor": row["contributor"], "personnel": row["total"],
            "women_share": women_share(row["female"], row["male"]),
            "mission_share": round((row["total"] or 0) / total, 4) if total else None}
           for place, row in enumerate(ranked[:limit], start=1)]
    at = f"{source}, month-end {month.isoformat()}"
    return Section("contributors", title, [
        Figure("contributors", len(ranked), at, as_of=month),
        Figure(f"share of the largest {min(5, len(ranked))}", round(sum(r["total"] or 0 for r in ranked[:5]) / total, 4) if total else None,
               at, "share", as_of=month),
    ], table=top, table_source=at, warning=warning)


def force_section(requirements: list[dict[str, Any]] | None, plan: dict[str, Any] | None, source: str,
                  note: str | None = None) -> Section:
    """Open requirements (unit_type, count, need_by) and the unfilled slots of the best plan."""
    title = "Force gaps"
    if requirements is None:
        return Section("force", title, note=note or "force generation is not available to you")
    if not requirements:
        return Section("force", title, note="no unit requirements recorded for this mission")
    slots = sum(row["count"] for row in requirements)
    figures = [Figure("unit requirements", len(requirements), source), Figure("units required", slots, source, "units")]
    table = [{"slot": gap["slot_id"], "unit_type": gap["unit_type"], "priority": gap["priority"], "reason": gap["reason"]}
             for gap in (plan or {}).get("unfilled", [])]
    if plan is not None:
        at = f"best plan ({plan['status']}, {plan['solver']}) of the stored pledges and requirements"
        figures += [Figure("slots unfilled in the best plan", len(table), at, "units"),
                    Figure("slots filled in the best plan", slots - len(table), at, "units")]
    return Section("force", title, figures, table=table, table_source=source if table else None, note=note)


def _ratio_note(found: dict[str, Any]) -> str:
    return f"95% CI {found['low']:.3f}-{found['high']:.3f}, p = {found['p_value']:.4g}"


def _finite(found: dict[str, Any] | None) -> float | None:
    ratio = None if found is None else found["ratio"]
    return None if ratio is None or not math.isfinite(ratio) else round(ratio, 4)  # no deaths earlier: no finite ratio


def change_figures(change: dict[str, Any], source: str, no_data: set[int], as_of: date | None = None) -> list[Figure]:
    """Fatalities of two years, their change, and the exposure-adjusted rate ratio with its exposure named; a year
    past the record's coverage is "no data", never 0."""
    years = (change["from"], change["to"])
    counts = [NO_DATA if year in no_data else count for year, count in zip(years, (change["count_from"], change["count_to"]))]
    figures = [Figure(f"fatalities {year}", count, source, None if count == NO_DATA else "deaths", as_of=as_of)
               for year, count in zip(years, counts)]
    if NO_DATA in counts:
        missing = " and ".join(str(year) for year in years if year in no_data)
        return figures + [Figure("latest change", NO_DATA, source, None, f"the record does not cover {missing}", as_of=as_of),
                          Figure("rate ratio per 1,000 exposed", NO_DATA, source, None, f"the record does not cover {missing}", as_of=as_of)]
    figures.append(Figure("latest change", counts[1] - counts[0], source, "deaths", f"{years[0]} to {years[1]}", as_of=as_of))
    adjusted = change.get("per_exposure")
    if adjusted is not None:
        exposure = (f"exposure: {adjusted['source']} uniformed personnel, {adjusted['exposure_from'] * 1000:,.0f} in {years[0]} "
                    f"and {adjusted['exposure_to'] * 1000:,.0f} in {years[1]}")
        ratio = _finite(adjusted)
        figures.append(Figure("rate ratio per 1,000 exposed", ratio, f"{source}; {adjusted['source']}", None,
                              "no finite ratio" if ratio is None else f"{_ratio_note(adjusted)}; {exposure}", as_of=as_of))
    else:
        figures.append(Figure("rate ratio per 1,000 exposed", None, source, None,
                              change.get("exposure_note") or "no exposure of both years", as_of=as_of))
    count_ratio = _finite(change["per_year"])
    figures.append(Figure("count ratio", count_ratio, source, None,
                          "no finite ratio" if count_ratio is None else
                          f"deaths {years[1]} / deaths {years[0]}, not adjusted for the personnel exposed; {_ratio_note(change['per_year'])}",
                          as_of=as_of))
    return figures


def safety_section(by_year: list[dict[str, Any]], change: dict[str, Any] | None, source: str,
                   incidents: list[dict[str, Any]] | None = None, incidents_source: str | None = None, *,
                   no_data: set[int] = frozenset(), warning: str | None = None, as_of: date | None = None) -> Section:
    """Uniformed fatalities by year, the latest change between two years, and incidents where a log exists;
    the years in `no_data` lie past the record's coverage."""
    figures = change_figures(change, source, set(no_data), as_of) if change is not None else []
    by_year = [dict(row) for row in by_year] + [{"year": year, "fatalities": NO_DATA} for year in sorted(no_data)
                                                  if not any(row.get("year") == year for row in by_year)]
    section = Section("safety", "Fatalities and incidents", figures, table=by_year,
                      table_source=source if by_year else None, warning=warning)
    if incidents is None:
        section.note = "no incident log is available"
    else:
        logged = incidents_source or "incident log"
        section.figures += [Figure("incidents logged", sum(row["incidents"] for row in incidents), logged),
                            Figure("killed in logged incidents", sum(row["killed"] for row in incidents), logged, "deaths")]
        years = sorted({row["year"] for row in incidents})
        if len(years) >= 2:
            last, before = (sum(row["incidents"] for row in incidents if row["year"] == year) for year in years[-1:-3:-1])
            section.figures.append(Figure("latest change in incidents", last - before, logged, "incidents",
                                          f"{years[-2]} to {years[-1]}"))
    return section


def finance_section(budget: Figure | None, predictability: dict[str, Any] | None, payments: list[dict[str, Any]],
                    source: str, note: str) -> Section:
    """The mission's budget where the record has it, and the payment record of the year."""
    figures = [budget] if budget else []
    if predictability:
        figures.append(Figure(f"predictability index {predictability['year']}", predictability.get("predictability_index"),
                              f"{source}; {predictability.get('source')}", "index"))
    return Section("finance", "Budget and payments", figures, table=payments, table_source=source if payments else None,
                   note=note)


def assemble(mission: str, as_of: date, sections: list[Section]) -> Pack:
    """The pack: mandate, strength, contributors, force gaps, safety, finance, in that order."""
    return Pack(mission, as_of, sections)
