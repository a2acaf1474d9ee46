"""Use cases over needs, offers and matches; each write audited. `own` is the caller's state when it may
see only its own records (None: everything), and another state's record is then reported as not found."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.db import check_version, flush_versioned
from pko.errors import Conflict, NotFound, QueryError
from pko.forcegen.models import Pledge
from pko.partnership import matching
from pko.partnership.models import CapabilityNeed, CapabilityOffer, MatchAssignment, MatchRun, Partnership
from pko.partnership.schemas import (
    AssignmentOut, MatchOut, NeedFields, NeedIn, NeedOut, OfferFields, OfferIn, OfferOut,
)
from pko.registry.models import MemberState, Organization


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def agreed_quantity(session: Session, column) -> dict[int, int]:
    """Quantity already agreed in partnerships, per need or per offer."""
    rows = session.execute(select(column, func.sum(Partnership.quantity)).group_by(column))
    return {key: int(total) for key, total in rows}


def need_out(session: Session, need: CapabilityNeed, covered: dict[int, int] | None = None) -> NeedOut:
    covered = agreed_quantity(session, Partnership.need_id) if covered is None else covered
    return NeedOut.model_validate(need).model_copy(update={"covered": covered.get(need.id, 0)})


def offer_out(session: Session, offer: CapabilityOffer, committed: dict[int, int] | None = None) -> OfferOut:
    committed = agreed_quantity(session, Partnership.offer_id) if committed is None else committed
    return OfferOut.model_validate(offer).model_copy(update={"committed": committed.get(offer.id, 0)})


def _member_state(session: Session, iso3: str) -> None:
    if session.get(MemberState, iso3) is None:
        raise QueryError(f"'{iso3}' is not a member state (import member-states first)")


def partner_state(session: Session, partner: str) -> str | None:
    """The member state behind a partner: itself for an ISO3, the organization's state for an organization code."""
    if len(partner) == 3 and session.get(MemberState, partner) is not None:
        return partner
    organization = session.scalar(select(Organization).where(Organization.code == partner))
    if organization is None:
        raise QueryError(f"'{partner}' is neither a member state's ISO3 nor an organization code")
    return organization.member_state_iso3


def _mine(own: str | None, state: str | None, what: str) -> None:
    if own is not None and state != own:
        raise NotFound(f"no {what} visible to you")


# Needs


def create_need(session: Session, *, data: NeedIn, actor: str, own: str | None = None) -> NeedOut:
    """Record a need of a member state (a state records only its own), optionally linked to one of its pledges."""
    _mine(own, data.state_iso3, f"need of {data.state_iso3}")
    _member_state(session, data.state_iso3)
    if data.pledge_id is not None:
        pledge = session.get(Pledge, data.pledge_id)
        if pledge is None or pledge.state_iso3 != data.state_iso3:
            raise QueryError(f"no pledge {data.pledge_id} of {data.state_iso3}")
    need = CapabilityNeed(**data.model_dump(), created_by=actor)
    session.add(need)
    session.flush()
    shown = need_out(session, need, {})
    audit.record(session, actor=actor, action="create", record_type="capability-need", record_id=need.id,
                 after=shown.model_dump(mode="json"), owner_iso3=need.state_iso3)
    return shown


def _need(session: Session, need_id: int, own: str | None) -> CapabilityNeed:
    need = session.get(CapabilityNeed, need_id)
    if need is None or (own is not None and need.state_iso3 != own):
        raise NotFound(f"no need {need_id}")
    return need


def get_need(session: Session, *, need_id: int, own: str | None = None) -> NeedOut:
    """One need, if the caller may see it."""
    return need_out(session, _need(session, need_id, own))


def list_needs(session: Session, *, own: str | None = None, state: str | None = None, capability: str | None = None,
               category: str | None = None, limit: int = 100, offset: int = 0) -> tuple[int, list[NeedOut]]:
    """Needs by start date; a state sees only its own (asking for another's is answered not found)."""
    if state is not None:
        _mine(own, state, f"needs of {state}")
    query = select(CapabilityNeed).order_by(CapabilityNeed.starts_on, CapabilityNeed.id)
    for column, value in ((CapabilityNeed.state_iso3, state or own), (CapabilityNeed.capability, capability),
                          (CapabilityNeed.category, category)):
        if value is not None:
            query = query.where(column == value)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    covered = agreed_quantity(session, Partnership.need_id)
    return total, [need_out(session, n, covered) for n in session.scalars(query.limit(limit).offset(offset))]


def _check_window(record) -> None:
    if record.ends_on < record.starts_on:
        raise QueryError("ends_on must not come before starts_on")


def update_need(session: Session, *, need_id: int, expected_version: int, fields: NeedFields, actor: str,
                own: str | None = None) -> NeedOut:
    """Edit a need still at the version the editor saw."""
    need = _need(session, need_id, own)
    check_version(f"need {need_id}", need.version, expected_version)
    before = need_out(session, need).model_dump(mode="json")
    for name, value in fields.model_dump(exclude_unset=True).items():
        if value is None and name != "note":
            raise QueryError(f"{name} cannot be emptied")
        setattr(need, name, value)
    _check_window(need)
    if need.quantity < before["covered"]:
        raise Conflict(f"need {need_id} already has {before['covered']} covered by agreed partnerships")
    flush_versioned(session, f"need {need_id}")
    shown = need_out(session, need)
    audit.record(session, actor=actor, action="update", record_type="capability-need", record_id=need.id,
                 before=before, after=shown.model_dump(mode="json"), owner_iso3=need.state_iso3)
    return shown


# Offers


def create_offer(session: Session, *, data: OfferIn, actor: str, own: str | None = None) -> OfferOut:
    """Record a partner's offer (a state records only offers of its own, or of its organizations)."""
    owner = partner_state(session, data.partner)
    _mine(own, owner, f"partner {data.partner}")
    offer = CapabilityOffer(**data.model_dump(), owner_iso3=owner, created_by=actor)
    session.add(offer)
    session.flush()
    shown = offer_out(session, offer, {})
    audit.record(session, actor=actor, action="create", record_type="capability-offer", record_id=offer.id,
                 after=shown.model_dump(mode="json"), owner_iso3=owner)
    return shown


def _offer(session: Session, offer_id: int, own: str | None) -> CapabilityOffer:
    offer = session.get(CapabilityOffer, offer_id)
    if offer is None or (own is not None and offer.owner_iso3 != own):
        raise NotFound(f"no offer {offer_id}")
    return offer


def get_offer(session: Session, *, offer_id: int, own: str | None = None) -> OfferOut:
    """One offer, if the caller may see it."""
    return offer_out(session, _offer(session, offer_id, own))


def list_offers(session: Session, *, own: str | None = None, partner: str | None = None, capability: str | None = None,
                category: str | None = None, limit: int = 100, offset: int = 0) -> tuple[int, list[OfferOut]]:
    """Offers by start date; a state sees only its own."""
    if own is not None and partner is not None:
        try:
            _mine(own, partner_state(session, partner), f"offers of {partner}")
        except QueryError:
            raise NotFound(f"no offers of {partner} visible to you") from None
    query = select(CapabilityOffer).order_by(CapabilityOffer.starts_on, CapabilityOffer.id)
    if own is not None:
        query = query.where(CapabilityOffer.owner_iso3 == own)
    for column, value in ((CapabilityOffer.partner, partner), (CapabilityOffer.capability, capability),
                          (CapabilityOffer.category, category)):
        if value is not None:
            query = query.where(column == value)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    committed = agreed_quantity(session, Partnership.offer_id)
    return total, [offer_out(session, o, committed) for o in session.scalars(query.limit(limit).offset(offset))]


def update_offer(session: Session, *, offer_id: int, expected_version: int, fields: OfferFields, actor: str,
                 own: str | None = None) -> OfferOut:
    """Edit an offer still at the version the editor saw."""
    offer = _offer(session, offer_id, own)
    check_version(f"offer {offer_id}", offer.version, expected_version)
    before = offer_out(session, offer).model_dump(mode="json")
    for name, value in fields.model_dump(exclude_unset=True).items():
        if value is None and name != "note":
            raise QueryError(f"{name} cannot be emptied")
        setattr(offer, name, value)
    _check_window(offer)
    if offer.capacity < before["committed"]:
        raise Conflict(f"offer {offer_id} already has {before['committed']} committed to agreed partnerships")
    flush_versioned(session, f"offer {offer_id}")
    shown = offer_out(session, offer)
    audit.record(session, actor=actor, action="update", record_type="capability-offer", record_id=offer.id,
                 before=before, after=shown.model_dump(mode="json"), owner_iso3=offer.owner_iso3)
    return shown


# Matching


def engine_inputs(session: Session) -> tuple[list[matching.Need], list[matching.Offer]]:
    """Needs and offers as the matching sees them: what is left after the partnerships already agreed."""
    covered, committed = agreed_quantity(session, Partnership.need_id), agreed_quantity(session, Partnership.offer_id)
    needs = [matching.Need(str(n.id), n.state_iso3, n.category, n.capability, n.quantity - covered.get(n.id, 0),
                           n.starts_on, n.ends_on, frozenset(n.languages), n.unit, n.priority)
             for n in session.scalars(select(CapabilityNeed).order_by(CapabilityNeed.id))]
    offers = [matching.Offer(str(o.id), o.partner, o.category, o.capability, o.capacity - committed.get(o.id, 0),
                             o.starts_on, o.ends_on, frozenset(o.languages), o.unit, o.owner_iso3)
              for o in session.scalars(select(CapabilityOffer).order_by(CapabilityOffer.id))]
    return [n for n in needs if n.quantity > 0], offers


def _view(run: dict, assignments: list[dict], own: str | None) -> MatchOut:
    """A match as the caller may see it: a state sees only what touches its needs and offers, not the other party."""
    shown = []
    for a in assignments:
        need_mine, offer_mine = own is None or a["state_iso3"] == own, own is None or a["owner_iso3"] == own
        if need_mine or offer_mine:
            shown.append(AssignmentOut(
                id=a["id"], quantity=a["quantity"], capability=a["capability"],
                need_id=a["need_id"] if need_mine else None, state_iso3=a["state_iso3"] if need_mine else None,
                offer_id=a["offer_id"] if offer_mine else None, partner=a["partner"] if offer_mine else None))
    unmatched = {k: v for k, v in run["unmatched"].items() if own is None or k in run["own_needs"]}
    totals = {}
    if own is not None:  # the whole run's figures would tell a state about the others' needs
        totals = {"objective": None, "best_bound": None, "gap": None, "requested": run["own_requested"],
                  "covered": sum(a["quantity"] for a in assignments if a["state_iso3"] == own)}
    return MatchOut(**{k: v for k, v in run.items() if k not in ("unmatched", "own_needs", "own_requested")} | totals,
                    unmatched=unmatched, assignments=shown)


def run_match(session: Session, *, actor: str, own: str | None = None, time_limit: float = 10.0,
              workers: int = 8) -> MatchOut:
    """Match every remaining need to every offer; stored (and audited) when run by a caller who sees
    everything, a preview of its own part for a state."""
    needs, offers = engine_inputs(session)
    result = matching.match(needs, offers, time_limit, workers)
    need_by_id = {n.id: n for n in needs}
    offer_by_id = {o.id: o for o in offers}
    run = {"id": None, "run_at": now(), "solver": result.solver, "status": result.status, "objective": result.objective,
           "best_bound": result.best_bound, "gap": result.gap, "seconds": result.seconds, "covered": result.covered,
           "requested": sum(n.quantity for n in needs), "unmatched": result.unmatched, "stored": own is None,
           "own_needs": {n.id for n in needs if n.state == own},
           "own_requested": sum(n.quantity for n in needs if n.state == own)}
    assignments = [{"id": None, "need_id": int(a.need_id), "offer_id": int(a.offer_id), "quantity": a.quantity,
                    "state_iso3": need_by_id[a.need_id].state, "owner_iso3": offer_by_id[a.offer_id].owner_state,
                    "partner": offer_by_id[a.offer_id].partner, "capability": need_by_id[a.need_id].capability}
                   for a in result.assignments]
    if own is None:
        stored = MatchRun(actor=actor, **{k: v for k, v in run.items() if k not in ("id", "stored", "own_needs", "own_requested")})
        session.add(stored)
        session.flush()
        run["id"] = stored.id
        for a in assignments:
            row = MatchAssignment(match_id=stored.id, need_id=a["need_id"], offer_id=a["offer_id"], quantity=a["quantity"])
            session.add(row)
            session.flush()
            a["id"] = row.id
        audit.record(session, actor=actor, action="match", record_type="partnership-match", record_id=stored.id,
                     after={"status": result.status, "objective": result.objective, "covered": result.covered,
                            "assignments": [[a["need_id"], a["offer_id"], a["quantity"]] for a in assignments]})
    return _view(run, assignments, own)


def latest_match(session: Session, *, own: str | None = None) -> MatchOut | None:
    """The newest stored match, as the caller may see it."""
    stored = session.scalar(select(MatchRun).order_by(MatchRun.id.desc()).limit(1))
    if stored is None:
        return None
    rows = session.execute(
        select(MatchAssignment, CapabilityNeed, CapabilityOffer)
        .join(CapabilityNeed, MatchAssignment.need_id == CapabilityNeed.id)
        .join(CapabilityOffer, MatchAssignment.offer_id == CapabilityOffer.id)
        .where(MatchAssignment.match_id == stored.id).order_by(MatchAssignment.id))
    assignments = [{"id": a.id, "need_id": a.need_id, "offer_id": a.offer_id, "quantity": a.quantity,
                    "state_iso3": n.state_iso3, "owner_iso3": o.owner_iso3, "partner": o.partner,
                    "capability": n.capability} for a, n, o in rows]
    own_needs, own_requested = set(), 0
    if own is not None:
        own_needs = {str(i) for i in session.scalars(select(CapabilityNeed.id).where(CapabilityNeed.state_iso3 == own))}
        in_run = {str(a["need_id"]) for a in assignments} | set(stored.unmatched)
        own_requested = _requested(session, stored.id, own_needs & in_run)
    run = {"id": stored.id, "run_at": stored.run_at, "solver": stored.solver, "status": stored.status,
           "objective": stored.objective, "best_bound": stored.best_bound, "gap": stored.gap, "seconds": stored.seconds,
           "covered": stored.covered, "requested": stored.requested, "unmatched": stored.unmatched, "stored": True,
           "own_needs": own_needs, "own_requested": own_requested}
    return _view(run, assignments, own)


def _requested(session: Session, match_id: int, need_ids: set[str]) -> int:
    """What these needs asked of a stored match: their quantity less what partnerships of other matches cover."""
    if not need_ids:
        return 0
    ids = [int(i) for i in need_ids]
    asked = session.scalar(select(func.coalesce(func.sum(CapabilityNeed.quantity), 0)).where(CapabilityNeed.id.in_(ids)))
    earlier = session.scalar(
        select(func.coalesce(func.sum(Partnership.quantity), 0))
        .join(MatchAssignment, MatchAssignment.id == Partnership.assignment_id)
        .where(Partnership.need_id.in_(ids), MatchAssignment.match_id != match_id))
    return int(asked) - int(earlier)
