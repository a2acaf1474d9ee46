"""A mission's briefing pack gives the same figures as the domains it takes them from, each with its source."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from pko.config import get_settings
from pko.consult import briefing
from pko.consult import pack as engine
from pko.web import pack_document

DAY = "2014-06-02"


@pytest.fixture(scope="module")
def record_pack(loaded_url, data_dir):
    from typer.testing import CliRunner

    from pko.cli import app

    result = CliRunner().invoke(app, ["consult", "pack", "MINUSMA", "--date", DAY, "--format", "json"],
                                env={"PKO_DATABASE_URL": loaded_url, "PKO_DATA_DIR": str(data_dir)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return engine_pack(json.loads(result.stdout))


def engine_pack(document: dict) -> dict:
    """Sections by key, figures by label."""
    return {section["key"]: section | {"by_label": {f["label"]: f for f in section["figures"]}} for section in document["sections"]}


@pytest.fixture
def record_client(loaded_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", loaded_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def cli_json(run_cli, url, *args):
    result = run_cli(*args, "--format", "json", url=url)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_strength_and_contributors_equal_the_contributions_record(record_pack, record_client, run_cli, loaded_url):
    strength, largest = record_pack["strength"]["by_label"], record_pack["contributors"]
    month = strength["month"]["value"]
    assert month == "2014-05-31"
    categories = record_client.get("/api/v1/contributions/summary",
                                   params={"by": "category", "mission": "MINUSMA", "date": month}).json()["items"]
    assert strength["deployed"]["value"] == sum(row["total"] for row in categories) > 0
    for row in categories:
        assert strength[row["category"].replace("_", " ")]["value"] == row["total"]
    female, male = sum(row["female"] for row in categories), sum(row["male"] for row in categories)
    assert strength["women's share"]["value"] == round(female / (female + male), 4)
    assert all("ipi-gender" in figure["source"] and month in figure["source"] for figure in strength.values())

    countries = record_client.get("/api/v1/contributions/summary",
                                  params={"by": "country", "mission": "MINUSMA", "date": month, "limit": 1000}).json()["items"]
    assert largest["by_label"]["contributors"]["value"] == sum(1 for row in countries if row["total"])
    assert len(largest["table"]) == 10
    for row in largest["table"][:3]:
        series = cli_json(run_cli, loaded_url, "contributions", "series", "--country", row["iso3"], "--mission", "MINUSMA")
        at_month = next(item for item in series if item["period"] == month)
        assert row["personnel"] == at_month["total"]
        assert row["women_share"] == round(at_month["female"] / (at_month["female"] + at_month["male"]), 4)
    assert [row["personnel"] for row in largest["table"]] == sorted((row["total"] for row in countries), reverse=True)[:10]


def test_fatalities_equal_safety_compare_and_the_fatality_summary(record_pack, run_cli, loaded_url):
    safety = record_pack["safety"]
    compared = cli_json(run_cli, loaded_url, "safety", "compare", "--from", "2012", "--to", "2013", "--mission", "MINUSMA")
    assert safety["by_label"]["fatalities 2012"]["value"] == compared["count_from"]
    assert safety["by_label"]["fatalities 2013"]["value"] == compared["count_to"] > 0
    assert safety["by_label"]["latest change"]["value"] == compared["count_to"] - compared["count_from"]
    by_year = cli_json(run_cli, loaded_url, "fatalities", "summary", "--by", "year", "--mission", "MINUSMA",
                       "--personnel", "uniformed", "--to", "2013")
    assert safety["table"] == by_year
    assert all(source in safety["table_source"] for source in compared["sources"])


def test_payments_equal_the_finance_record(record_pack, run_cli, loaded_url):
    finance = record_pack["finance"]
    paid = {row["iso3"]: row for row in cli_json(run_cli, loaded_url, "finance", "payments", "--year", "2013")}
    top = [row["iso3"] for row in record_pack["contributors"]["table"]]
    assert [row["iso3"] for row in finance["table"]] == [iso3 for iso3 in top if iso3 in paid]
    assert all(row == paid[row["iso3"]] for row in finance["table"])
    by_year = {row["year"]: row for row in cli_json(run_cli, loaded_url, "finance", "payments")}
    assert finance["by_label"]["predictability index 2013"]["value"] == by_year[2013]["predictability_index"]
    assert "budget" in finance["note"]  # approved budgets by mission are not in the record, and the pack says so


def test_ceilings_against_deployed_strength(loaded_engine, record_pack):
    from pko.missions.mandates import service as mandates
    from pko.missions.mandates.schemas import MandateCreate, MandateStepIn

    session = Session(loaded_engine)
    try:
        mandate = mandates.create_mandate(session, actor="test", data=MandateCreate(
            mission="MINUSMA", resolution="S/RES/2100 (2013)", adopted_on="2013-04-25", expires_on="2014-06-30",
            military_ceiling=11200, police_ceiling=1440))
        mandates.take_step(session, mandate_id=mandate.id, expected_version=1, actor="test",
                           step=MandateStepIn(step="adopted", taken_on=date(2013, 4, 25)))
        built = briefing.build(session, mission="MINUSMA", on=date(2014, 6, 2))
    finally:
        session.rollback()
        session.close()
    strength = record_pack["strength"]["by_label"]
    assert built.figure("mandate", "military ceiling") == 11200 and built.figure("mandate", "expires on") == date(2014, 6, 30)
    assert built.figure("strength", "military deployed of ceiling") == round(strength["military deployed"]["value"] / 11200, 4)
    assert built.figure("strength", "police deployed of ceiling") == round(strength["police deployed"]["value"] / 1440, 4)
    assert "S/RES/2100 (2013)" in built.section("mandate").figures[0].source
    page = pack_document.html(built)
    assert "11,200" in page and "S/RES/2100 (2013)" in page and "Bangladesh" in page
    assert pack_document.pdf(built).startswith(b"%PDF")


def test_every_figure_names_its_source(record_pack):
    assert all(figure["source"] for section in record_pack.values() for figure in section["figures"])
    assert record_pack["mandate"]["note"] == "no mandate of this mission is recorded"
    with pytest.raises(ValueError, match="names no source"):
        engine.Figure("deployed", 1, "")


def test_pack_engine_on_hand_made_figures():
    facts = engine.MandateFacts("S/RES/1 (2000)", "adopted", None, None, 1000, 100)
    section = engine.strength_section(date(2014, 5, 31), {"troops": (10, 790, 800), "experts_on_mission": (0, 50, 50),
                                                          "formed_police_units": (5, 45, 50)}, facts, "hand")
    values = {figure.label: figure.value for figure in section.figures}
    assert (values["military deployed"], values["police deployed"], values["deployed"]) == (850, 50, 900)
    assert (values["military deployed of ceiling"], values["police deployed of ceiling"]) == (0.85, 0.5)
    assert values["women's share"] == round(15 / 900, 4)
    gaps = engine.force_section([{"unit_type": "level-2-hospital", "count": 2, "need_by": date(2014, 1, 1)}],
                                {"status": "optimal", "solver": "cp-sat", "unfilled": [
                                    {"slot_id": "R1-2", "unit_type": "level-2-hospital", "priority": 1, "reason": "no eligible unit"}]},
                                "hand")
    assert {f.label: f.value for f in gaps.figures}["slots unfilled in the best plan"] == 1
    change = engine.safety_section([], {"from": 2012, "to": 2013, "count_from": 0, "count_to": 6, "per_year": {
        "ratio": float("inf"), "low": 1.2, "high": float("inf"), "p_value": 0.03}}, "hand")
    values = {f.label: f.value for f in change.figures}
    assert values["count ratio"] is None  # never an infinite figure
    assert values["rate ratio per 1,000 exposed"] is None and "rate ratio" not in values  # no exposure: no rate ratio


def test_incident_trend_from_the_log():
    counts = [{"year": 2013, "incidents": 4, "killed": 2}, {"year": 2014, "incidents": 3, "killed": 1},
              {"year": 2014, "incidents": 6, "killed": 0}]
    section = engine.safety_section([], None, "hand", counts, "incident log")
    values = {f.label: (f.value, f.note) for f in section.figures}
    assert values["incidents logged"] == (13, None) and values["killed in logged incidents"][0] == 3
    assert values["latest change in incidents"] == (5, "2013 to 2014")
    assert engine.safety_section([], None, "hand", None).note == "no incident log is available"


def pack_of(loaded_url, data_dir, mission: str, day: str) -> dict:
    from typer.testing import CliRunner

    from pko.cli import app

    result = CliRunner().invoke(app, ["consult", "pack", mission, "--date", day, "--format", "json"],
                                env={"PKO_DATABASE_URL": loaded_url, "PKO_DATA_DIR": str(data_dir)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return engine_pack(json.loads(result.stdout))


def test_the_rate_ratio_is_the_exposure_adjusted_one_of_safety_compare(loaded_url, data_dir, run_cli):
    built = pack_of(loaded_url, data_dir, "MINUSMA", "2017-06-30")["safety"]["by_label"]
    compared = cli_json(run_cli, loaded_url, "safety", "compare", "--from", "2015", "--to", "2016", "--mission", "MINUSMA")
    adjusted = compared["per_exposure"]
    assert round(adjusted["ratio"], 3) == 1.412 and (round(adjusted["low"], 3), round(adjusted["high"], 3)) == (0.823, 2.467)
    ratio = built["rate ratio per 1,000 exposed"]
    assert ratio["value"] == round(adjusted["ratio"], 4) and "0.823-2.467" in ratio["note"]
    assert adjusted["source"] in ratio["note"] and "9,997 in 2015" in ratio["note"]  # the exposure is named
    assert "rate ratio" not in built  # the count ratio 37/24 is labelled for what it is
    assert built["count ratio"]["value"] == round(37 / 24, 4) and "not adjusted" in built["count ratio"]["note"]


def test_the_deployed_figure_is_the_newest_in_the_record_with_its_date(loaded_url, data_dir, record_client):
    built = pack_of(loaded_url, data_dir, "MINUSMA", "2017-06-30")
    strength = built["strength"]["by_label"]
    # IPI's mission x month file holds MINUSMA to 2017-03 (12,338); the contributor file ends 2014-08 (9,298).
    assert (strength["deployed"]["value"], strength["deployed"]["as_of"]) == (12338, "2017-03-31")
    assert "ipi-missions" in strength["deployed"]["source"] and strength["month"]["value"] == "2017-03-31"
    assert built["strength"]["warning"] == "contributions data of MINUSMA ends 2017-03-31 — 3 months before the date asked"
    assert built["contributors"]["by_label"]["contributors"]["as_of"] == "2014-08-31"
    assert "ends 2014-08-31 — 2.8 years before the date asked" in built["contributors"]["warning"]
    within = pack_of(loaded_url, data_dir, "MINUSMA", "2014-06-02")
    assert all(section["warning"] is None for section in within.values())


@pytest.fixture(scope="module")
def reader(loaded_engine) -> dict[str, str]:
    """A Secretariat reader's bearer header on the loaded record."""
    from pko.auth import service as accounts
    from pko.db import session_scope

    with session_scope(loaded_engine) as session:
        accounts.create_user(session, username="pack-freshness-reader", password="correct horse battery",
                             organization_code="UN-DPO", roles=["secretariat-admin"], actor="test")
        token, _ = accounts.create_token(session, username="pack-freshness-reader", name="t", actor="test")
    return {"Authorization": f"Bearer {token}"}


def test_a_2027_pack_says_no_data_past_the_coverage_and_warns_atop_each_section(loaded_url, data_dir, record_client, reader, run_cli):
    built = pack_of(loaded_url, data_dir, "MINUSCA", "2027-03-15")
    printed = run_cli("consult", "pack", "MINUSCA", "--date", "2027-03-15", url=loaded_url)
    assert "warning: Fatalities and incidents: fatalities data ends 2023-11-28" in printed.stderr
    assert json.loads(printed.stdout)["as_of"] == "2027-03-15"
    safety = built["safety"]
    assert safety["by_label"]["fatalities 2025"]["value"] == "no data" and safety["by_label"]["fatalities 2026"]["value"] == "no data"
    assert {row["year"]: row["fatalities"] for row in safety["table"]}[2024] == "no data"
    assert safety["warning"].startswith("fatalities data ends 2023-11-28 — 3.3 years before the date asked")
    assert "2023 is counted only to 2023-11-28" in safety["warning"]
    assert "12.5 years before the date asked" in built["contributors"]["warning"]
    assert built["strength"]["by_label"]["deployed"]["as_of"] == "2017-03-31" and "10.0 years" in built["strength"]["warning"]
    assert "5 elected members of 2027 are not in the record" in built["mandate"]["warning"]
    page = record_client.get("/api/v1/consultations/pack/MINUSCA", params={"date": "2027-03-15", "format": "html"},
                             headers=reader).text
    assert page.count('class="warning stale"') >= 4 and "no data" in page
    api = record_client.get("/api/v1/consultations/pack/MINUSCA", params={"date": "2027-03-15"}, headers=reader).json()
    assert next(s for s in api["sections"] if s["key"] == "safety")["warning"] == safety["warning"]
