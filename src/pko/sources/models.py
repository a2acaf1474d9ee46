"""Import runs: what was read from which file, what was stored, skipped and repaired."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from pko.db import Base


class ImportRun(Base):
    """One stored import of one file; `current` is false once a newer run replaced its rows."""

    __tablename__ = "import_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    scope: Mapped[str] = mapped_column(String(64), default="all")
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime] = mapped_column(DateTime)
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_stored: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    rows_repaired: Mapped[int] = mapped_column(Integer, default=0)
    repairs: Mapped[dict] = mapped_column(JSON, default=dict)
    skips: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[list] = mapped_column(JSON, default=list)


class ImportedRow:
    """Mixin for rows that came from a file: the run that stored them and their row in the file."""

    @declared_attr
    def import_run_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("import_run.id", ondelete="CASCADE"), index=True)

    source_row: Mapped[int] = mapped_column(Integer)
