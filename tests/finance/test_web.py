"""The finance page and the finance panel of a member state's page: bills only within the finance permission."""

from __future__ import annotations

import json
import re

import pytest

from pko.auth import service as accounts
from pko.db import engine_for, session_scope
from pko.finance import service

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def headers(finance_url):
    found = {}
    with session_scope(engine_for(finance_url)) as session:
        for username, role, state in (("web-gha", "state-delegate", "GHA"), ("web-fo", "finance-officer", None)):
            code = accounts.delegation(session, state).code if state else "UN-DPO"
            if accounts.active_user(session, username) is None:
                accounts.create_user(session, username=username, password=PASSWORD, organization_code=code, roles=[role], actor="t")
            token, _ = accounts.create_token(session, username=username, name="t", actor="t")
            found[username] = {"Authorization": f"Bearer {token}"}
    return found


def test_finance_page_shows_scales_to_everyone_and_bills_within_the_finance_scope(api, headers):
    html = api.get("/finance").text
    assert "<h1>Finance</h1>" in html and "Not available yet</span></h1>" not in html
    charts = [json.loads(spec.replace("&#34;", '"').replace("&#39;", "'")) for spec in re.findall(r"data-chart='([^']+)'", html)]
    scales = charts[0]
    assert scales["labels"][0] == "2000" and scales["labels"][-1] == "2027"
    usa = next(dataset for dataset in scales["datasets"] if dataset["label"] == "USA")
    assert usa["data"][scales["labels"].index("2019")] == 22.0
    public_bill = api.get("/finance", params={"state": "GHA"}).text
    assert 'id="bill"' not in public_bill and "Sign in" in public_bill
    bill = api.get("/finance", params={"state": "GHA"}, headers=headers["web-fo"]).text
    row_2019 = re.search(r"<tr><td class=\"num\">2019</td>(.*?)</tr>", bill).group(1)
    assert "0.015" in row_2019 and "paid" in row_2019
    assert 'id="finance-export-all"' in bill and "export.xlsx?country=GHA" in bill
    own = api.get("/finance", headers=headers["web-gha"]).text
    assert 'id="bill"' in own and 'id="finance-export-all"' not in own
    other = api.get("/finance", params={"state": "NGA"}, headers=headers["web-gha"]).text
    assert 'id="bill"' not in other and "none visible to you" in other
    assert api.get("/finance", params={"state": "XXX"}, headers=headers["web-fo"]).status_code == 200


def test_state_page_shows_the_payment_record_only_to_the_finance_scope(api, headers, finance_url):
    public = api.get("/states/GHA").text
    assert 'id="state-finance"' in public and "2019-2021" in public and 'id="state-payments"' not in public
    assert "own delegation" in public
    own = api.get("/states/GHA", headers=headers["web-gha"]).text
    table = re.search(r'<table id="state-payments">(.*?)</table>', own, re.S).group(1)
    row_2019 = re.search(r"<tr><td class=\"num\">2019</td>(.*?)</tr>", table).group(1)
    assert "418,234" in row_2019  # Ghana's published 2019 net assessment
    index = float(re.search(r'data-figure="state-predictability">([\d.]+)%', own).group(1))
    with session_scope(engine_for(finance_url)) as session:
        records = [record for record in service.payment_records(session) if record.iso3 == "GHA"]
    on_time = sum(record.assessed for record in records if record.on_time) / sum(record.assessed for record in records)
    assert len(records) == 27 and abs(index - 100 * on_time) < 0.05
    assert 'id="state-payments"' not in api.get("/states/NGA", headers=headers["web-gha"]).text
    assert 'id="state-payments"' in api.get("/states/NGA", headers=headers["web-fo"]).text
