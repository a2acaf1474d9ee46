"""What the fatalities record covers: from its first incident to the date of the release used."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.errors import QueryError
from pko.freshness import Coverage
from pko.safety.models import Fatality
from pko.safety.service import resolve_release

SOURCE = "fatalities"


def coverage(session: Session, *, release: date | None = None) -> Coverage:
    """A release covers its incidents up to the day it was published; no release stored covers nothing."""
    try:
        day = resolve_release(session, release)
    except QueryError:  # no release imported
        return Coverage(SOURCE, None, None)
    first = session.scalar(select(func.min(Fatality.incident_date)).where(Fatality.release == day))
    return Coverage(SOURCE, first, day)
