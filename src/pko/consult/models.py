"""Meetings, who was invited to them and who attended, and the decisions taken."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base


class Meeting(Base):
    """A consultation: its kind, mission or theme, date, agenda and minutes; versioned against lost updates."""

    __tablename__ = "meeting"
    # One scheduled triangular consultation per mandate and expiry it prepares.
    __table_args__ = (UniqueConstraint("mandate_id", "prepares_expiry"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(300))
    mission: Mapped[str | None] = mapped_column(String(20), index=True)
    theme: Mapped[str | None] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    agenda: Mapped[list] = mapped_column(JSON)
    minutes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandate.id", ondelete="SET NULL"))
    prepares_expiry: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class Participant(Base):
    """An organization (a delegation, the Secretariat, an AU organ) or a person invited to a meeting, and whether they came."""

    __tablename__ = "meeting_participant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    organization_code: Mapped[str | None] = mapped_column(ForeignKey("organization.code"), index=True)
    person: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class Decision(Base):
    """Who decided what, when; taken at a meeting or not, and about a record (a subject type and id) or not."""

    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    decided_by: Mapped[str] = mapped_column(String(300))
    decided_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}
