"""Routes for the audit log: administrators read all of it, a state's delegates the entries on its records."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from pko.audit import service
from pko.audit.schemas import AuditEntryOut, AuditHeadOut
from pko.auth.permissions import Access, require
from pko.auth.roles import Scope
from pko.http import Page, Paging, get_session, paging

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("", response_model=Page[AuditEntryOut])
def list_entries(
    actor: str | None = Query(None, max_length=80, description="Only changes by this actor"),
    record_type: str | None = Query(None, max_length=60, description="Only changes to this kind of record"),
    page: Paging = Depends(paging),
    access: Access = Depends(require("audit", "read")),
    session: Session = Depends(get_session),
) -> Page[AuditEntryOut]:
    """Audit entries, newest first; a state delegate sees only those on its own state's records."""
    owner = access.principal.state_iso3 if access.scope is Scope.own_state else None
    if access.scope is Scope.own_state and owner is None:
        return Page(total=0, limit=page.limit, offset=page.offset, sources=["audit_entry"], items=[])
    filters = {"actor": actor, "record_type": record_type, "owner_iso3": owner}
    items = [AuditEntryOut.model_validate(entry)
             for entry in service.entries(session, **filters, limit=page.limit, offset=page.offset)]
    total = service.count_entries(session, **filters)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=["audit_entry"], items=items)


@router.get("/head", response_model=AuditHeadOut, dependencies=[Depends(require("audit", "write"))])
def head(session: Session = Depends(get_session)) -> AuditHeadOut:
    """The chain's head (newest entry id and hash), for administrators (audit:write) to keep a copy elsewhere."""
    entry_id, entry_hash = service.current_head(session)
    return AuditHeadOut(entry_id=entry_id, hash=entry_hash)
