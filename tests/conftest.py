"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when PKO_TEST_POSTGRES_URL is set),
the public data folder, a database with every public file loaded, and the CLI."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pko.config import default_data_dir
from pko.db import engine_for, upgrade

POSTGRES = os.environ.get("PKO_TEST_POSTGRES_URL")
# The development audit key file of the tests lives in a folder of their own, never in the user's home.
os.environ.setdefault("PKO_AUDIT_KEY_FILE", str(Path(tempfile.mkdtemp(prefix="pko-audit-")) / "audit.key"))  # e.g. postgresql://postgres@127.0.0.1:5432/postgres


_TEMPLATE: dict[str, str] = {}  # the database migrated once per run, which each test's database copies


def _postgres_database(template: str | None = None) -> str:
    import psycopg

    name = f"pko_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


def _template() -> str:
    """The URL of a database migrated to the newest revision, made on first use."""
    if "url" not in _TEMPLATE:
        url = _postgres_database() if POSTGRES else f"sqlite:///{Path(tempfile.mkdtemp()) / 'template.sqlite3'}"
        upgrade(url)
        engine_for(url).dispose()  # PostgreSQL copies a template only while no one is connected to it
        _TEMPLATE["url"] = url
    return _TEMPLATE["url"]


def _drop_postgres_database(url: str) -> None:
    import psycopg

    engine_for(url).dispose()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_database_url(folder: Path) -> str:
    """An empty database on the backend under test at the newest revision (a copy of the migrated template)."""
    template = _template()
    if POSTGRES:
        return _postgres_database(template.rsplit("/", 1)[1])
    path = folder / "pko.sqlite3"
    source, copy = sqlite3.connect(template.removeprefix("sqlite:///")), sqlite3.connect(path)
    source.backup(copy)
    copy.close()
    source.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session", autouse=True)
def _drop_template():
    """Remove the template database when the run ends."""
    yield
    if POSTGRES and "url" in _TEMPLATE:
        _drop_postgres_database(_TEMPLATE.pop("url"))


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
