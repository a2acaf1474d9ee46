"""Deployed uniformed personnel, one table per source granularity; every figure keeps its source row."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base
from pko.sources.models import ImportedRow

CATEGORIES = ("individual_police", "formed_police_units", "experts_on_mission", "troops")
# The Data Hub counts staff officers apart; the IPI file counts them among troops.
DATA_HUB_CATEGORIES = (*CATEGORIES, "staff_officer")


class Contribution(ImportedRow, Base):
    """Month-end count of one contributor's personnel of one category in one mission, by sex (IPI gender file)."""

    __tablename__ = "contribution"
    __table_args__ = (
        Index("ix_contribution_month_mission", "month", "mission"),
        Index("ix_contribution_iso3_month", "iso3", "month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    contributor: Mapped[str] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3))
    mission: Mapped[str] = mapped_column(String(20), index=True)
    category: Mapped[str] = mapped_column(String(24), index=True)
    male: Mapped[int | None] = mapped_column(Integer)
    female: Mapped[int | None] = mapped_column(Integer)
    # The published total, kept even where it is not male + female (a defect of the source).
    total: Mapped[int | None] = mapped_column(Integer)
    total_matches: Mapped[bool] = mapped_column(Boolean)


class DataHubContribution(ImportedRow, Base):
    """Month-end count of one contributor's personnel of one type in one mission, by sex (UN Data Hub DPO-UCHISTORICAL)."""

    __tablename__ = "contribution_psdh"
    __table_args__ = (
        Index("ix_contribution_psdh_month_mission", "month", "mission"),
        Index("ix_contribution_psdh_iso3_month", "iso3", "month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    contributor: Mapped[str] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3))
    m49: Mapped[int | None] = mapped_column(Integer)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    category: Mapped[str] = mapped_column(String(24))  # one of DATA_HUB_CATEGORIES
    female: Mapped[int] = mapped_column(Integer)
    male: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)  # female + male: the data set publishes no other total


class PublishedGrandTotal(ImportedRow, Base):
    """The gender file's own world total per month and category (its Contributor=all, Mission=all rows)."""

    __tablename__ = "contribution_published_total"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    category: Mapped[str] = mapped_column(String(24))  # one of CATEGORIES or "all"
    male: Mapped[int | None] = mapped_column(Integer)
    female: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int | None] = mapped_column(Integer)


class ContributorMonth(ImportedRow, Base):
    """Month-end count of one contributor's personnel over all missions, by category (IPI country files)."""

    __tablename__ = "contributor_month"
    __table_args__ = (Index("ix_contributor_month_iso3_month", "iso3", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    contributor: Mapped[str] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3))
    troops: Mapped[int | None] = mapped_column(Integer)
    police: Mapped[int | None] = mapped_column(Integer)
    experts: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)  # troops + police + experts, missing counted as 0


class MissionMonth(ImportedRow, Base):
    """Month-end strength of one mission, with its HQ and where it served (IPI mission file)."""

    __tablename__ = "mission_month"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    mission_in_source: Mapped[str] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(120))
    country_iso3: Mapped[str | None] = mapped_column(String(3))
    hq: Mapped[str | None] = mapped_column(String(120))
    hq_latitude: Mapped[float | None] = mapped_column(Float)
    hq_longitude: Mapped[float | None] = mapped_column(Float)
    continent: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(60))
    contributors: Mapped[int | None] = mapped_column(Integer)
    troops: Mapped[int | None] = mapped_column(Integer)
    police: Mapped[int | None] = mapped_column(Integer)
    observers: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int | None] = mapped_column(Integer)


class WorldMonth(ImportedRow, Base):
    """Month-end world totals and the spread of contributions across contributors (IPI monthly file)."""

    __tablename__ = "world_month"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, unique=True)
    contributors: Mapped[int | None] = mapped_column(Integer)
    troops: Mapped[int | None] = mapped_column(Integer)
    troops_mean: Mapped[float | None] = mapped_column(Float)
    troops_median: Mapped[float | None] = mapped_column(Float)
    troops_sd: Mapped[float | None] = mapped_column(Float)
    police: Mapped[int | None] = mapped_column(Integer)
    police_mean: Mapped[float | None] = mapped_column(Float)
    police_median: Mapped[float | None] = mapped_column(Float)
    police_sd: Mapped[float | None] = mapped_column(Float)
    experts: Mapped[int | None] = mapped_column(Integer)
    experts_mean: Mapped[float | None] = mapped_column(Float)
    experts_median: Mapped[float | None] = mapped_column(Float)
    experts_sd: Mapped[float | None] = mapped_column(Float)
    total: Mapped[int | None] = mapped_column(Integer)
    total_mean: Mapped[float | None] = mapped_column(Float)
    total_median: Mapped[float | None] = mapped_column(Float)
    total_sd: Mapped[float | None] = mapped_column(Float)


class YearAverage(ImportedRow, Base):
    """Average monthly personnel of one contributor in one mission over a year (CountryByYear)."""

    __tablename__ = "contribution_year_average"
    __table_args__ = (Index("ix_contribution_year_average_iso3_year", "iso3", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    contributor: Mapped[str] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3))
    mission: Mapped[str] = mapped_column(String(20), index=True)
    female: Mapped[int] = mapped_column(Integer)
    male: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)


class Ranking(ImportedRow, Base):
    """A contributor's place in the UN ranking of uniformed personnel on one reporting date."""

    __tablename__ = "contribution_ranking"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reported_on: Mapped[date] = mapped_column(Date, index=True)
    rank: Mapped[int] = mapped_column(Integer)
    contributor: Mapped[str] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3))
    m49: Mapped[int | None] = mapped_column(Integer)
    female: Mapped[int] = mapped_column(Integer)
    male: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)


class YearEndTotal(ImportedRow, Base):
    """World total of UN peacekeepers at the end of a year (Our World in Data, from UN and GPF figures)."""

    __tablename__ = "contribution_year_end_total"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    missions: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int | None] = mapped_column(Integer)
    police: Mapped[int | None] = mapped_column(Integer)
    observers: Mapped[int | None] = mapped_column(Integer)
    troops: Mapped[int | None] = mapped_column(Integer)
