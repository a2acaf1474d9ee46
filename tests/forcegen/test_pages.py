"""Force-generation pages through the app: who sees which pledges, a mission's gaps, the plan with its map and timeline."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from pko.auth import service as accounts
from pko.db import session_scope

PASSWORD = "correct horse battery"
PLEDGE = {"state_iso3": "BGD", "unit_type": "infantry-battalion", "strength": 850, "women_share": 0.08,
          "levels": {"L1": "2024-03-01", "L2": "2024-09-01"}, "languages": ["English"], "mobility": "mechanized"}
INFANTRY = {"mission": "UNMISS", "unit_type": "infantry-battalion", "count": 3, "location": "Malakal", "latitude": 9.53,
            "longitude": 31.66, "need_by": "2030-12-31", "min_readiness": "L2", "priority": 4}
RIVERINE = INFANTRY | {"unit_type": "riverine-unit", "count": 1, "location": "Juba", "latitude": 4.85, "longitude": 31.58}


@pytest.fixture
def pages(api, engine):
    client, officer, delegate = api
    with session_scope(engine) as session:
        accounts.create_user(session, username="au", password=PASSWORD, organization_code="AU-COMMISSION",
                             roles=["au-officer"], actor="test")
        au, _ = accounts.create_token(session, username="au", name="t", actor="test")
    for state in ("BGD", "IND"):
        assert client.post("/api/v1/forcegen/pledges", json=PLEDGE | {"state_iso3": state}, headers=officer).status_code == 201
    for need in (INFANTRY, RIVERINE):
        assert client.post("/api/v1/forcegen/requirements", json=need, headers=officer).status_code == 201
    return client, officer, delegate, {"Authorization": f"Bearer {au}"}


def _plan_points(html: str) -> dict:
    return json.loads(unescape(re.search(r"data-plan='([^']*)'", html).group(1)))


def test_the_public_sees_the_section_but_no_confidential_figure(pages):
    client, *_ = pages
    html = client.get("/force-generation").text
    assert "<h1>Force generation</h1>" in html and "Sign in" in html
    assert "BGD" not in html and "UNMISS" not in html
    for path in ("/force-generation/pledges", "/force-generation/plan", "/force-generation/missions/UNMISS"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == f"/login?next={path}"


def test_a_state_delegate_sees_only_its_own_pledges_on_every_page(pages):
    client, _, delegate, _ = pages
    overview = client.get("/force-generation", headers=delegate).text
    assert "Pledges of BGD" in overview and "IND" not in overview and "UNMISS" not in overview
    listing = client.get("/force-generation/pledges", headers=delegate).text
    assert set(re.findall(r'data-state="(\w+)"', listing)) == {"BGD"} and "IND" not in listing
    lower = client.get("/force-generation/pledges?state=bgd", headers=delegate)
    assert lower.status_code == 200 and set(re.findall(r'data-state="(\w+)"', lower.text)) == {"BGD"}
    other = client.get("/force-generation/pledges?state=IND", headers=delegate)
    assert other.status_code == 404 and "IND" not in re.sub(r"pledges of IND", "", other.text)
    assert client.get("/force-generation/plan", headers=delegate).status_code == 403
    assert client.get("/force-generation/missions/UNMISS", headers=delegate).status_code == 403


def test_a_requirements_reader_sees_gaps_without_who_fills_them(pages):
    client, _, _, au = pages
    assert client.get("/force-generation/pledges", headers=au).status_code == 403
    html = client.get("/force-generation/missions/unmiss", headers=au).text
    assert dict(re.findall(r'data-requirement="(\d+)" data-filled="(\d+)"', html)) == {"1": "2", "2": "0"}
    assert "no eligible unit" in html and "lost to a higher-value slot" in html
    assert "BGD" not in html and "IND" not in html and not re.search(r"\bP[12]\b", html)
    assert client.get("/force-generation/missions/MINUSMA", headers=au).status_code == 404
    assert client.get("/force-generation/missions/NOWHERE", headers=au).status_code == 404


def test_the_officer_sees_units_and_the_plan_with_its_map_and_timeline(pages):
    client, officer, _, _ = pages
    overview = client.get("/force-generation", headers=officer).text
    assert "BGD" in overview and "IND" in overview and "/force-generation/plan" in overview
    listing = client.get("/force-generation/pledges", headers=officer).text
    assert set(re.findall(r'data-state="(\w+)"', listing)) == {"BGD", "IND"}
    assert set(re.findall(r'data-state="(\w+)"', client.get("/force-generation/pledges?state=IND", headers=officer).text)) == {"IND"}
    mission = client.get("/force-generation/missions/UNMISS", headers=officer).text
    assert "P1 (BGD)" in mission and "P2 (IND)" in mission
    plan = client.get("/force-generation/plan", headers=officer)
    assert plan.status_code == 200 and 'data-figure="status">optimal<' in plan.text
    places = {f["properties"]["location"]: f for f in _plan_points(plan.text)["features"]}
    assert {k: (v["properties"]["slots"], v["properties"]["filled"]) for k, v in places.items()} == {"Malakal": (3, 2), "Juba": (1, 0)}
    assert places["Juba"]["geometry"]["coordinates"] == [31.58, 4.85]
    assert places["Juba"]["properties"]["gaps"] == ["riverine-unit: no eligible unit"]
    chart = json.loads(unescape(re.search(r"data-chart='([^']*)'", plan.text).group(1)))
    assert chart["labels"] == ["UNMISS"] and [d["label"] for d in chart["datasets"]] == ["50% of slots met", "80% of slots met", "100% of slots met"]
    assert chart["datasets"][0]["data"][0] > 0 and chart["datasets"][2]["data"] == [None]  # 2 of 4 slots: half met, never all
    highs = client.get("/force-generation/plan?solver=highs&max_state_share=1", headers=officer).text
    assert "HiGHS" in highs and {f["properties"]["location"]: f["properties"]["filled"] for f in _plan_points(highs)["features"]}["Malakal"] == 2
    for bad in ("solver=cbc", "max_state_share=0", "max_state_share=abc", "request_date=soon", "colour=blue"):
        assert client.get(f"/force-generation/plan?{bad}", headers=officer).status_code == 422, bad
