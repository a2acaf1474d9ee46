"""Fiscal-year apportionment across two scales (hand-computed) and the dated parameters."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from pko.finance.apportionment import apportion, fiscal_year
from pko.finance.parameters import reimbursement_rate


def _plain(text: str) -> str:
    """CLI output without the error box's borders and line breaks."""
    return re.sub(r"[│╭╮╰╯─\s]+", " ", text)


def test_fiscal_year_straddling_two_scales_hand_computed():
    scales = {2021: {"CHN": 12.005, "USA": 22.0}, 2022: {"CHN": 15.254, "USA": 22.0}}
    shares = apportion(1_200_000, 2021, scales.__getitem__)
    # China: 600,000 x 12.005% + 600,000 x 15.254% = 72,030 + 91,524.
    assert shares["CHN"] == pytest.approx(163_554.0)
    assert shares["USA"] == pytest.approx(264_000.0)


@pytest.mark.parametrize(("text", "expected"), [("2019/20", (2019, 2020)), ("1999/2000", (1999, 2000)), ("2099/00", (2099, 2100))])
def test_fiscal_year_forms(text, expected):
    assert fiscal_year(text) == expected


@pytest.mark.parametrize("text", ["2019", "2019/21", "19/20", "2019-20"])
def test_bad_fiscal_years(text):
    with pytest.raises(ValueError):
        fiscal_year(text)


def test_apportion_cli_over_the_stored_scales(run_cli, finance_url):
    result = run_cli("finance", "apportion", "--fiscal-year", "2021/22", "--amount", "1200000", "--format", "json", url=finance_url)
    assert result.exit_code == 0, result.output
    rows = {row["iso3"]: row["share_usd"] for row in json.loads(result.output)}
    assert rows["CHN"] == 163_554.0 and len(rows) == 193
    assert sum(rows.values()) == pytest.approx(1_200_000, abs=1)
    result = run_cli("finance", "apportion", "--fiscal-year", "2019/21", "--amount", "5", url=finance_url)
    assert result.exit_code != 0 and "runs July to June" in _plain(result.output)


def test_apportion_api(api):
    body = api.get("/api/v1/finance/apportionment", params={"fiscal_year": "2019/20", "amount": 1000}).json()
    assert body["scales"] == {"Jul-Dec 2019": "scale 2019-2021", "Jan-Jun 2020": "scale 2019-2021"}
    assert next(row for row in body["rows"] if row["iso3"] == "USA")["share_usd"] == 220.0
    assert api.get("/api/v1/finance/apportionment", params={"fiscal_year": "2019", "amount": 1000}).status_code == 422


@pytest.mark.parametrize(("day", "rate"), [
    (date(2014, 6, 30), None), (date(2014, 7, 1), 1332.0), (date(2016, 6, 30), 1332.0), (date(2016, 7, 1), 1365.0),
    (date(2017, 7, 1), 1410.0), (date(2018, 7, 1), 1428.0), (date(2019, 6, 30), 1428.0), (date(2019, 7, 1), None),
])
def test_reimbursement_rate_or_no_rate(day, rate):
    assert reimbursement_rate(day) == rate


def test_parameters_command_lists_dated_values_with_sources(run_cli, finance_url, api):
    result = run_cli("finance", "parameters", "--format", "json", url=finance_url)
    assert result.exit_code == 0, result.output
    rows = {row["key"] + "@" + row["start"]: row for row in json.loads(result.output)}
    level_c = rows["level.C@2001-07-01"]
    assert level_c["value"] == 0.075 and level_c["status"] == "to verify against the resolution's text"
    assert rows["level.J@2001-07-01"]["value"] == 0.9
    assert rows["exceptional.SAU@2022-01-01"]["value"] == 0.075
    assert rows["reimbursement.personnel@2018-07-01"]["value"] == 1428.0
    assert rows["scale.2019-2021@2019-01-01"]["value"] == 100.0
    assert all(row["source"] for row in rows.values())
    page = api.get("/api/v1/finance/parameters", params={"limit": 100}).json()
    assert page["total"] == len(rows)


def test_au_operation_under_scenario_shares(run_cli, finance_url, api):
    result = run_cli("finance", "au-operation", "--budget", "100000000", "--un-share", "0.75", "--un-share", "0.5",
                     "--year", "2019", "--format", "json", url=finance_url)
    assert result.exit_code == 0, result.output
    rows = {row["payer"]: row for row in json.loads(result.output)}
    assert rows["AU and partners (remainder)"]["un_share_0.75_usd"] == 25_000_000
    assert rows["AU and partners (remainder)"]["un_share_0.5_usd"] == 50_000_000
    # United States at 22% of the UN's 75 million.
    assert rows["USA"]["un_share_0.75_usd"] == 16_500_000 and rows["CHN"]["un_share_0.5_usd"] == 6_002_500
    states = [row for payer, row in rows.items() if payer != "AU and partners (remainder)"]
    assert sum(row["un_share_0.75_usd"] for row in states) == pytest.approx(75_000_000, abs=1)
    result = run_cli("finance", "au-operation", "--budget", "100", "--un-share", "0.8", url=finance_url)
    assert result.exit_code != 0 and "up to 75%" in _plain(result.output)
    assert api.get("/api/v1/finance/au-operation", params={"budget": 100, "un_share": 0.9}).status_code == 422
    assert api.get("/api/v1/finance/au-operation", params={"budget": 100}).json()["scale"] == "scale 2025-2027"
