"""Arrears in USD: the engine on a hand example, the published honour-roll payments, and who may read them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from pko.auth import service as accounts
from pko.db import engine_for, session_scope
from pko.finance import ledger
from pko.finance.arrears import StateYear, arrears, totals
from pko.finance.models import AssessedContribution

PASSWORD = "correct horse battery"


def test_arrears_carry_until_a_payment_in_full_on_a_hand_example():
    rows = arrears([StateYear(2001, "AAA", 100.0, True, 100.0), StateYear(2002, "AAA", 120.0, False),
                    StateYear(2003, "AAA", 130.0, False, complete=False), StateYear(2004, "AAA", 90.0, True, 340.0),
                    StateYear(2002, "BBB", 50.0, False)])
    by = {(row["iso3"], row["year"]): row for row in rows}
    assert [by[("AAA", year)]["arrears_upper_bound_usd"] for year in (2001, 2002, 2003, 2004)] == [0, 120, 250, 0]
    assert by[("AAA", 2003)]["arrears_carried_in_usd"] == 120 and by[("AAA", 2003)]["unpaid_of_year_usd"] == 130
    assert by[("AAA", 2003)]["complete"] is False and by[("AAA", 2004)]["complete"] is True
    assert by[("AAA", 2004)]["paid_beyond_assessment_usd"] == 250.0 == by[("AAA", 2004)]["arrears_carried_in_usd"]
    assert totals(rows)[1] == {"year": 2002, "states_not_paid_in_full": 2, "unpaid_of_year_usd": 170,
                               "arrears_upper_bound_usd": 170, "states_uncertain": 0}


def _arrears(run_cli, url, *args):
    result = run_cli("finance", "arrears", *args, "--format", "json", url=url)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("iso3", ["BRB", "GNQ", "KNA", "VNM"])
def test_arrears_carried_into_2007_equal_what_the_honour_roll_shows_paid_beyond_the_2007_assessment(run_cli, finance_url, iso3):
    rows = {row["year"]: row for row in _arrears(run_cli, finance_url, "--country", iso3)}
    settled = rows[2007]
    assert settled["paid_in_full"] and settled["arrears_carried_in_usd"] == rows[2006]["arrears_upper_bound_usd"] > 0
    assert abs(settled["paid_beyond_assessment_usd"] - settled["arrears_carried_in_usd"]) <= 1
    assert settled["arrears_upper_bound_usd"] == 0


def test_no_published_payment_exceeds_the_arrears_bound(finance_url):
    with session_scope(engine_for(finance_url)) as session:
        rows = ledger.arrears_rows(session)
    settled = [row for row in rows if row["paid_in_full"] and row["arrears_carried_in_usd"] > 0 and row["paid_usd"] is not None]
    assert len(settled) >= 400
    assert all(row["paid_beyond_assessment_usd"] <= row["arrears_carried_in_usd"] + 1 for row in settled)
    exact = {(row["iso3"], row["year"]) for row in settled if abs(row["paid_beyond_assessment_usd"] - row["arrears_carried_in_usd"]) <= 1}
    assert {("BRB", 2007), ("GNQ", 2007), ("KNA", 2007), ("VNM", 2007)} <= exact


def test_unpaid_of_the_year_matches_the_honour_roll_status_file(run_cli, finance_url):
    years = {row["year"]: row for row in _arrears(run_cli, finance_url)}
    with session_scope(engine_for(finance_url)) as session:
        unpaid = dict(session.execute(select(AssessedContribution.year, func.sum(AssessedContribution.amount_usd))
                                      .where(AssessedContribution.payment_status == "not_paid_in_full")
                                      .group_by(AssessedContribution.year)).all())
    assert sorted(years) == list(range(2000, 2027))
    for year in range(2019, 2027):
        assert years[year]["unpaid_of_year_usd"] == unpaid[year]
    assert years[2006]["states_uncertain"] == years[2006]["states_not_paid_in_full"] > 0  # Oct-Dec pages missing
    usa = {row["year"]: row for row in _arrears(run_cli, finance_url, "--country", "USA")}
    assert usa[2025]["unpaid_of_year_usd"] == usa[2025]["assessed_usd"] > 800_000_000


def test_arrears_refuse_unknown_input(run_cli, finance_url):
    result = run_cli("finance", "arrears", "--country", "XXX", url=finance_url)
    assert result.exit_code != 0 and "no assessments for XXX" in result.output
    assert run_cli("finance", "arrears", "--year", "1990", url=finance_url).exit_code != 0


@pytest.fixture(scope="module")
def tokens(finance_url):
    found = {}
    with session_scope(engine_for(finance_url)) as session:
        for username, role, state in (("arrears-gha", "state-delegate", "GHA"), ("arrears-fo", "finance-officer", None),
                                      ("arrears-fgo", "force-generation-officer", None)):
            code = accounts.delegation(session, state).code if state else "UN-DPO"
            if accounts.active_user(session, username) is None:
                accounts.create_user(session, username=username, password=PASSWORD, organization_code=code, roles=[role], actor="t")
            token, _ = accounts.create_token(session, username=username, name="t", actor="t")
            found[username] = {"Authorization": f"Bearer {token}"}
    return found


def test_arrears_api_within_the_finance_scope(api, tokens):
    own = api.get("/api/v1/finance/arrears", params={"country": "GHA"}, headers=tokens["arrears-gha"])
    assert own.status_code == 200 and {row["iso3"] for row in own.json()["items"]} == {"GHA"}
    default = api.get("/api/v1/finance/arrears", headers=tokens["arrears-gha"]).json()
    assert {row["iso3"] for row in default["items"]} == {"GHA"}
    assert api.get("/api/v1/finance/arrears", params={"country": "NGA"}, headers=tokens["arrears-gha"]).status_code == 404
    assert api.get("/api/v1/finance/arrears", params={"year": 2019}, headers=tokens["arrears-gha"]).json()["total"] == 1
    every = api.get("/api/v1/finance/arrears", params={"year": 2019, "limit": 500}, headers=tokens["arrears-fo"]).json()
    assert every["total"] == 193
    assert api.get("/api/v1/finance/arrears").status_code == 401
    assert api.get("/api/v1/finance/arrears", headers=tokens["arrears-fgo"]).status_code == 403
    assert api.get("/api/v1/finance/arrears", params={"country": "G1A"}, headers=tokens["arrears-fo"]).status_code == 422


def test_each_states_payments_need_the_finance_scope_while_the_yearly_index_is_public(api, tokens):
    year = api.get("/api/v1/finance/payments", params={"year": 2019}).json()
    assert year["total"] == 1 and year["items"][0]["states"] == 193 and "iso3" not in year["items"][0]
    assert api.get("/api/v1/finance/payments/states", params={"year": 2019}).status_code == 401
    own = api.get("/api/v1/finance/payments/states", params={"year": 2019}, headers=tokens["arrears-gha"]).json()
    assert [row["iso3"] for row in own["items"]] == ["GHA"] and own["items"][0]["assessed_usd"] == 418234
    assert api.get("/api/v1/finance/payments/states", params={"year": 2019, "country": "CAN"},
                   headers=tokens["arrears-gha"]).status_code == 404
    every = api.get("/api/v1/finance/payments/states", params={"year": 2019, "limit": 500}, headers=tokens["arrears-fo"]).json()
    assert every["total"] == 193 and sum(row["paid_on_time"] for row in every["items"]) == year["items"][0]["paid_on_time"]
    assert api.get("/api/v1/finance/payments/states", params={"year": 1990}, headers=tokens["arrears-fo"]).status_code == 404
