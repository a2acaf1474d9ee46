"""Use cases over the registry: member states, organizations, the Council by year."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.db import check_version, flush_versioned
from pko.errors import Conflict, NotFound, QueryError

from pko.registry.models import CouncilSeat, MemberState, Organization
from pko.registry.names import CountryNames
from pko.registry.schemas import (
    CouncilSeatOut, CouncilYearOut, MemberStateOut, OrganizationCreate, OrganizationFields, OrganizationOut,
)
from pko.sources.models import ImportRun

REGIONAL_GROUPS = ("African Group", "Asia-Pacific Group", "Eastern European Group", "GRULAC", "WEOG")


def country_names(session: Session) -> CountryNames:
    """A name resolver over the member states stored (empty when none are)."""
    rows = session.execute(select(MemberState.iso3, MemberState.name, MemberState.m49_english_name)).all()
    return CountryNames((iso3, (name, english)) for iso3, name, english in rows)


def _states(regional_group: str | None, m49_region: str | None, q: str | None):
    query = select(MemberState)
    if regional_group:
        query = query.where(MemberState.regional_group == regional_group)
    if m49_region:
        query = query.where(func.lower(MemberState.m49_region) == m49_region.lower())
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(
            func.lower(MemberState.name).like(pattern), func.lower(MemberState.m49_english_name).like(pattern),
            MemberState.iso3 == q.upper(),
        ))
    return query


def list_states(session: Session, *, regional_group: str | None = None, m49_region: str | None = None,
                q: str | None = None, limit: int | None = None, offset: int = 0) -> list[MemberStateOut]:
    """Member states by name, filtered."""
    query = _states(regional_group, m49_region, q).order_by(MemberState.name).offset(offset).limit(limit)
    return [MemberStateOut.model_validate(state) for state in session.scalars(query)]


def count_states(session: Session, *, regional_group: str | None = None, m49_region: str | None = None,
                 q: str | None = None) -> int:
    """How many member states match."""
    return session.scalar(select(func.count()).select_from(_states(regional_group, m49_region, q).subquery()))


def get_state(session: Session, *, iso3: str) -> MemberStateOut | None:
    """One member state by ISO3 (any case)."""
    state = session.get(MemberState, iso3.upper())
    return MemberStateOut.model_validate(state) if state else None


def list_organizations(session: Session, *, kind: str | None = None) -> list[OrganizationOut]:
    """Organizations by code."""
    query = select(Organization).order_by(Organization.code)
    if kind:
        query = query.where(Organization.kind == kind)
    return [OrganizationOut.model_validate(org) for org in session.scalars(query)]


def council(session: Session, *, year: int) -> list[CouncilSeatOut]:
    """The Security Council of one year: permanent members first, then by name."""
    rows = session.execute(
        select(CouncilSeat, MemberState.name)
        .outerjoin(MemberState, MemberState.iso3 == CouncilSeat.iso3)
        .where(CouncilSeat.year == year)
        .order_by(CouncilSeat.permanent.desc(), CouncilSeat.name_in_source)
    ).all()
    return [CouncilSeatOut.model_validate(seat).model_copy(update={"state_name": name}) for seat, name in rows]


def council_year(session: Session, *, year: int) -> CouncilYearOut:
    """The Council of one year with how many of its seats the record holds, and which are missing."""
    members = council(session, year=year)
    seats = 11 if year < 1966 else 15  # enlarged by General Assembly resolution 1991 A (XVIII), in force from 1966
    elected = sum(not seat.permanent for seat in members)
    permanent = len(members) - elected
    missing = [f"{count} {kind} member{'s' if count > 1 else ''} of {year}"
               for count, kind in ((5 - permanent, "permanent"), (seats - 5 - elected, "elected")) if count > 0]
    note = None
    if not members:
        note = f"no Security Council membership of {year} in the record"
    elif missing:
        note = (f"incomplete: {len(members)} of {seats} seats; " + " and ".join(missing) +
                f" {'are' if sum(int(m.split()[0]) for m in missing) > 1 else 'is'} not in the record")
    return CouncilYearOut(year=year, seats=seats, recorded=len(members), complete=len(members) >= seats, note=note,
                          members=members)


def council_years(session: Session) -> tuple[int | None, int | None]:
    """The first and last year of Council membership stored."""
    return tuple(session.execute(select(func.min(CouncilSeat.year), func.max(CouncilSeat.year))).one())


def sources_of(session: Session, source: str) -> list[str]:
    """The current import runs of a source, as a page names them."""
    runs = session.scalars(select(ImportRun).where(ImportRun.source == source, ImportRun.current.is_(True)))
    return [f"{run.source} (run {run.id}, {run.file_name})" for run in runs]


def holds_seat(session: Session, *, iso3: str | None, year: int) -> bool:
    """True when today's state `iso3` held a Security Council seat in `year`."""
    if iso3 is None:
        return False
    return session.scalar(select(func.count()).select_from(CouncilSeat).where(CouncilSeat.iso3 == iso3, CouncilSeat.year == year)) > 0


def _check_links(session: Session, fields: OrganizationFields) -> None:
    if fields.parent_code and session.scalar(select(Organization).where(Organization.code == fields.parent_code)) is None:
        raise QueryError(f"no parent organization '{fields.parent_code}'")
    if fields.member_state_iso3 and session.get(MemberState, fields.member_state_iso3) is None:
        raise QueryError(f"no member state '{fields.member_state_iso3}'")


def create_organization(session: Session, *, data: OrganizationCreate, actor: str) -> OrganizationOut:
    """Record a new organization."""
    if session.scalar(select(Organization).where(Organization.code == data.code)) is not None:
        raise Conflict(f"organization {data.code} exists already")
    _check_links(session, data)
    organization = Organization(**data.model_dump())
    session.add(organization)
    session.flush()
    shown = OrganizationOut.model_validate(organization)
    audit.record(session, actor=actor, action="create", record_type="organization", record_id=data.code,
                 after=shown.model_dump(mode="json"), owner_iso3=data.member_state_iso3)
    return shown


def update_organization(session: Session, *, code: str, expected_version: int, fields: OrganizationFields,
                        actor: str) -> OrganizationOut:
    """Edit an organization at the version the editor saw."""
    organization = session.scalar(select(Organization).where(Organization.code == code))
    if organization is None:
        raise NotFound(f"no organization {code}")
    check_version(f"organization {code}", organization.version, expected_version)
    _check_links(session, fields)
    before = OrganizationOut.model_validate(organization).model_dump(mode="json")
    for field, value in fields.model_dump(exclude_unset=True).items():
        setattr(organization, field, value)
    flush_versioned(session, f"organization {code}")
    shown = OrganizationOut.model_validate(organization)
    audit.record(session, actor=actor, action="update", record_type="organization", record_id=code, before=before,
                 after=shown.model_dump(mode="json"), owner_iso3=organization.member_state_iso3)
    return shown
