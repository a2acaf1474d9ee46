"""Alembic environment: batch mode so that SQLite ALTERs work; the URL comes from the configuration."""

from alembic import context

from pko.db import Base, load_models, make_engine

load_models()
config = context.config


def run_migrations() -> None:
    """Run migrations on one connection, in batch mode for SQLite."""
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: give a database URL")
run_migrations()
