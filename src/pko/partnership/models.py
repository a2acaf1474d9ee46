"""Capability needs, partners' offers, match runs and the partnerships agreed from them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base


class CapabilityNeed(Base):
    """A contributing country's need: training, equipment or enabling-unit support, how many, when, where, in which languages."""

    __tablename__ = "capability_need"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_iso3: Mapped[str] = mapped_column(String(3), index=True)
    category: Mapped[str] = mapped_column(String(30))
    capability: Mapped[str] = mapped_column(String(40), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10))  # people or units
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    languages: Mapped[list] = mapped_column(JSON)
    priority: Mapped[int] = mapped_column(Integer)
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledge.id", ondelete="SET NULL"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class CapabilityOffer(Base):
    """A partner's offer (a member state or an organization): what, for how many, when, where, in which languages."""

    __tablename__ = "capability_offer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner: Mapped[str] = mapped_column(String(40), index=True)  # ISO3 of a member state, or an organization code
    owner_iso3: Mapped[str | None] = mapped_column(String(3), index=True)  # the member state behind the partner
    category: Mapped[str] = mapped_column(String(30))
    capability: Mapped[str] = mapped_column(String(40), index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    languages: Mapped[list] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class MatchRun(Base):
    """One run of the matching: the solver's status, objective, bound, gap and time, and why needs stayed uncovered."""

    __tablename__ = "partnership_match"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    solver: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    objective: Mapped[int] = mapped_column(BigInteger)
    best_bound: Mapped[float] = mapped_column(Float)
    gap: Mapped[float] = mapped_column(Float)
    seconds: Mapped[float] = mapped_column(Float)
    covered: Mapped[int] = mapped_column(Integer)
    requested: Mapped[int] = mapped_column(Integer)
    unmatched: Mapped[dict] = mapped_column(JSON)  # need id -> reason


class MatchAssignment(Base):
    """Quantity of one offer the match gives to one need."""

    __tablename__ = "partnership_assignment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("partnership_match.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("capability_need.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("capability_offer.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)


class Partnership(Base):
    """An accepted match: offer to need for a quantity, agreed -> delivered -> evaluated; versioned."""

    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("capability_need.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("capability_offer.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("partnership_assignment.id", ondelete="SET NULL"))
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    agreed_on: Mapped[date] = mapped_column(Date)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    evaluated_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class PartnershipStep(Base):
    """One step of a partnership: agreed, delivered or evaluated, on which date, by whom."""

    __tablename__ = "partnership_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(10))
    taken_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
