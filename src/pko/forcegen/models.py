"""Pledged units with their PCRS readiness history, and the unit requirements of missions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pko.db import Base


class Pledge(Base):
    """A unit a state pledges: type, strength, readiness level, equipment, languages, mobility, caveats, availability."""

    __tablename__ = "pledge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_iso3: Mapped[str] = mapped_column(String(3), index=True)
    unit_type: Mapped[str] = mapped_column(String(40), index=True)
    strength: Mapped[int] = mapped_column(Integer)
    women_share: Mapped[float] = mapped_column(Float)
    readiness: Mapped[str] = mapped_column(String(3))  # the highest PCRS level reached: L1, L2, L3, RDL
    equipment: Mapped[list] = mapped_column(JSON)  # major equipment items
    self_sustained: Mapped[bool] = mapped_column(Boolean)
    languages: Mapped[list] = mapped_column(JSON)
    mobility: Mapped[str] = mapped_column(String(12))
    caveats: Mapped[list] = mapped_column(JSON)  # missions, regions or tasks it will not take
    available_from: Mapped[date | None] = mapped_column(Date)
    available_until: Mapped[date | None] = mapped_column(Date)
    levels: Mapped[list[PledgeLevel]] = relationship(order_by="PledgeLevel.reached_on", cascade="all, delete-orphan",
                                                     lazy="selectin")


class PledgeLevel(Base):
    """The date a pledge reached one PCRS level; promotions follow the PCRS order."""

    __tablename__ = "pledge_level"
    __table_args__ = (UniqueConstraint("pledge_id", "level"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledge.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(3))
    reached_on: Mapped[date] = mapped_column(Date)


class UnitRequirement(Base):
    """Units a mission requires: type, count, location, need-by date, language, mobility, minimum readiness, priority."""

    __tablename__ = "unit_requirement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    unit_type: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    need_by: Mapped[date] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(40))
    mobility: Mapped[str | None] = mapped_column(String(12))
    min_readiness: Mapped[str] = mapped_column(String(3))
    priority: Mapped[int] = mapped_column(Integer)
    urgent: Mapped[bool] = mapped_column(Boolean)
    mandatory: Mapped[bool] = mapped_column(Boolean)
