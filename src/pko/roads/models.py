"""Stored road networks: one row per imported network and one per road (a LineString or an OSM way)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base


class RoadNetwork(Base):
    """A named road network imported from one file; `checksum` is the file's SHA-256, `version` bumps on replace."""

    __tablename__ = "road_network"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    source_file: Mapped[str] = mapped_column(String(300))
    source_format: Mapped[str] = mapped_column(String(10))  # 'geojson' or 'osm'
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    segments: Mapped[int] = mapped_column(Integer)
    length_km: Mapped[float] = mapped_column(Float)
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class RoadSegment(Base):
    """One road of a network: its [lon, lat] positions, name and highway class where the file gave them."""

    __tablename__ = "road_segment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("road_network.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    feature: Mapped[str] = mapped_column(String(40))  # GeoJSON feature number or OSM way id
    name: Mapped[str | None] = mapped_column(String(200))
    highway: Mapped[str | None] = mapped_column(String(40))
    oneway: Mapped[bool] = mapped_column(Boolean)
    coordinates: Mapped[list] = mapped_column(JSON)
