"""How old an answer is: a figure's data date against its source's coverage and the date asked (pure: no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

MONTHLY_GRACE_DAYS = 31  # a month-end series is current until the next month-end falls due
NO_DATA = "no data"


@dataclass(frozen=True)
class Coverage:
    """What a source covers: its first and last date, for one scope (a mission, a state) or all."""

    source: str
    first: date | None
    last: date | None
    scope: str | None = None

    @property
    def label(self) -> str:
        return f"{self.source} data" + (f" of {self.scope}" if self.scope else "")

    def covers(self, day: date) -> bool:
        """True when the day lies within the first and last date."""
        return self.first is not None and self.last is not None and self.first <= day <= self.last


@dataclass(frozen=True)
class Freshness:
    """The age of one answer: the date of its data, whether it is stale, by how much, and a line saying so."""

    as_of: date | None
    asked: date
    stale: bool
    gap_days: int | None
    note: str | None

    def fields(self) -> dict[str, Any]:
        """The fields an API or CLI answer carries beside the figure."""
        return {"as_of": self.as_of, "stale": self.stale, "gap_days": self.gap_days, "note": self.note}


def gap_text(days: int) -> str:
    """A gap in days as a reader says it: years with one decimal from a year, else months, else days."""
    if days >= 365:
        return f"{days / 365.25:.1f} years"
    if days >= 60:
        return f"{days / 30.44:.0f} months"
    return f"{days} day" + ("" if days == 1 else "s")


def judge(coverage: Coverage, asked: date, *, as_of: date | None = None, grace_days: int = MONTHLY_GRACE_DAYS) -> Freshness:
    """The answer's age: stale when the date asked lies more than `grace_days` past the source's last date."""
    as_of = as_of if as_of is not None else (coverage.last if coverage.last and coverage.last <= asked else None)
    if coverage.last is None:
        return Freshness(None, asked, True, None, f"no {coverage.label} in the record")
    if asked < (coverage.first or asked):
        return Freshness(None, asked, True, None,
                         f"{coverage.label} begins {coverage.first.isoformat()}, after the date asked ({asked.isoformat()})")
    gap = (asked - coverage.last).days
    if gap <= grace_days:
        return Freshness(as_of, asked, False, max(gap, 0), None)
    return Freshness(as_of, asked, True, gap,
                     f"{coverage.label} ends {coverage.last.isoformat()} — {gap_text(gap)} before the date asked")


def months_past(last: date, asked: date) -> int:
    """Whole months from the last date covered to the date asked (0 when not past it)."""
    months = (asked.year - last.year) * 12 + asked.month - last.month - (asked.day < last.day and asked.day < 28)
    return max(months, 0)


def period_value(coverage: Coverage, start: date, end: date, value: Any) -> Any:
    """A period's value, or NO_DATA where the period lies past (or before) the coverage: never a silent 0."""
    if coverage.last is None or start > coverage.last or (coverage.first is not None and end < coverage.first):
        return NO_DATA
    return value


def partly_covered(coverage: Coverage, start: date, end: date) -> bool:
    """True when the coverage ends (or begins) inside the period: its figure counts only part of it."""
    return coverage.last is not None and (start <= coverage.last < end or
                                          (coverage.first is not None and start < coverage.first <= end))
