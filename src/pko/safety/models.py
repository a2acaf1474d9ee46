"""safety tables: fatalities of mission personnel, one row per casualty per release."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base
from pko.sources.models import ImportedRow


class Fatality(ImportedRow, Base):
    """One casualty as listed in one release of the UN "Mission Fatalities" data set.

    Each release is stored whole (the UN reclassifies past records between releases), so the same
    casualty appears once per release; `release` is the date the release was published.
    """

    __tablename__ = "fatality"
    __table_args__ = (
        UniqueConstraint("release", "casualty_id", name="uq_fatality_release_casualty"),
        Index("ix_fatality_release_year", "release", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release: Mapped[date] = mapped_column(Date, index=True)
    casualty_id: Mapped[str] = mapped_column(String(40))
    incident_date: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    casualty_type: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str | None] = mapped_column(String(1))
    nationality: Mapped[str | None] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3))
    m49: Mapped[int | None] = mapped_column(Integer)
    personnel_type: Mapped[str] = mapped_column(String(40))
    incident_type: Mapped[str] = mapped_column(String(40))
