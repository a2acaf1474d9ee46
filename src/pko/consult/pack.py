"""A mission's briefing pack assembled from figures the domains give, each with its source (pure: no database)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

MILITARY = ("troops", "experts_on_mission")  # experts on mission are mostly military observers
POLICE = ("individual_police", "formed_police_units")


@dataclass(frozen=True)
class Figure:
    """One figure of the pack and where it comes from."""

    label: str
    value: Any
    source: str
    unit: str | None = None
    note: str | None = None

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


def mandate_section(facts: MandateFacts | None, source: str) -> Section:
    """The mandate: resolution, dates, ceilings."""
    if facts is None:
        return Section("mandate", "Mandate", note="no mandate of this mission is recorded")
    return Section("mandate", "Mandate", [
        Figure("resolution", facts.resolution, source), Figure("status", facts.status, source),
        Figure("adopted on", facts.adopted_on, source), Figure("expires on", facts.expires_on, source),
        Figure("military ceiling", facts.military_ceiling, source, "personnel"),
        Figure("police ceiling", facts.police_ceiling, source, "personnel"),
    ])


def strength_section(month: date | None, by_category: dict[str, tuple[int, int, int]], facts: MandateFacts | None,
                     source: str) -> Section:
    """Deployed strength by category ((female, male, total) each) against the mandate's ceilings."""
    title = "Deployed strength against the ceilings"
    if month is None:
        return Section("strength", title, note="no month-end figures of this mission at or before the date")
    total = sum(values[2] or 0 for values in by_category.values())
    military = sum((by_category.get(c) or (0, 0, 0))[2] or 0 for c in MILITARY)
    police = sum((by_category.get(c) or (0, 0, 0))[2] or 0 for c in POLICE)
    female = sum(values[0] or 0 for values in by_category.values())
    male = sum(values[1] or 0 for values in by_category.values())
    at = f"{source}, month-end {month.isoformat()}"
    figures = [Figure("month", month, at), Figure("deployed", total, at, "personnel"),
               *[Figure(category.replace("_", " "), by_category[category][2], at, "personnel") for category in sorted(by_category)],
               Figure("military deployed", military, at, "personnel", "troops + experts on mission"),
               Figure("police deployed", police, at, "personnel", "individual police + formed police units"),
               Figure("women's share", women_share(female, male), at, "share", "female / (female + male)")]
    if facts is not None:
        both = f"{at}; the mandate's ceilings"
        figures += [Figure("military deployed of ceiling", _of_ceiling(military, facts.military_ceiling), both, "share"),
                    Figure("police deployed of ceiling", _of_ceiling(police, facts.police_ceiling), both, "share")]
    return Section("strength", title, figures)


def contributors_section(month: date | None, rows: list[dict[str, Any]], limit: int, source: str) -> Section:
    """The largest contributors (rows: iso3, contributor, total, female, male), with women's share."""
    title = "Largest contributors"
    if not rows:
        return Section("contributors", title, note="no contributors on record at or before the date")
    ranked = sorted(rows, key=lambda row: (-(row["total"] or 0), row["contributor"]))
    total = sum(row["total"] or 0 for row in ranked)
    top = [{"rank": place, "iso3": row["iso3"], "contributor": row["contributor"], "personnel": row["total"],
            "women_share": women_share(row["female"], row["male"]),
            "mission_share": round((row["total"] or 0) / total, 4) if total else None}
           for place, row in enumerate(ranked[:limit], start=1)]
    at = f"{source}, month-end {month.isoformat()}"
    return Section("contributors", title, [
        Figure("contributors", len(ranked), at),
        Figure(f"share of the largest {min(5, len(ranked))}", round(sum(r["total"] or 0 for r in ranked[:5]) / total, 4) if total else None, at, "share"),
    ], table=top, table_source=at)


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


def safety_section(by_year: list[dict[str, Any]], change: dict[str, Any] | None, source: str,
                   incidents: list[dict[str, Any]] | None = None, incidents_source: str | None = None) -> Section:
    """Uniformed fatalities by year, the latest change between two years, and incidents where a log exists."""
    figures = []
    if change is not None:
        ratio = change["per_year"]["ratio"]
        if ratio is not None and not math.isfinite(ratio):  # no deaths in the earlier year: no finite ratio
            ratio = None
        figures += [Figure(f"fatalities {change['from']}", change["count_from"], source, "deaths"),
                    Figure(f"fatalities {change['to']}", change["count_to"], source, "deaths"),
                    Figure("latest change", change["count_to"] - change["count_from"], source, "deaths",
                           f"{change['from']} to {change['to']}"),
                    Figure("rate ratio", None if ratio is None else round(ratio, 4), source, None,
                           "no finite ratio" if ratio is None else f"95% CI {change['per_year']['low']:.3f}-{change['per_year']['high']:.3f}, "
                                                      f"p = {change['per_year']['p_value']:.4g}")]
    section = Section("safety", "Fatalities and incidents", figures, table=[dict(row) for row in by_year],
                      table_source=source if by_year else None)
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
