"""Missions: the UN, AU-led and hybrid operations PKO knows, as the data shows them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base


class Mission(Base):
    """An operation PKO knows: named by the catalogue, placed and dated by the data that mention it."""

    __tablename__ = "mission"

    acronym: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    country: Mapped[str | None] = mapped_column(String(120))
    country_iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    hq: Mapped[str | None] = mapped_column(String(120))
    hq_lat: Mapped[float | None] = mapped_column(Float)
    hq_lon: Mapped[float | None] = mapped_column(Float)
    region: Mapped[str | None] = mapped_column(String(60))
    # Month-end dates of the first and last month any table mentions the mission (None if never seen).
    first_month: Mapped[date | None] = mapped_column(Date)
    last_month: Mapped[date | None] = mapped_column(Date)
    # The import sources that mention it, e.g. ["fatalities-2023", "ipi-missions"].
    sources: Mapped[list] = mapped_column(JSON, default=list)
    # "data" when seen in an imported file (recomputed on each import), "record" when added by hand.
    origin: Mapped[str] = mapped_column(String(10), default="data")
    note: Mapped[str | None] = mapped_column(Text)
    # Who mandated the operation (e.g. "AU Peace and Security Council") and, where it exists, the
    # Security Council resolution that authorized it (e.g. "S/RES/2628 (2022)").
    mandating_body: Mapped[str | None] = mapped_column(String(120))
    council_authorization: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, server_default="1")

    __mapper_args__ = {"version_id_col": version}
