"""The database: engine, sessions and the declarative base; SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import MetaData, create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from pko.config import CHECKOUT, get_settings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
MIGRATIONS = CHECKOUT / "migrations"


class Base(DeclarativeBase):
    """Declarative base of every PKO table."""

    metadata = MetaData(naming_convention=NAMING)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for a database URL; SQLite files get WAL mode and foreign keys."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One shared engine per URL in this process."""
    return make_engine(url)


def get_engine() -> Engine:
    """The engine of the configured database."""
    return engine_for(get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = sessionmaker(bind=engine or get_engine(), expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str):
    """The Alembic configuration for a database URL."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(url: str | None = None) -> str:
    """Bring the database to the newest revision (of every branch); return the revision(s)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    url = url or get_settings().database_url
    command.upgrade(alembic_config(url), "heads")
    with engine_for(url).connect() as connection:
        return ", ".join(MigrationContext.configure(connection).get_current_heads())


def table_names(engine: Engine) -> list[str]:
    """The tables that exist in a database."""
    return sorted(inspect(engine).get_table_names())


def load_models() -> None:
    """Import every domain's models so the metadata is complete."""
    from pko.actions import models as _ac  # noqa: F401
    from pko.audit import models as _au  # noqa: F401
    from pko.auth import models as _a  # noqa: F401
    from pko.consult import models as _co  # noqa: F401
    from pko.contributions import models as _c  # noqa: F401
    from pko.forcegen import models as _fg  # noqa: F401
    from pko.finance import models as _f  # noqa: F401
    from pko.incidents import models as _i  # noqa: F401
    from pko.locations import models as _l  # noqa: F401
    from pko.missions import models as _m  # noqa: F401
    from pko.missions.mandates import models as _md  # noqa: F401
    from pko.partnership import models as _pa  # noqa: F401
    from pko.registry import models as _r  # noqa: F401
    from pko.roads import models as _ro  # noqa: F401
    from pko.safety import models as _s  # noqa: F401
    from pko.sources import models as _so  # noqa: F401


def check_version(label: str, current: int, expected: int) -> None:
    """Refuse an edit made against another version than the stored one."""
    from pko.errors import StaleVersion

    if current != expected:
        raise StaleVersion(current, f"{label} is at version {current}, not {expected}: reload it and apply your change again")


def flush_versioned(session: Session, label: str) -> None:
    """Flush an edit; a concurrent change that won the race is reported, never overwritten."""
    from sqlalchemy.orm.exc import StaleDataError

    from pko.errors import StaleVersion

    try:
        session.flush()
    except StaleDataError:
        raise StaleVersion(None, f"{label} was changed by someone else meanwhile: reload it") from None
