"""The registry: member states, organizations, Security Council seats by year."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pko.db import Base
from pko.sources.models import ImportedRow


class MemberState(ImportedRow, Base):
    """One of the 193 UN member states, keyed by ISO 3166 alpha-3."""

    __tablename__ = "member_state"

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    iso2: Mapped[str] = mapped_column(String(2), unique=True)
    m49: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    m49_english_name: Mapped[str] = mapped_column(String(120))
    m49_region: Mapped[str | None] = mapped_column(String(60))
    m49_subregion: Mapped[str | None] = mapped_column(String(60))
    m49_intermediate_region: Mapped[str | None] = mapped_column(String(60))
    regional_group: Mapped[str] = mapped_column(String(40), index=True)
    regional_group_note: Mapped[str | None] = mapped_column(Text)


class Organization(Base):
    """A body that acts on PKO: the Council, a committee, a Secretariat department, an AU organ, a delegation."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    parent_code: Mapped[str | None] = mapped_column(String(40))
    member_state_iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    version: Mapped[int] = mapped_column(Integer, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class CouncilSeat(ImportedRow, Base):
    """A state's seat on the Security Council in one year, as the source names it and as today's state."""

    __tablename__ = "council_seat"
    __table_args__ = (UniqueConstraint("year", "name_in_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name_in_source: Mapped[str] = mapped_column(String(120))
    iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    permanent: Mapped[bool] = mapped_column(Boolean)
    name_repaired: Mapped[bool] = mapped_column(Boolean, default=False)
    mapping_note: Mapped[str | None] = mapped_column(Text)
