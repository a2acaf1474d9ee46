"""The incident log: one row per security incident, entered by hand or imported from a public event file."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import JSON, Date, Float, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base


class Incident(Base):
    """A security incident: what (type), when, where, which mission and units, casualties, source and confidence.

    `source` + `source_event_id` identify an imported event (ACLED event_id_cnty, UCDP GED id), so a
    re-import updates it instead of adding it twice. `fatality_casualty_ids` links the UN fatality
    records of the incident by their casualty id, which stays the same across releases.
    """

    __tablename__ = "incident"
    __table_args__ = (
        UniqueConstraint("source", "source_event_id", name="uq_incident_source_event"),
        Index("ix_incident_mission_date", "mission", "incident_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_type: Mapped[str] = mapped_column(String(30), index=True)
    incident_date: Mapped[date] = mapped_column(Date, index=True)
    incident_time: Mapped[time | None] = mapped_column(Time)
    country_iso3: Mapped[str | None] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(120))
    admin2: Mapped[str | None] = mapped_column(String(120))
    location: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[int | None] = mapped_column(Integer)  # 1 the place, 2 its district, 3 the region
    mission: Mapped[str | None] = mapped_column(String(20))
    units: Mapped[list] = mapped_column(JSON)
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(80))
    source_event_id: Mapped[str | None] = mapped_column(String(80))
    confidence: Mapped[str] = mapped_column(String(12))
    fatality_casualty_ids: Mapped[list] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}
