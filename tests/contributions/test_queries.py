"""Queries over the loaded public data: published figures reproduced, each answer naming its source."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from pko.config import get_settings


@pytest.fixture
def api(loaded_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", loaded_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_total_at_end_of_2013_is_98200_with_the_year_end_total_beside_it(run_cli, loaded_url):
    figures = _json(run_cli("contributions", "total", "--date", "2013-12-31", "--format", "json", url=loaded_url))
    first = figures[0]
    assert (first["source"], first["total"], first["period"]) == ("ipi-gender", 98200, "2013-12-31")
    assert "contributor x mission" in first["granularity"]
    year_end = next(figure for figure in figures if figure["source"] == "owid-year-end")
    assert year_end["total"] == 98200 and year_end["granularity"] == "year-end world total"
    table = run_cli("contributions", "total", "--date", "2013-12-31", url=loaded_url).output
    assert "98,200" in table and "answered by ipi-gender" in table and "owid-year-end" in table


def test_total_says_when_the_published_grand_total_is_missing(run_cli, loaded_url):
    figures = _json(run_cli("contributions", "total", "--date", "2014-05-31", "--format", "json", url=loaded_url))
    published = next(figure for figure in figures if figure["source"] == "ipi-gender-published")
    assert published["total"] is None and "no grand total" in published["note"]


def test_ranking_of_2021_lists_bangladesh_first_with_6711(run_cli, loaded_url):
    rows = _json(run_cli("contributions", "top", "--date", "2021-01-31", "--limit", "3", "--format", "json", url=loaded_url))
    assert [(row["rank"], row["iso3"], row["total"]) for row in rows][0] == (1, "BGD", 6711)
    assert len(rows) == 3 and rows[0]["source"] == "un-ranking"


def test_top_contributors_of_a_month_come_from_the_country_x_mission_rows(run_cli, loaded_url):
    rows = _json(run_cli("contributions", "top", "--date", "2013-12-15", "--format", "json", url=loaded_url))
    assert rows[0]["iso3"] == "PAK" and rows[0]["source"] == "ipi-gender" and len(rows) == 10
    assert [row["total"] for row in rows] == sorted((row["total"] for row in rows), reverse=True)
    lines = run_cli("contributions", "top", "--date", "2013-12-15", "--limit", "2", "--format", "csv", url=loaded_url).output.splitlines()
    assert lines[0].startswith("rank,iso3,contributor,total") and lines[1].startswith("1,PAK,Pakistan,8266")


def test_series_of_a_country_uses_each_source_in_its_span(run_cli, loaded_url):
    rows = _json(run_cli("contributions", "series", "--country", "BGD", "--format", "json", url=loaded_url))
    sources = {row["source"] for row in rows}
    assert sources == {"ipi-country-monthly", "ipi-gender", "un-country-year", "un-ranking"}
    december_2013 = next(row for row in rows if row["period"] == "2013-12-31")
    assert (december_2013["source"], december_2013["total"]) == ("ipi-gender", 7918)
    assert not [row for row in rows if row["source"] == "ipi-country-monthly" and row["period"] >= "2009-11-30"]
    year_2017 = next(row for row in rows if row["period"] == "2017")
    assert year_2017["note"].startswith("INCOMPLETE")
    assert next(row for row in rows if row["period"] == "2018")["note"].startswith("checked")


def test_series_for_one_mission_and_an_unknown_mission(run_cli, loaded_url):
    rows = _json(run_cli("contributions", "series", "--country", "BGD", "--mission", "UNMISS", "--format", "json", url=loaded_url))
    assert rows and {row["source"] for row in rows} <= {"ipi-gender", "un-country-year"}
    result = run_cli("contributions", "series", "--country", "BGD", "--mission", "NOSUCH", url=loaded_url)
    assert result.exit_code == 2 and "unknown mission 'NOSUCH'" in result.output


def test_bad_date_is_a_usage_error(run_cli, loaded_url):
    result = run_cli("contributions", "total", "--date", "2013-31-12", url=loaded_url)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_api_lists_records_with_filters_and_paging(api):
    page = api.get("/api/v1/contributions", params={"country": "BGD", "mission": "UNMISS", "date": "2013-12-31", "limit": 2}).json()
    assert page["total"] > 2 and len(page["items"]) == 2
    assert all(item["iso3"] == "BGD" and item["mission"] == "UNMISS" and item["month"] == "2013-12-31" for item in page["items"])
    assert page["sources"][0].startswith("ipi-gender: ipi_full_gender_data")
    women = api.get("/api/v1/contributions", params={"date": "2013-12-31", "sex": "female", "category": "troops", "limit": 500}).json()
    assert women["items"] and all(item["female"] > 0 and item["category"] == "troops" for item in women["items"])


def test_api_summary_gives_womens_share(api):
    by_sex = api.get("/api/v1/contributions/summary", params={"by": "sex", "date": "2013-12-31"}).json()["items"]
    assert {row["sex"]: row["personnel"] for row in by_sex} == {"female": 3753, "male": 94447}
    assert by_sex[0]["share"] == round(3753 / 98200, 4)
    by_month = api.get("/api/v1/contributions/summary", params={"by": "month", "from": "2013-12-01", "to": "2013-12-31"}).json()
    assert by_month["total"] == 1 and by_month["items"][0]["total"] == 98200
    assert by_month["items"][0]["women_share"] == round(3753 / 98200, 4)
    by_category = api.get("/api/v1/contributions/summary", params={"by": "category", "date": "2013-12-31"}).json()["items"]
    assert sum(row["total"] for row in by_category) == 98200 and len(by_category) == 4
    by_country = api.get("/api/v1/contributions/summary", params={"by": "country", "date": "2013-12-31", "limit": 1}).json()
    assert by_country["items"][0]["iso3"] == "PAK" and by_country["total"] == 122


def test_api_total_ranking_and_year_end_totals(api):
    total = api.get("/api/v1/contributions/total", params={"date": "2013-12-31"}).json()
    assert total["figures"][0]["total"] == 98200 and any("owid-year-end" in source for source in total["sources"])
    ranking = api.get("/api/v1/contributions/ranking", params={"limit": 1}).json()
    assert ranking["total"] == 122 and ranking["items"][0]["contributor"] == "Bangladesh" and ranking["items"][0]["total"] == 6711
    years = {row["year"]: row for row in api.get("/api/v1/contributions/year-end-totals", params={"from": 2010, "to": 2021}).json()["items"]}
    assert years[2013]["total"] == 98200
    assert {year for year, row in years.items() if row["yearly_averages_incomplete"]} == {2010, 2012, 2017, 2021}


@pytest.mark.parametrize("params", [
    {"mission": "NOSUCH"}, {"category": "pilots"}, {"sex": "other"}, {"date": "2013-02-30"}, {"from": "yesterday"}, {"colour": "blue"},
])
def test_api_bad_values_are_422(api, params):
    assert api.get("/api/v1/contributions", params=params).status_code == 422


def test_api_summary_by_unknown_grouping_is_422(api):
    response = api.get("/api/v1/contributions/summary", params={"by": "year"})
    assert response.status_code == 422 and "month, country, mission, category, sex" in response.text
