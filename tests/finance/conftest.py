"""A database with the member states, every finance file and the IPI gender file imported, shared by this folder's read tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import POSTGRES, _drop_postgres_database, new_database_url
from pko.config import get_settings
from pko.db import engine_for
from pko.sources import ipi_gender, un_finance_assessments_2000, un_finance_assessments_2019, un_finance_payments, un_finance_scales, un_member_states
from pko.sources.importer import import_file

READERS = (un_member_states, un_finance_scales, un_finance_assessments_2000, un_finance_assessments_2019, un_finance_payments, ipi_gender)


@pytest.fixture(scope="session")
def finance_url(tmp_path_factory, data_dir):
    url = new_database_url(tmp_path_factory.mktemp("finance"))
    for reader in READERS:
        for path in sorted(data_dir.glob(reader.FILES[0])):
            import_file(engine_for(url), reader, path)
    yield url
    if POSTGRES:
        _drop_postgres_database(url)


@pytest.fixture
def api(finance_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", finance_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()
