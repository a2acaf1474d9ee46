"""Use cases over partnerships: accept a matched assignment, step it through its life, read what it fed; audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.db import check_version, flush_versioned
from pko.errors import Conflict, NotFound
from pko.forcegen.models import Pledge
from pko.partnership.lifecycle import check_step, readiness_after
from pko.partnership.models import CapabilityNeed, CapabilityOffer, MatchAssignment, Partnership, PartnershipStep
from pko.partnership.schemas import CapabilityFed, PartnershipIn, PartnershipOut, StepIn, StepOut
from pko.partnership.service import agreed_quantity, now


def _shown(session: Session, partnership: Partnership, pledges: bool, own: str | None) -> PartnershipOut:
    """A partnership; the pledge's levels only for a caller who may read that pledge."""
    need = session.get(CapabilityNeed, partnership.need_id)
    offer = session.get(CapabilityOffer, partnership.offer_id)
    steps = session.scalars(select(PartnershipStep).where(PartnershipStep.partnership_id == partnership.id)
                            .order_by(PartnershipStep.id))
    fed = None
    if need.pledge_id is not None:
        fed = CapabilityFed(pledge_id=need.pledge_id)
        pledge = session.get(Pledge, need.pledge_id)
        if pledges and pledge is not None and own in (None, pledge.state_iso3):
            levels = [(level.level, level.reached_on) for level in pledge.levels]
            fed = CapabilityFed(pledge_id=pledge.id, **readiness_after(levels, partnership.delivered_on))
    return PartnershipOut(
        id=partnership.id, need_id=need.id, offer_id=offer.id, assignment_id=partnership.assignment_id,
        state_iso3=need.state_iso3, partner=offer.partner,
        capability=need.capability, quantity=partnership.quantity, status=partnership.status,
        agreed_on=partnership.agreed_on, delivered_on=partnership.delivered_on, evaluated_on=partnership.evaluated_on,
        version=partnership.version, steps=[StepOut.model_validate(s) for s in steps], capability_fed=fed)


def _snapshot(partnership: Partnership) -> dict:
    return {"need_id": partnership.need_id, "offer_id": partnership.offer_id, "quantity": partnership.quantity,
            "status": partnership.status, "agreed_on": partnership.agreed_on.isoformat(),
            "delivered_on": partnership.delivered_on and partnership.delivered_on.isoformat(),
            "evaluated_on": partnership.evaluated_on and partnership.evaluated_on.isoformat(),
            "version": partnership.version}


def _visible(own: str | None, need: CapabilityNeed, offer: CapabilityOffer) -> bool:
    return own is None or need.state_iso3 == own or offer.owner_iso3 == own


def accept(session: Session, *, data: PartnershipIn, actor: str, own: str | None = None,
           pledges: bool = True) -> PartnershipOut:
    """An assignment of a stored match becomes an agreed partnership, if the need and offer still have room."""
    assignment = session.get(MatchAssignment, data.assignment_id)
    need = assignment and session.get(CapabilityNeed, assignment.need_id)
    offer = assignment and session.get(CapabilityOffer, assignment.offer_id)
    if assignment is None or not _visible(own, need, offer):
        raise NotFound(f"no assignment {data.assignment_id}")
    if session.scalar(select(Partnership.id).where(Partnership.assignment_id == assignment.id)) is not None:
        raise Conflict(f"assignment {assignment.id} is already a partnership")
    covered = agreed_quantity(session, Partnership.need_id).get(need.id, 0)
    committed = agreed_quantity(session, Partnership.offer_id).get(offer.id, 0)
    if covered + assignment.quantity > need.quantity or committed + assignment.quantity > offer.capacity:
        raise Conflict(f"assignment {assignment.id} no longer fits: need {need.id} has {need.quantity - covered} left, "
                       f"offer {offer.id} {offer.capacity - committed}; run the match again")
    agreed_on = data.agreed_on or date.today()
    partnership = Partnership(need_id=need.id, offer_id=offer.id, assignment_id=assignment.id,
                              quantity=assignment.quantity, status="agreed", agreed_on=agreed_on)
    session.add(partnership)
    session.flush()
    session.add(PartnershipStep(partnership_id=partnership.id, step="agreed", taken_on=agreed_on, note=data.note,
                                actor=actor, recorded_at=now()))
    audit.record(session, actor=actor, action="agreed", record_type="partnership", record_id=partnership.id,
                 after=_snapshot(partnership), owner_iso3=need.state_iso3)
    return _shown(session, partnership, pledges, own)


def _partnership(session: Session, partnership_id: int, own: str | None) -> Partnership:
    partnership = session.get(Partnership, partnership_id)
    if partnership is None or not _visible(own, session.get(CapabilityNeed, partnership.need_id),
                                           session.get(CapabilityOffer, partnership.offer_id)):
        raise NotFound(f"no partnership {partnership_id}")
    return partnership


def get_partnership(session: Session, *, partnership_id: int, own: str | None = None, pledges: bool = True) -> PartnershipOut:
    """One partnership with its steps and what it fed, if the caller is party to it (or sees everything)."""
    return _shown(session, _partnership(session, partnership_id, own), pledges, own)


def list_partnerships(session: Session, *, own: str | None = None, status: str | None = None, pledges: bool = True,
                      limit: int = 100, offset: int = 0) -> tuple[int, list[PartnershipOut]]:
    """Partnerships, newest first; a state sees those it is party to."""
    query = (select(Partnership).join(CapabilityNeed, Partnership.need_id == CapabilityNeed.id)
             .join(CapabilityOffer, Partnership.offer_id == CapabilityOffer.id).order_by(Partnership.id.desc()))
    if own is not None:
        query = query.where(or_(CapabilityNeed.state_iso3 == own, CapabilityOffer.owner_iso3 == own))
    if status is not None:
        query = query.where(Partnership.status == status)
    rows = list(session.scalars(query))
    return len(rows), [_shown(session, p, pledges, own) for p in rows[offset:offset + limit]]


def take_step(session: Session, *, partnership_id: int, expected_version: int, step: StepIn, actor: str,
              own: str | None = None, pledges: bool = True) -> PartnershipOut:
    """Record delivery, then evaluation, each with its date and actor, against the version the caller saw."""
    partnership = _partnership(session, partnership_id, own)
    check_version(f"partnership {partnership_id}", partnership.version, expected_version)
    last_on = partnership.delivered_on or partnership.agreed_on
    try:
        check_step(partnership.status, step.step, last_on, step.taken_on)
    except ValueError as error:
        raise Conflict(str(error)) from None
    before = _snapshot(partnership)
    partnership.status = step.step
    setattr(partnership, f"{step.step}_on", step.taken_on)
    flush_versioned(session, f"partnership {partnership_id}")
    session.add(PartnershipStep(partnership_id=partnership.id, step=step.step, taken_on=step.taken_on, note=step.note,
                                actor=actor, recorded_at=now()))
    need = session.get(CapabilityNeed, partnership.need_id)
    audit.record(session, actor=actor, action=step.step, record_type="partnership", record_id=partnership.id,
                 before=before, after=_snapshot(partnership), owner_iso3=need.state_iso3)
    return _shown(session, partnership, pledges, own)
