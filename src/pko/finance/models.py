"""UN finance as published: regular-budget scales, assessments, assessed contributions and payments."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base
from pko.sources.models import ImportedRow


class ScaleRate(ImportedRow, Base):
    """One member state's regular-budget rate (percent) for a scale period such as 2019-2021."""

    __tablename__ = "finance_scale_rate"
    __table_args__ = (Index("ix_finance_scale_rate_period_iso3", "period", "iso3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(9))
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    iso3: Mapped[str] = mapped_column(String(3))
    member_state: Mapped[str] = mapped_column(String(120))
    rate_percent: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(400))


class Assessment(ImportedRow, Base):
    """A state's published gross assessment, staff-assessment credit and net assessment for a year (2000-2020)."""

    __tablename__ = "finance_assessment"
    __table_args__ = (Index("ix_finance_assessment_year_iso3", "year", "iso3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    iso3: Mapped[str] = mapped_column(String(3))  # historical codes (YUG, SCG) kept as published
    member_state: Mapped[str] = mapped_column(String(120))
    rate_percent: Mapped[float] = mapped_column(Float)
    gross_usd: Mapped[int] = mapped_column(BigInteger)
    credit_usd: Mapped[int] = mapped_column(BigInteger)
    net_usd: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(400))


class AssessedContribution(ImportedRow, Base):
    """A state's assessed contribution as the honour roll lists it (2019-2026), with its payment status."""

    __tablename__ = "finance_assessed_contribution"
    __table_args__ = (Index("ix_finance_assessed_contribution_year_iso3", "year", "iso3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    iso3: Mapped[str] = mapped_column(String(3))
    member_state: Mapped[str] = mapped_column(String(120))
    rate_percent: Mapped[float] = mapped_column(Float)
    amount_usd: Mapped[int] = mapped_column(BigInteger)
    amount_column: Mapped[str] = mapped_column(String(40))  # "Net contributions" or "Total contributions"
    payment_status: Mapped[str] = mapped_column(String(20))
    payment_date: Mapped[date | None] = mapped_column(Date)
    honour_roll_as_of: Mapped[date] = mapped_column(Date)
    document: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(400))


class Payment(ImportedRow, Base):
    """One payment on the honour roll (2000-2020): date, amount, whether within the due period."""

    __tablename__ = "finance_payment"
    __table_args__ = (Index("ix_finance_payment_iso3_date", "iso3", "payment_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_date: Mapped[date] = mapped_column(Date, index=True)
    iso3: Mapped[str] = mapped_column(String(3))
    member_state: Mapped[str] = mapped_column(String(120))
    amount_usd: Mapped[float] = mapped_column(Float)  # two amounts of the source are not whole dollars
    within_due_period: Mapped[bool] = mapped_column(Boolean)
    date_inexact: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(400))
