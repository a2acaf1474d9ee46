"""What the Geo-PKO unit-type maps cover, per mission: their first and last year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.freshness import Coverage
from pko.locations.models import GeoPKOV2UnitTypes

SOURCE = "Geo-PKO unit types"


def unit_types_coverage(session: Session, *, mission: str) -> Coverage:
    """A mission's years in the Geo-PKO v2.3 unit-type maps, as 1 January of the first to 31 December of the last."""
    first, last = session.execute(select(func.min(GeoPKOV2UnitTypes.year), func.max(GeoPKOV2UnitTypes.year))
                                  .where(GeoPKOV2UnitTypes.mission == mission)).one()
    return Coverage(SOURCE, first and date(first, 1, 1), last and date(last, 12, 31), mission)
