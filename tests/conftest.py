"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when PKO_TEST_POSTGRES_URL is set),
the public data folder, a database with every public file loaded, and the CLI."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pko.config import default_data_dir
from pko.db import engine_for, upgrade

POSTGRES = os.environ.get("PKO_TEST_POSTGRES_URL")  # e.g. postgresql://postgres@127.0.0.1:5432/postgres


def _postgres_database() -> str:
    import psycopg

    name = f"pko_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


def _drop_postgres_database(url: str) -> None:
    import psycopg

    engine_for(url).dispose()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_database_url(folder: Path) -> str:
    """An empty database on the backend under test, migrated to the newest revision."""
    url = _postgres_database() if POSTGRES else f"sqlite:///{folder / 'pko.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture
def database_url(tmp_path):
    """A fresh, migrated database for one test."""
    url = new_database_url(tmp_path)
    yield url
    if POSTGRES:
        _drop_postgres_database(url)
    else:
        engine_for(url).dispose()


@pytest.fixture
def engine(database_url):
    return engine_for(database_url)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The public data folder (PKO_DATA_DIR, else ../shared/data beside the checkout)."""
    folder = Path(os.environ.get("PKO_DATA_DIR") or default_data_dir())
    if not (folder / "un_fatalities").is_dir():
        pytest.fail(f"public data folder not found at {folder}: set PKO_DATA_DIR")
    return folder


@pytest.fixture(scope="session")
def loaded_url(tmp_path_factory, data_dir):
    """A database with every public file imported, shared by read-only tests."""
    from pko.sources.importer import import_all

    url = new_database_url(tmp_path_factory.mktemp("loaded"))
    import_all(engine_for(url), data_dir)
    yield url
    if POSTGRES:
        _drop_postgres_database(url)


@pytest.fixture(scope="session")
def loaded_engine(loaded_url):
    return engine_for(loaded_url)


@pytest.fixture
def run_cli(database_url, data_dir):
    """Run `pko ...` in-process against the test's database; returns the Click result."""
    from pko.cli import app

    def run(*args: str, url: str | None = None):
        env = {"PKO_DATABASE_URL": url or database_url, "PKO_DATA_DIR": str(data_dir)}
        return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)

    return run
