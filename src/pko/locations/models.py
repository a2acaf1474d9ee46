"""Where peacekeepers were (Geo-PKO, RADPKO), MINUSMA quick-impact projects, Mali's admin areas and places."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base
from pko.sources.models import ImportedRow


class GeoPKOV1Deployment(ImportedRow, Base):
    """One location on one UN deployment map (Geo-PKO v1, Africa 1994-2018)."""

    __tablename__ = "geopko_v1_deployment"
    __table_args__ = (Index("ix_geopko_v1_deployment_run_row", "import_run_id", "source_row", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_source: Mapped[str] = mapped_column(String(80))
    mission: Mapped[str] = mapped_column(String(20), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # month-end date of the map
    location: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(80))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    troops: Mapped[int | None] = mapped_column(Integer)
    contributor_count: Mapped[int | None] = mapped_column(Integer)
    reserve_troops: Mapped[int | None] = mapped_column(Integer)
    force_protection_troops: Mapped[int | None] = mapped_column(Integer)
    police: Mapped[bool] = mapped_column(Boolean)
    military_observers: Mapped[bool] = mapped_column(Boolean)
    headquarters: Mapped[int | None] = mapped_column(Integer)  # 0 none, 1 sector, 2 regional, 3 mission HQ
    liaison_office: Mapped[bool] = mapped_column(Boolean)
    comments: Mapped[str | None] = mapped_column(Text)
    adm1_name: Mapped[str | None] = mapped_column(String(120))
    adm2_name: Mapped[str | None] = mapped_column(String(120))


class GeoPKOV1Contingent(ImportedRow, Base):
    """One contributor's troops at one map location (v1 `name.of.TCCn` / `No.troops.per.TCCn`)."""

    __tablename__ = "geopko_v1_contingent"
    __table_args__ = (Index("ix_geopko_v1_contingent_run_row", "import_run_id", "source_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    troops: Mapped[int | None] = mapped_column(Integer)


class GeoPKOV2Location(ImportedRow, Base):
    """A mission's location in one year from one map (Geo-PKO v2.3 FrontMap): troops and presence flags."""

    __tablename__ = "geopko_v2_location"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    country: Mapped[str] = mapped_column(String(80))
    location: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    infantry: Mapped[int | None] = mapped_column(Integer)
    troops: Mapped[int | None] = mapped_column(Integer)
    reserve: Mapped[int] = mapped_column(Integer)
    headquarters: Mapped[int] = mapped_column(Integer)
    police: Mapped[bool] = mapped_column(Boolean)
    medical: Mapped[bool] = mapped_column(Boolean)
    aviation: Mapped[int] = mapped_column(Integer)
    military_observers: Mapped[bool] = mapped_column(Boolean)
    average_troops: Mapped[float | None] = mapped_column(Float)  # the year's mean over the maps


class GeoPKOV2Contributors(ImportedRow, Base):
    """The contributors at a mission's location in one year (Geo-PKO v2.3 TCCMap), as free text."""

    __tablename__ = "geopko_v2_contributors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    location: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    contributor_count: Mapped[int] = mapped_column(Integer)
    overview: Mapped[str] = mapped_column(Text)


class GeoPKOV2Contingent(ImportedRow, Base):
    """One contributor named in a TCCMap overview, e.g. 'Nepal (650)'; troops None for 'size unknown'."""

    __tablename__ = "geopko_v2_contingent"
    __table_args__ = (Index("ix_geopko_v2_contingent_run_row", "import_run_id", "source_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    troops: Mapped[int | None] = mapped_column(Integer)


class GeoPKOV2UnitTypes(ImportedRow, Base):
    """Units by type at a mission's location in one year (Geo-PKO v2.3 TTMap)."""

    __tablename__ = "geopko_v2_unit_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    location: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    infantry: Mapped[int] = mapped_column(Integer)
    engineering: Mapped[int] = mapped_column(Integer)
    medical: Mapped[int] = mapped_column(Integer)
    signals: Mapped[int] = mapped_column(Integer)
    aviation: Mapped[int] = mapped_column(Integer)
    riverine: Mapped[int] = mapped_column(Integer)
    maintenance: Mapped[int] = mapped_column(Integer)
    transport: Mapped[int] = mapped_column(Integer)


class RadpkoBaseYear(ImportedRow, Base):
    """A base in one year (RADPKO): yearly means of monthly personnel figures, hence fractional."""

    __tablename__ = "radpko_base_year"
    __table_args__ = (Index("ix_radpko_base_year_run_row", "import_run_id", "source_row", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str] = mapped_column(String(80))
    base: Mapped[str] = mapped_column(String(120))
    year: Mapped[int] = mapped_column(Integer, index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    personnel: Mapped[float] = mapped_column(Float)  # pko_deployed
    troops: Mapped[float] = mapped_column(Float)
    police: Mapped[float] = mapped_column(Float)
    observers: Mapped[float] = mapped_column(Float)
    female_troops: Mapped[float] = mapped_column(Float)
    female_police: Mapped[float] = mapped_column(Float)
    female_observers: Mapped[float] = mapped_column(Float)
    contributor_count: Mapped[float] = mapped_column(Float)


class RadpkoContingent(ImportedRow, Base):
    """One contributor at a base in one year (RADPKO's wide per-country columns in long form)."""

    __tablename__ = "radpko_contingent"
    __table_args__ = (Index("ix_radpko_contingent_run_row", "import_run_id", "source_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))  # the column stem, e.g. 'burkina.faso'
    iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    units: Mapped[float] = mapped_column(Float)  # the bare country column
    personnel: Mapped[float] = mapped_column(Float)
    troops: Mapped[float] = mapped_column(Float)
    police: Mapped[float] = mapped_column(Float)
    observers: Mapped[float] = mapped_column(Float)


class QuickImpactProject(ImportedRow, Base):
    """A MINUSMA quick-impact project with where it was and what was disbursed (USD)."""

    __tablename__ = "quick_impact_project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(120))
    activity_type: Mapped[str] = mapped_column(String(120))
    partner_type: Mapped[str | None] = mapped_column(String(120))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    beneficiaries: Mapped[int | None] = mapped_column(Integer)
    beneficiary_type: Mapped[str | None] = mapped_column(String(120))
    amount_disbursed: Mapped[float] = mapped_column(Float)


class AdminArea(ImportedRow, Base):
    """An administrative area of Mali (OCHA COD-AB) with its P-code, parent and GeoJSON geometry."""

    __tablename__ = "admin_area"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[int] = mapped_column(Integer, index=True)
    pcode: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(120))
    parent_pcode: Mapped[str | None] = mapped_column(String(20))
    valid_on: Mapped[date | None] = mapped_column(Date)
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)
    geometry: Mapped[str] = mapped_column(Text)  # GeoJSON geometry object, WGS 84


class PopulatedPlace(ImportedRow, Base):
    """A populated place (OCHA COD settlements of Mali, or an OpenStreetMap place node)."""

    __tablename__ = "populated_place"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset: Mapped[str] = mapped_column(String(20), index=True)  # 'ocha-cod' or 'osm'
    ref: Mapped[str] = mapped_column(String(40))  # P-code or OSM node id
    name: Mapped[str | None] = mapped_column(String(200), index=True)
    name_en: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str | None] = mapped_column(String(40))
    population: Mapped[int | None] = mapped_column(Integer)
    admin1_pcode: Mapped[str | None] = mapped_column(String(20))
    admin1_name: Mapped[str | None] = mapped_column(String(120))
    admin2_pcode: Mapped[str | None] = mapped_column(String(20))
    admin2_name: Mapped[str | None] = mapped_column(String(120))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
