"""When a mission's triangular consultation falls, and whom it invites (pure: no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

CONTRIBUTOR, COUNCIL, SECRETARIAT = "contributor", "Council member", "Secretariat"


@dataclass(frozen=True)
class Invitee:
    """A party to invite: a member state (by ISO3), an organization (by code), or a name no state matches."""

    name: str
    capacities: tuple[str, ...]
    iso3: str | None = None
    organization_code: str | None = None

    @property
    def capacity(self) -> str:
        return ", ".join(self.capacities)


@dataclass
class Invitations:
    """The parties of one consultation, each once, with every capacity it holds."""

    invitees: list[Invitee] = field(default_factory=list)

    def states(self) -> set[str]:
        return {invitee.iso3 for invitee in self.invitees if invitee.iso3}


def meeting_date(expires_on: date, lead_weeks: int) -> date:
    """The consultation is held `lead_weeks` weeks before the mandate expires."""
    if lead_weeks < 0:
        raise ValueError("the lead time is a number of weeks, zero or more")
    return expires_on - timedelta(weeks=lead_weeks)


def on_a_weekday(day: date) -> tuple[date, str | None]:
    """A consultation never falls on a Saturday or Sunday: it moves to the Friday before, and says so."""
    if day.weekday() < 5:
        return day, None
    friday = day - timedelta(days=day.weekday() - 4)
    return friday, f"moved from {day.strftime('%A')} {day.isoformat()} to Friday {friday.isoformat()}"


def latest_month(months: list[date], on: date) -> date | None:
    """The latest month on record whose month-end date falls at or before `on`."""
    return max((month for month in months if month <= on), default=None)


def invitations(contributors: list[tuple[str | None, str]], council: list[tuple[str | None, str]],
                secretariat: list[tuple[str, str]]) -> Invitations:
    """Merge (iso3, name) contributors, (iso3, name) Council members and (code, name) Secretariat bodies:
    a state that both contributes and sits on the Council is invited once, in both capacities."""
    by_key: dict[str, Invitee] = {}
    for capacity, parties in ((CONTRIBUTOR, contributors), (COUNCIL, council)):
        for iso3, name in parties:
            key = iso3 or f"name:{name.casefold()}"
            found = by_key.get(key)
            capacities = (found.capacities if found else ()) + ((capacity,) if not found or capacity not in found.capacities else ())
            by_key[key] = Invitee(found.name if found else name, capacities, iso3=iso3)
    for code, name in secretariat:
        by_key.setdefault(f"org:{code}", Invitee(name, (SECRETARIAT,), organization_code=code))
    return Invitations(list(by_key.values()))
