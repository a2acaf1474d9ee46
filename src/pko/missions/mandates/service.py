"""Use cases over mandates: create, edit against a version, step through the lifecycle; each write audited."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.db import check_version, flush_versioned
from pko.errors import Conflict, NotFound, QueryError
from pko.missions.mandates.lifecycle import check_step
from pko.missions.service import known_acronym
from pko.missions.mandates.models import Mandate, MandateStep
from pko.missions.mandates.schemas import MandateCreate, MandateFields, MandateOut, MandateStepIn, MandateStepOut


def _shown(session: Session, mandate: Mandate) -> MandateOut:
    steps = session.scalars(select(MandateStep).where(MandateStep.mandate_id == mandate.id).order_by(MandateStep.id))
    return MandateOut.model_validate(mandate).model_copy(update={"steps": [MandateStepOut.model_validate(s) for s in steps]})


def _snapshot(mandate: Mandate) -> dict:
    return MandateOut.model_validate(mandate).model_dump(mode="json", exclude={"steps"})


def get_mandate(session: Session, *, mandate_id: int) -> MandateOut | None:
    """One mandate with its steps."""
    mandate = session.get(Mandate, mandate_id)
    return _shown(session, mandate) if mandate else None


def list_mandates(session: Session, *, mission: str | None = None) -> list[MandateOut]:
    """Mandates, newest adoption first."""
    query = select(Mandate).order_by(Mandate.mission, Mandate.id.desc())
    if mission:
        query = query.where(Mandate.mission == _mission(session, mission))
    return [_shown(session, mandate) for mandate in session.scalars(query)]


def _mission(session: Session, label: str) -> str:
    acronym = known_acronym(session, label)
    if acronym is None:
        raise QueryError(f"'{label}' is not a known mission")
    return acronym


def create_mandate(session: Session, *, data: MandateCreate, actor: str) -> MandateOut:
    """A new mandate in draft."""
    mandate = Mandate(mission=_mission(session, data.mission), resolution=data.resolution, adopted_on=data.adopted_on,
                      expires_on=data.expires_on, military_ceiling=data.military_ceiling,
                      police_ceiling=data.police_ceiling, tasks=data.tasks or [], status="draft")
    session.add(mandate)
    session.flush()
    audit.record(session, actor=actor, action="create", record_type="mandate", record_id=mandate.id,
                 after=_snapshot(mandate))
    return _shown(session, mandate)


def _current(session: Session, mandate_id: int, expected_version: int) -> Mandate:
    mandate = session.get(Mandate, mandate_id)
    if mandate is None:
        raise NotFound(f"no mandate {mandate_id}")
    check_version(f"mandate {mandate_id}", mandate.version, expected_version)
    return mandate


def _apply(mandate: Mandate, fields: MandateFields) -> None:
    for name, value in fields.model_dump(exclude_unset=True).items():
        setattr(mandate, name, value)
    if mandate.adopted_on and mandate.expires_on and mandate.expires_on <= mandate.adopted_on:
        raise Conflict("expires_on must come after adopted_on")


def update_mandate(session: Session, *, mandate_id: int, expected_version: int, fields: MandateFields,
                   actor: str) -> MandateOut:
    """Edit a mandate that is still at the version the editor saw."""
    mandate = _current(session, mandate_id, expected_version)
    before = _snapshot(mandate)
    _apply(mandate, fields)
    flush_versioned(session, f"mandate {mandate_id}")
    audit.record(session, actor=actor, action="update", record_type="mandate", record_id=mandate.id,
                 before=before, after=_snapshot(mandate))
    return _shown(session, mandate)


def take_step(session: Session, *, mandate_id: int, expected_version: int, step: MandateStepIn, actor: str) -> MandateOut:
    """Adopt, renew, amend or close a mandate; the step is recorded with its resolution and date."""
    mandate = _current(session, mandate_id, expected_version)
    try:
        check_step(mandate.status, step.step)
    except ValueError as error:
        raise Conflict(str(error)) from None
    before = _snapshot(mandate)
    if step.changes is not None:
        _apply(mandate, step.changes)
    if step.step == "adopted" and mandate.adopted_on is None:
        mandate.adopted_on = step.taken_on
    mandate.status = step.step
    flush_versioned(session, f"mandate {mandate_id}")
    session.add(MandateStep(mandate_id=mandate.id, step=step.step, taken_on=step.taken_on, resolution=step.resolution,
                            note=step.note, actor=actor,
                            recorded_at=datetime.now(timezone.utc).replace(tzinfo=None)))
    audit.record(session, actor=actor, action=step.step, record_type="mandate", record_id=mandate.id,
                 before=before, after=_snapshot(mandate))
    return _shown(session, mandate)
