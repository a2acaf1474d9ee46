"""Imports of ACLED, UCDP GED and PKO incident files: mapping, defects counted by rule, all-or-nothing, re-runnable."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from pko.audit.models import AuditEntry
from pko.db import session_scope
from pko.incidents.imports import import_file
from pko.incidents.models import Incident
from pko.missions.models import Mission
from pko.sources.report import SourceError

from .conftest import ACLED_COLUMNS, UCDP_COLUMNS, acled_row, acled_rows, ucdp_rows, write


def _stored(engine) -> dict[str, Incident]:
    with session_scope(engine) as session:
        return {i.source_event_id: i for i in session.scalars(select(Incident))}


def test_acled_export_is_mapped_and_its_defects_counted(engine, acled_file):
    outcome = import_file(engine, "acled", acled_file, actor="test")
    assert (outcome.rows_read, outcome.added, outcome.updated, outcome.unchanged) == (7, 4, 0, 0)
    assert outcome.skips == {
        "exact repeat of an earlier row (event_id_cnty seen before)": 1,
        "older version of an event whose event_id_cnty appears again (newest kept)": 1,
        "strategic development that is not a security incident (Agreement)": 1,
    }
    assert outcome.repairs["event_date written as text ('12 March 2018'), read as a date"] == 4
    assert outcome.repairs["mission named as an actor of the event"] == 1
    assert outcome.repairs["mission set from the country and date (the mission deployed there then)"] == 2
    assert outcome.repairs["armed clash or attack whose notes say ambush recorded as an ambush"] == 1
    assert any("1 incident(s) stored without coordinates" in note for note in outcome.notes)
    stored = _stored(engine)
    assert set(stored) == {"MLI1001", "MLI1002", "MLI1003", "NIG2001"}
    ied, shelling, ambush, niger = (stored[k] for k in ("MLI1001", "MLI1002", "MLI1003", "NIG2001"))
    assert (ied.incident_type, str(ied.incident_date), ied.killed, ied.mission) == ("explosive-device", "2018-03-12", 2, "MINUSMA")
    assert ied.units == ["MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)"]
    assert (ied.latitude, ied.longitude, ied.country_iso3, ied.source) == (20.1973, 1.017, "MLI", "ACLED")
    assert (shelling.incident_type, shelling.mission) == ("indirect-fire", "MINUSMA")
    assert (ambush.incident_type, ambush.latitude, ambush.location_precision) == ("ambush", None, 2)
    assert (niger.incident_type, niger.mission, niger.country_iso3) == ("direct-attack", None, None)


def test_reimport_adds_nothing_and_a_changed_event_is_updated(engine, acled_file, tmp_path):
    import_file(engine, "acled", acled_file, actor="test")
    again = import_file(engine, "acled", acled_file, actor="test")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    rows = acled_rows()
    rows[1]["fatalities"] = rows[4]["fatalities"] = "3"
    changed = import_file(engine, "acled", write(tmp_path / "acled_v2.csv", ACLED_COLUMNS, rows), actor="test")
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 3)
    stored = _stored(engine)
    assert len(stored) == 4 and stored["MLI1002"].killed == 3 and stored["MLI1002"].version == 2
    with session_scope(engine) as session:
        imports = session.scalars(select(AuditEntry).where(AuditEntry.record_type == "incident-import")).all()
        assert [entry.after["added"] for entry in imports] == [4, 0, 0]
        assert session.get(Mission, "MINUSMA").sources == ["incident"]


@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"event_date": "32 March 2018"}, "event_date", "'32 March 2018' is not a date"),
    ({"event_date": ""}, "event_date", "date missing"),
    ({"year": "2017"}, "year", "disagrees with event_date"),
    ({"longitude": ""}, "longitude", "coordinate missing while the other one is given"),
    ({"latitude": "96.1", "longitude": "95.0"}, "latitude", "outside [-90, 90]"),
    ({"sub_event_type": "Drone swarm", "event_type": "Cyber"}, "sub_event_type", "not an event type of the ACLED codebook"),
    ({"fatalities": "-2"}, "fatalities", "not a whole number"),
    ({"geo_precision": "4"}, "geo_precision", "not a whole number in [1, 3]"),
    ({"event_id_cnty": ""}, "event_id_cnty", "event id missing"),
])
def test_a_bad_acled_row_names_file_row_field_and_changes_nothing(engine, acled_file, tmp_path, change, field, reason):
    import_file(engine, "acled", acled_file, actor="test")
    before = _stored(engine)
    rows = acled_rows()
    rows.append(acled_row("MLI1009", "9 May 2018", 2018, "Battles", "Armed clash", lat="15.0", lon="-2.0", fatalities=7))
    rows[-1].update(change)
    rows[1]["fatalities"] = rows[4]["fatalities"] = "9"  # a change that must not land either
    path = write(tmp_path / "bad.csv", ACLED_COLUMNS, rows)
    with pytest.raises(SourceError) as raised:
        import_file(engine, "acled", path, actor="test")
    assert (raised.value.path.name, raised.value.row, raised.value.field) == ("bad.csv", 9, field)
    assert reason in raised.value.reason and str(raised.value).startswith("bad.csv, row 9, field")
    after = _stored(engine)
    assert set(after) == set(before) and after["MLI1002"].killed == 0


def test_a_file_missing_a_published_column_is_refused(engine, tmp_path):
    columns = [c for c in ACLED_COLUMNS if c != "sub_event_type"]
    rows = [{k: v for k, v in row.items() if k in columns} for row in acled_rows()]
    with pytest.raises(SourceError) as raised:
        import_file(engine, "acled", write(tmp_path / "short.csv", columns, rows), actor="test")
    assert (raised.value.row, raised.value.field) == (1, "sub_event_type")


def test_ucdp_ged_file_is_mapped_with_missions_by_country_date_and_area(engine, ucdp_file):
    outcome = import_file(engine, "ucdp", ucdp_file, actor="test")
    assert (outcome.rows_read, outcome.added) == (7, 6)
    assert outcome.skips == {"exact repeat of an earlier row (id seen before)": 1}
    assert outcome.repairs["date_start written as a date and time ('2018-03-12 00:00:00.000'), read as a date"] == 1
    assert outcome.repairs["event over several days dated by its date_start"] == 1
    stored = _stored(engine)
    gao = stored["212345"]
    assert (str(gao.incident_date), gao.killed, gao.mission, gao.incident_type) == ("2017-01-18", 77, "MINUSMA", "direct-attack")
    assert "best 77, low 60, high 77" in gao.description and gao.location == "Gao town"
    assert str(stored["212346"].incident_date) == "2018-06-29"
    assert (stored["212347"].latitude, stored["212347"].location_precision) == (None, 3)
    assert (stored["212348"].mission, stored["212349"].mission, stored["212350"].mission) == ("UNAMID", None, "MONUSCO")
    assert stored["212350"].confidence == "unverified" and stored["212350"].country_iso3 == "COD"
    assert import_file(engine, "ucdp", ucdp_file, actor="test").unchanged == 6


@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"date_start": "18/01/2017"}, "date_start", "is not a date"),
    ({"date_end": "2017-01-17"}, "date_end", "comes before date_start"),
    ({"type_of_violence": "4"}, "type_of_violence", "not a whole number in [1, 3]"),
    ({"best": "90"}, "best", "is not between low"),
])
def test_a_bad_ucdp_row_is_refused(engine, tmp_path, change, field, reason):
    rows = ucdp_rows()
    rows[1].update(change)
    with pytest.raises(SourceError) as raised:
        import_file(engine, "ucdp", write(tmp_path / "ged.csv", UCDP_COLUMNS, rows), actor="test")
    assert (raised.value.row, raised.value.field) == (3, field) and reason in raised.value.reason
    assert _stored(engine) == {}


def test_mali_places_and_boundaries_fill_missing_points_and_admin_areas(engine, run_cli, data_dir, acled_file, ucdp_file):
    for command, name in (("places", "mali_settlements_cod_pp.csv"), ("mali-admin", "mli_admbnda_adm1_1m_dnct_20190802.geojson"),
                          ("mali-admin", "mli_admbnda_adm2_1m_dnct_20190802.geojson")):
        result = run_cli("import", command, str(data_dir / "mali_geo" / name))
        assert result.exit_code == 0, result.output
    outcome = import_file(engine, "acled", acled_file, actor="test")
    assert outcome.repairs["coordinates missing: taken from the populated place of Mali named in location"] == 1
    dioura = _stored(engine)["MLI1003"]
    assert (round(dioura.latitude, 3), round(dioura.longitude, 3), dioura.admin2) == (14.823, -5.254, "Tenenkou")
    outcome = import_file(engine, "ucdp", ucdp_file, actor="test")
    rule = "admin areas missing: set from the Mali region and cercle (OCHA COD-AB) holding the point"
    assert outcome.repairs[rule] == 1  # Sevare had no cercle; Darfur, Khartoum and Ituri lie outside Mali
    sevare = _stored(engine)["212346"]
    assert (sevare.admin1, sevare.admin2) == ("Mopti region", "Mopti")


def _csv(path, rows):
    columns = ["source", "source_event_id", "incident_type", "incident_date", "incident_time", "latitude", "longitude",
               "mission", "units", "killed", "injured", "confidence", "fatality_casualty_ids", "description"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_pko_csv_links_fatality_records_and_refuses_unknown_ones(engine, run_cli, data_dir, tmp_path):
    run_cli("import", "fatalities", str(data_dir / "un_fatalities/dppadposs-fatalities_2023-11-28.csv"))
    from pko.safety.models import Fatality

    with session_scope(engine) as session:
        death = session.scalars(select(Fatality).where(Fatality.mission == "MINUSMA", Fatality.incident_type == "Malicious Act")
                                .order_by(Fatality.incident_date)).first()
        casualty, day = death.casualty_id, death.incident_date.isoformat()
    good = {"source": "MINUSMA JOC", "source_event_id": "JOC-1", "incident_type": "explosive device", "incident_date": day,
            "incident_time": "07:40", "latitude": "16.27", "longitude": "-0.04", "mission": "minusma",
            "units": "Chadian battalion; Engineer company", "killed": "1", "injured": "3", "confidence": "confirmed",
            "fatality_casualty_ids": casualty}
    outcome = import_file(engine, "csv", _csv(tmp_path / "log.csv", [good, {**good, "killed": "0"}]), actor="test")
    assert outcome.added == 1 and outcome.skips == {
        "older version of an event whose source_event_id appears again (newest kept)": 1}
    stored = _stored(engine)["JOC-1"]
    assert (stored.mission, stored.units, stored.fatality_casualty_ids, stored.killed) == (
        "MINUSMA", ["Chadian battalion", "Engineer company"], [casualty], 0)
    for change, field in (({"fatality_casualty_ids": "NO-SUCH-ID"}, "fatality_casualty_ids"),
                          ({"mission": "UNMISS"}, "fatality_casualty_ids"), ({"mission": "NOPE"}, "mission"),
                          ({"incident_type": "riot"}, "incident_type"), ({"incident_time": "25:00"}, "incident_time")):
        with pytest.raises(SourceError) as raised:
            import_file(engine, "csv", _csv(tmp_path / "bad.csv", [{**good, "source_event_id": "JOC-2", **change}]), actor="test")
        assert (raised.value.row, raised.value.field) == (2, field)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Incident.id))) == 1


def test_a_malformed_older_version_of_an_event_is_refused_not_dropped(engine, tmp_path):
    rows = acled_rows()
    rows[3] = {**rows[3], "event_date": "not a date"}  # the older version of MLI1001
    path = write(tmp_path / "acled.csv", ACLED_COLUMNS, rows)
    with pytest.raises(SourceError) as failure:
        import_file(engine, "acled", path, actor="test")
    assert (failure.value.row, failure.value.field) == (5, "event_date") and "not a date" in failure.value.reason
