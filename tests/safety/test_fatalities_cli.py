"""Fatalities through the CLI and the service, over both releases imported from the public files."""

from __future__ import annotations

import json

import pytest
from conftest import POSTGRES, _drop_postgres_database, new_database_url
from sqlalchemy import func, select

from pko.db import engine_for, session_scope
from pko.safety import service
from pko.safety.models import Fatality
from pko.sources import fatalities_2021, fatalities_2023, un_member_states
from pko.sources.importer import import_file, reader_for
from pko.sources.models import ImportRun

NEW, OLD = "2023-11-28", "2021-06-10"


@pytest.fixture(scope="module")
def releases(tmp_path_factory, data_dir):
    """A database with the member states and both fatalities releases; the outcome of each import."""
    url = new_database_url(tmp_path_factory.mktemp("fatalities"))
    engine = engine_for(url)
    import_file(engine, un_member_states, data_dir / "un_member_states/un_member_states_193.csv")
    outcomes = {}
    for name in ("dppadposs-fatalities_2023-11-28.csv", "odp_noticas_2021-06.csv"):
        path = data_dir / "un_fatalities" / name
        outcomes[name] = import_file(engine, reader_for("fatalities", path), path)
    yield url, outcomes
    if POSTGRES:
        _drop_postgres_database(url)


def summary(run_cli, url, *args):
    result = run_cli("fatalities", "summary", "--by", "year", *args, "--format", "json", url=url)
    assert result.exit_code == 0, result.output
    return {row["year"]: row["fatalities"] for row in json.loads(result.stdout)}


@pytest.mark.parametrize("release", [None, NEW, OLD])
def test_published_malicious_act_figures(releases, run_cli, release):
    url = releases[0]
    chosen = ("--release", release) if release else ()
    uniformed = summary(run_cli, url, "--incident-type", "Malicious Act", "--personnel", "uniformed", *chosen)
    assert (uniformed[2017], uniformed[2018]) == (58, 27)
    everyone = summary(run_cli, url, "--incident-type", "Malicious Act", "--personnel", "all", *chosen)
    assert everyone[2017] == 59
    minusma = summary(run_cli, url, "--incident-type", "Malicious Act", "--personnel", "all", "--mission", "MINUSMA", *chosen)
    assert (minusma[2017], minusma[2018]) == (24, 11)


def test_year_range_and_uniformed_is_the_sum_of_its_three_types(releases, run_cli):
    url = releases[0]
    years = summary(run_cli, url, "--incident-type", "malicious act", "--personnel", "uniformed", "--from", "2016", "--to", "2019")
    assert sorted(years) == [2016, 2017, 2018, 2019]
    parts = [summary(run_cli, url, "--incident-type", "Malicious Act", "--personnel", kind, "--from", "2017", "--to", "2017")
             for kind in ("Military", "Police", "Military Observer")]
    assert sum(part.get(2017, 0) for part in parts) == 58


def test_summary_by_every_dimension_adds_up_to_the_release(releases, run_cli):
    url = releases[0]
    totals = []
    for by in ("year", "mission", "nationality", "personnel", "incident-type"):
        result = run_cli("fatalities", "summary", "--by", by, "--format", "json", url=url)
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        totals.append(sum(row["fatalities"] for row in rows))
    assert totals == [4344] * 5
    result = run_cli("fatalities", "summary", "--by", "personnel", "--format", "csv", url=url)
    assert result.stdout.splitlines()[0] == "personnel_type,fatalities"
    assert "Local," in result.stdout  # the source's 'Local ' with its trailing space is stored stripped


def test_table_output_names_release_and_source(releases, run_cli):
    result = run_cli("fatalities", "summary", "--by", "year", "--from", "2017", "--to", "2017", url=releases[0])
    assert result.exit_code == 0
    assert "2017" in result.stdout and "2,017" not in result.stdout
    assert f"release {NEW}" in result.stdout and "dppadposs-fatalities_2023-11-28.csv" in result.stdout


@pytest.mark.parametrize("args, message", [
    (("--by", "colour"), "not a summary"),
    (("--by", "year", "--mission", "NOPE"), "not a known mission"),
    (("--by", "year", "--personnel", "sailors"), "not a personnel type"),
    (("--by", "year", "--incident-type", "Meteor"), "not a type of incident"),
    (("--by", "year", "--release", "2020-01-01"), "no release 2020-01-01"),
])
def test_bad_filters_are_refused(releases, run_cli, args, message):
    result = run_cli("fatalities", "summary", *args, url=releases[0])
    assert result.exit_code == 2
    assert message in result.output


def test_releases_are_listed_with_the_rule_that_dated_them(releases, run_cli):
    result = run_cli("fatalities", "releases", "--format", "json", url=releases[0])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(row["release"], row["records"]) for row in rows] == [(OLD, 4111), (NEW, 4344)]
    assert "latest incident" in rows[0]["dated_by"] and "last_update" in rows[1]["dated_by"]
    assert rows[1]["file"] == "dppadposs-fatalities_2023-11-28.csv"


def test_diff_lists_added_and_reclassified_records(releases, run_cli):
    result = run_cli("fatalities", "diff", "--from", OLD, "--to", NEW, "--format", "json", url=releases[0])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    kinds = {kind: [row for row in rows if row["change"] == kind] for kind in ("added", "removed", "reclassified")}
    assert (len(kinds["added"]), len(kinds["removed"]), len(kinds["reclassified"])) == (233, 0, 1)
    assert kinds["reclassified"][0] == {
        "casualty_id": "MINUSMA-2021-01-00015", "change": "reclassified", "incident_date": "2021-01-23",
        "mission": "MINUSMA", "fields": "incident_date",
        "before": "incident_date=2021-01-24", "after": "incident_date=2021-01-23",
    }
    assert {"casualty_id": "UNIFIL-2023-11-00003", "mission": "UNIFIL"}.items() <= next(
        row for row in kinds["added"] if row["casualty_id"] == "UNIFIL-2023-11-00003").items()
    backwards = json.loads(run_cli("fatalities", "diff", "--from", NEW, "--to", OLD, "--format", "json", url=releases[0]).stdout)
    assert sum(row["change"] == "removed" for row in backwards) == 233
    table = run_cli("fatalities", "diff", url=releases[0])  # default: the two newest releases
    assert "233 added, 0 removed, 1 reclassified" in table.stdout and "not compared" in table.stdout and "gender" in table.stdout


def test_diff_of_unknown_release_is_refused(releases, run_cli):
    result = run_cli("fatalities", "diff", "--from", "1999-01-01", "--to", NEW, url=releases[0])
    assert result.exit_code == 2 and "no release 1999-01-01" in result.output


def test_import_report_counts_repairs_and_the_casualties_listed_twice(releases):
    url, outcomes = releases
    new, old = outcomes["dppadposs-fatalities_2023-11-28.csv"].run, outcomes["odp_noticas_2021-06.csv"].run
    assert (new.scope, old.scope) == (NEW, OLD)
    assert (new.rows_read, new.rows_stored, new.rows_skipped) == (4350, 4344, 6)
    assert new.repairs["M49 code written as a decimal (250.0) read as a whole number"] == 4304
    assert new.repairs["gender missing (stored empty)"] == 155
    assert new.repairs["M49 code missing (stored empty)"] == 46
    assert old.repairs["mission 'OSE-Syria' written as 'OSESyria'"] == 1
    assert old.repairs["mission 'UN Secretariat' written as 'UNSecretariat'"] == 9
    assert "M49 code written as a decimal (250.0) read as a whole number" not in old.repairs
    for run in (new, old):
        assert run.skips == {"casualty listed twice in the release (later listing dropped, first kept)": 6}
        assert any("UNMIK-2003-05-03589 (Montenegro / Serbia and Montenegro)" in note for note in run.notes)
    with session_scope(engine_for(url)) as session:
        twice = session.scalars(select(Fatality).where(Fatality.casualty_id == "UNMIK-2003-05-03589")).all()
        assert sorted((row.release.isoformat(), row.nationality) for row in twice) == [(OLD, "Montenegro"), (NEW, "Montenegro")]
        ivorian = session.scalar(select(func.count()).where(Fatality.release == service.resolve_release(session, None),
                                                            Fatality.nationality == "Côte d'Ivoire", Fatality.iso3 == "CIV"))
        assert ivorian == 29


def test_reader_is_chosen_by_header(data_dir):
    folder = data_dir / "un_fatalities"
    assert reader_for("fatalities", folder / "odp_noticas_2021-06.csv") is fatalities_2021
    assert reader_for("fatalities", folder / "dppadposs-fatalities_2023-11-28.csv") is fatalities_2023


def test_release_option_dates_a_file_without_last_update_and_reimport_replaces_it(run_cli, engine, data_dir):
    path = data_dir / "un_fatalities/odp_noticas_2021-06.csv"
    first = run_cli("import", "fatalities", str(path), "--release", "2021-06-30")
    assert first.exit_code == 0, first.output
    assert "dated 2021-06-30 by the release option" in first.output
    again = run_cli("import", "fatalities", str(path), "--release", "2021-06-30", "--force")
    assert again.exit_code == 0, again.output
    with session_scope(engine) as session:
        assert service.release_dates(session) == [service.resolve_release(session, None)]
        assert session.scalar(select(func.count()).select_from(Fatality)) == 4111
        runs = session.execute(select(ImportRun.scope, ImportRun.current).where(ImportRun.source == "fatalities")).all()
    assert sorted(runs) == [("2021-06-30", False), ("2021-06-30", True)]


def test_release_option_that_contradicts_last_update_fails(run_cli, engine, data_dir):
    path = data_dir / "un_fatalities/dppadposs-fatalities_2023-11-28.csv"
    result = run_cli("import", "fatalities", str(path), "--release", "2023-12-01")
    assert result.exit_code == 1
    assert "last_update" in result.output and "2023-11-28" in result.output
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Fatality)) == 0


@pytest.fixture
def client(releases, monkeypatch):
    from fastapi.testclient import TestClient

    from pko.app import create_app
    from pko.config import get_settings

    monkeypatch.setenv("PKO_DATABASE_URL", releases[0])
    get_settings.cache_clear()
    yield TestClient(create_app())
    get_settings.cache_clear()


def test_api_summary_takes_the_cli_filters(client):
    answer = client.get("/api/v1/fatalities/summary", params={
        "by": "year", "incident_type": "Malicious Act", "personnel": "uniformed", "from": 2017, "to": 2018})
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert page["items"] == [{"year": 2017, "fatalities": 58}, {"year": 2018, "fatalities": 27}]
    assert page["sources"] == [f"fatalities: dppadposs-fatalities_2023-11-28.csv (release {NEW}, import run 2)"]
    old = client.get("/api/v1/fatalities/summary", params={
        "by": "year", "incident_type": "Malicious Act", "mission": "MINUSMA", "from": 2017, "to": 2018, "release": OLD}).json()
    assert old["items"] == [{"year": 2017, "fatalities": 24}, {"year": 2018, "fatalities": 11}]
    assert "odp_noticas_2021-06.csv" in old["sources"][0]
    nationality = client.get("/api/v1/fatalities/summary", params={"by": "nationality", "limit": 1}).json()
    assert nationality["total"] > 100 and set(nationality["items"][0]) == {"nationality", "iso3", "fatalities"}


def test_api_lists_records_with_paging_and_source_rows(client):
    page = client.get("/api/v1/fatalities", params={
        "incident_type": "Malicious Act", "personnel": "uniformed", "from": 2017, "to": 2017, "limit": 10, "offset": 50}).json()
    assert page["total"] == 58 and len(page["items"]) == 8 and page["offset"] == 50
    record = page["items"][0]
    assert record["release"] == NEW and record["year"] == 2017 and record["source_row"] > 1
    assert record["personnel_type"] in {"Military", "Police", "Military Observer"}


def test_api_releases_and_diff(client):
    listed = client.get("/api/v1/fatalities/releases").json()
    assert [item["release"] for item in listed["items"]] == [OLD, NEW] and len(listed["sources"]) == 2
    found = client.get("/api/v1/fatalities/diff", params={"from": OLD, "to": NEW}).json()
    assert (found["from"], found["to"]) == (OLD, NEW)
    assert (found["added"], found["removed"], found["reclassified"]) == (233, 0, 1)
    assert found["records_from"] == 4111 and found["records_to"] == 4344 and found["not_compared"] == ["gender"]
    reclassified = next(change for change in found["changes"] if change["change"] == "reclassified")
    assert reclassified["fields"] == [{"field": "incident_date", "before": "2021-01-24", "after": "2021-01-23"}]


@pytest.mark.parametrize("route, params", [
    ("/api/v1/fatalities/summary", {"by": "colour"}),
    ("/api/v1/fatalities/summary", {"by": "year", "mission": "NOPE"}),
    ("/api/v1/fatalities/summary", {"by": "year", "release": "2020-01-01"}),
    ("/api/v1/fatalities/summary", {"by": "year", "release": "yesterday"}),
    ("/api/v1/fatalities", {"personnel": "sailors"}),
    ("/api/v1/fatalities", {"from": "twenty"}),
    ("/api/v1/fatalities", {"from": 2019, "to": 2017}),
    ("/api/v1/fatalities", {"colour": "red"}),
    ("/api/v1/fatalities/diff", {"from": "1999-01-01"}),
])
def test_api_bad_values_are_422(client, route, params):
    assert client.get(route, params=params).status_code == 422
