"""Mandates and the steps of their lifecycle."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base


class Mandate(Base):
    """A mission's mandate: resolution, dates, authorised ceilings, tasks; versioned against lost updates."""

    __tablename__ = "mandate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    resolution: Mapped[str] = mapped_column(String(40))
    adopted_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    military_ceiling: Mapped[int | None] = mapped_column(Integer)
    police_ceiling: Mapped[int | None] = mapped_column(Integer)
    tasks: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class MandateStep(Base):
    """One step of a mandate's life: adopted, renewed, amended or closed, by which resolution, when."""

    __tablename__ = "mandate_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandate.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(10))
    taken_on: Mapped[date] = mapped_column(Date)
    resolution: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
