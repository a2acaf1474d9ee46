"""The UN Data Hub's contributions: fetched from a local server, imported with their defects repaired and counted,
preferred where they reach, checked against IPI, and bad files refused with the database unchanged."""

from __future__ import annotations

import json
import shutil
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from datahub_files import HUB_MARCH_TOP, HUB_ROWS, write_hub, write_ipi, write_latest
from sqlalchemy import func, select

from pko.contributions.models import DataHubContribution
from pko.db import session_scope
from pko.sources.fetch import MANIFEST, source_url
from pko.sources.models import ImportRun

HUB = "un_contributions_psdh/DPO-UCHISTORICAL.csv"
LATEST = "un_contributions_psdh/DPO-UCLATEST.csv"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serving(folder):
    """An HTTP server on 127.0.0.1 serving a folder; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def fetched(run_cli, data_dir, tmp_path):
    """A data folder with member states and an IPI file, the Data Hub files fetched into it, all imported."""
    mirror, target = tmp_path / "mirror", tmp_path / "data"
    write_hub(mirror / HUB)
    write_latest(mirror / LATEST)
    shutil.copytree(data_dir / "un_member_states", target / "un_member_states")
    write_ipi(target / "un_contributions_ipi" / "ipi_full_gender_data_2013-12_to_2014-02.csv")
    with serving(mirror) as base:
        fetch = run_cli("data", "fetch", "--to", str(target), "--base-url", base, "--only", "un_contributions_psdh/")
    assert fetch.exit_code == 0, fetch.output
    assert "2 stored, 0 without a direct download, 0 failed" in fetch.output
    imported = run_cli("import", "all", "--data-dir", str(target))
    assert imported.exit_code == 0, imported.output
    assert "DPO-UCHISTORICAL.csv" in imported.output and "DPO-UCLATEST.csv" in imported.output
    return target


def test_the_manifest_downloads_from_the_data_hub_api():
    urls = {entry.path: source_url(entry, None) for entry in MANIFEST}
    assert urls[HUB] == "https://api.psdata.un.org/public/data/DPO-UCHISTORICAL/csv"
    assert urls[LATEST] == "https://api.psdata.un.org/public/data/DPO-UCLATEST/csv"
    assert source_url(next(e for e in MANIFEST if e.path == HUB), "http://mirror/") == f"http://mirror/{HUB}"


def test_defects_are_repaired_and_counted(fetched, engine):
    with session_scope(engine) as session:
        run = session.scalars(select(ImportRun).where(ImportRun.source == "psdh-contributions")).one()
        stored = session.scalar(select(func.count()).select_from(DataHubContribution))
        blank = session.scalars(select(DataHubContribution.contributor).where(DataHubContribution.source_row == 8)).one()
        m49 = set(session.scalars(select(DataHubContribution.m49).where(DataHubContribution.iso3 == "FRA")))
    assert run.rows_read == len(HUB_ROWS) + 1 and stored == len(HUB_ROWS) - 1
    assert run.skips == {"aggregate row (a total of the file, not a contribution) skipped": 1,
                         "row with no personnel (zero or blank figures) skipped": 1}
    assert run.repairs["blank contributor name filled from the same code's name elsewhere in the file (or the code)"] == 1
    assert run.repairs["variant spelling of a contributor replaced by the file's commonest one for its code"] == 1
    assert run.repairs["ISO3 and M49 codes read by content from each other's column"] == len(HUB_ROWS) - 2
    assert "months missing from the file (no data, not zero): 2014-02" in run.notes
    assert blank == "France" and m49 == {250}


def test_top_total_and_series_prefer_the_data_hub_where_it_reaches(run_cli, fetched):
    march = _json(run_cli("contributions", "top", "--date", "2014-03-31", "--format", "json"))
    assert [(row["iso3"], row["total"], row["source"]) for row in march] == [(iso3, total, "psdh-contributions") for iso3, total in HUB_MARCH_TOP]
    # February is missing from the Data Hub export: IPI answers, and says so.
    february = _json(run_cli("contributions", "top", "--date", "2014-02-28", "--format", "json"))
    assert {row["source"] for row in february} == {"ipi-gender"} and february[0]["total"] == 3755
    april = _json(run_cli("contributions", "top", "--date", "2014-04-30", "--format", "json"))
    assert [(row["rank"], row["iso3"], row["total"], row["source"]) for row in april][0] == (1, "IND", 4030, "psdh-latest")
    january = _json(run_cli("contributions", "total", "--date", "2014-01-31", "--format", "json"))
    assert (january[0]["source"], january[0]["total"]) == ("psdh-contributions", 61 + 812 + 40 + 762 + 2 + 30 + 20 + 3700)
    assert "differs from ipi-gender for 1 contributor x mission pair(s), net +20" in january[0]["note"]
    assert "psdh-contributions" not in {row["source"] for row in _json(run_cli("contributions", "total", "--date", "2014-02-28", "--format", "json"))}
    series = _json(run_cli("contributions", "series", "--country", "IND", "--format", "json"))
    assert [(row["period"], row["source"], row["total"]) for row in series] == [
        ("2013-12-31", "psdh-contributions", 3700), ("2014-01-31", "psdh-contributions", 3720),
        ("2014-02-28", "ipi-gender", 3755), ("2014-03-31", "psdh-contributions", 3965), ("2014-04-30", "psdh-latest", 4030)]
    table = run_cli("contributions", "series", "--country", "IND", "--mission", "MONUSCO")
    assert "psdh-contributions: DPO-UCHISTORICAL.csv" in table.output


def test_crosscheck_reports_the_month_where_ipi_and_the_data_hub_disagree(run_cli, fetched):
    found = _json(run_cli("contributions", "crosscheck", "--format", "json"))
    assert found["months"] == ["2013-12-31", "2014-01-31"] and found["pairs"] == 6
    assert found["differing"] == [{
        "month": "2014-01-31", "iso3": "IND", "contributor": "India", "mission": "MONUSCO", "ipi_gender": 3700,
        "psdh-contributions": 3720, "difference": 20, "note": None}]
    table = run_cli("contributions", "crosscheck", "--from", "2013-12")
    assert "2 month(s) held by both" in " ".join(table.output.split()) and "MONUSCO" in table.output
    agree = run_cli("contributions", "crosscheck", "--to", "2013-12")
    assert "1 month(s) held by both" in agree.output and "they agree everywhere" in agree.output


def _hub_rows(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        return (session.scalar(select(func.count()).select_from(DataHubContribution)),
                session.scalar(select(func.count()).select_from(ImportRun)))


@pytest.mark.parametrize(("change", "expected"), [
    (lambda rows: rows.__setitem__(2, ("31/13/2013", *rows[2][1:])), "row 4, field 'last_reporting_date': '31/13/2013' is not a date"),
    (lambda rows: rows.__setitem__(3, (*rows[3][:5], "Sailors", *rows[3][6:])), "row 5, field 'personnel_type': 'Sailors' is not a personnel type"),
    (lambda rows: rows.append((*rows[0][:6], 1, 1)), "row 15, field 'female_personnel': second, different row for Ghana, UNIFIL, troops, 2013-12-31"),
    (lambda rows: rows.__setitem__(0, ("2013-12-31", "Ghana", "250.0", "FRA", *rows[0][4:])), "row 2, field 'contributing_country': 'Ghana' is GHA, but the row's code is FRA"),
    (lambda rows: rows.__setitem__(1, ("2013-12-31", "France", "F1", "FRA", *rows[1][4:])), "row 3, field 'isocode3': 'F1' is neither a 3-letter ISO code nor an M49 number"),
    (lambda rows: rows.__setitem__(1, (*rows[1][:6], -4, 760)), "row 3, field 'female_personnel': -4 is negative"),
    (lambda rows: rows.__setitem__(1, (*rows[1][:4], "NOWHERE", *rows[1][5:])), "row 3, field 'mission_acronym': 'NOWHERE' is not a known mission"),
])
def test_bad_files_are_refused_and_the_database_is_unchanged(run_cli, engine, data_dir, tmp_path, change, expected):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    good = run_cli("import", "contributions", str(write_hub(tmp_path / "good" / "DPO-UCHISTORICAL.csv")))
    assert good.exit_code == 0, good.output
    before = _hub_rows(engine)
    rows = list(HUB_ROWS)
    change(rows)
    result = run_cli("import", "contributions", str(write_hub(tmp_path / "DPO-UCHISTORICAL.csv", rows)))
    assert result.exit_code == 1
    assert f"DPO-UCHISTORICAL.csv, {expected}" in " ".join(result.output.split())
    assert "database unchanged" in result.output
    assert _hub_rows(engine) == before


def test_the_latest_month_file_is_read_by_its_own_reader(run_cli, data_dir, tmp_path):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    result = run_cli("import", "contributions", str(write_latest(tmp_path / "dpo-uclatest.csv")))
    assert result.exit_code == 0, result.output
    assert "source psdh-latest (2014-04-30)" in " ".join(result.output.split())
    twice = run_cli("import", "contributions", str(write_latest(tmp_path / "twice.csv", [
        (1, "India", "356.0", "IND", 40, 3990, 4030, 1, "2014-04-30"), (2, "India", "IND", "356", 1, 1, 2, 2, "2014-04-30")])))
    assert twice.exit_code == 1 and "row 3, field 'contributing_country': 'India' listed twice" in " ".join(twice.output.split())


def test_api_crosscheck(fetched, database_url, monkeypatch):
    from fastapi.testclient import TestClient

    from pko.config import get_settings

    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    found = client.get("/api/v1/contributions/crosscheck", params={"mission": "MONUSCO"}).json()
    assert [(row["month"], row["iso3"], row["difference"]) for row in found["differing"]] == [("2014-01-31", "IND", 20)]
    assert any("DPO-UCHISTORICAL.csv" in source for source in found["sources"])
    assert client.get("/api/v1/contributions/crosscheck", params={"mission": "NOWHERE"}).status_code == 422
    get_settings.cache_clear()
