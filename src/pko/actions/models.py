"""Action items, what they concern, notifications, and AU-UN support requests and joint reviews."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base


class ActionItem(Base):
    """Something an organization must do by a date; versioned against lost updates."""

    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    owner_code: Mapped[str] = mapped_column(ForeignKey("organization.code"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    # A decision of the consultations domain; not a foreign key, so either domain can be migrated first.
    decision_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class ActionLink(Base):
    """A record an action item concerns: a pledge, a requirement, an incident, a budget, a meeting..."""

    __tablename__ = "action_link"
    __table_args__ = (UniqueConstraint("action_id", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action_item.id", ondelete="CASCADE"), index=True)
    record_type: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[int] = mapped_column(Integer)


class ActionNotice(Base):
    """That an owner was told about an item (assigned to it, or overdue at a due date): told once, mailed once."""

    __tablename__ = "action_notice"
    __table_args__ = (UniqueConstraint("action_id", "kind", "owner_code", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action_item.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    owner_code: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    recipients: Mapped[list] = mapped_column(JSON)


class Notification(Base):
    """An in-app message to one user or to every user of an organization."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    organization_code: Mapped[str | None] = mapped_column(ForeignKey("organization.code"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)


class SupportRequest(Base):
    """A request of the AU for UN support to an AU-led operation: logistics, financing under resolution 2719, other."""

    __tablename__ = "support_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    requesting_code: Mapped[str] = mapped_column(ForeignKey("organization.code"), index=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    amount_usd: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    description: Mapped[str] = mapped_column(Text)
    submitted_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class JointReview(Base):
    """An AU-UN joint review of an operation: when, who took part, what it found."""

    __tablename__ = "joint_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    participants: Mapped[list] = mapped_column(JSON)
    findings: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}
