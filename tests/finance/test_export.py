"""The XLSX export: read back with openpyxl, it holds exactly what the same command prints as JSON."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from pko.auth import service as accounts
from pko.db import engine_for, session_scope

PASSWORD = "correct horse battery"


def _sheets(content) -> dict[str, list[dict]]:
    book = load_workbook(content, read_only=True)
    found = {}
    for sheet in book.worksheets:
        lines = list(sheet.iter_rows(values_only=True))
        found[sheet.title] = [dict(zip(lines[0], line)) for line in lines[1:]] if lines else []
    return found


def test_xlsx_export_reads_back_as_the_json_export(run_cli, finance_url, tmp_path):
    args = ("--from", "2017", "--to", "2020", "--fiscal-year", "2019/20", "--amount", "1000000000")
    result = run_cli("finance", "export", "--format", "xlsx", "--output", str(tmp_path / "finance.xlsx"), *args, url=finance_url)
    assert result.exit_code == 0, result.output
    printed = run_cli("finance", "export", "--format", "json", *args, url=finance_url)
    expected = json.loads(printed.stdout)
    read = _sheets(tmp_path / "finance.xlsx")
    assert list(read) == list(expected) == ["assessments", "payments", "arrears", "arrears by year", "predictability",
                                            "apportionment", "sources"]
    for name, rows in expected.items():
        assert read[name] == rows, name
    assert {row["year"] for row in read["assessments"]} == {2017, 2018, 2019, 2020}
    assert len([row for row in read["payments"] if row["year"] == 2019]) == 193


def test_xlsx_sheets_agree_with_the_commands_that_compute_each_table(run_cli, finance_url, tmp_path):
    run_cli("finance", "export", "--output", str(tmp_path / "f.xlsx"), "--from", "2019", "--to", "2019",
            "--fiscal-year", "2019/20", "--amount", "1000000000", url=finance_url)
    read = _sheets(tmp_path / "f.xlsx")
    payments = json.loads(run_cli("finance", "payments", "--year", "2019", "--format", "json", url=finance_url).stdout)
    assert sorted((row["iso3"], row["assessed_usd"], row["paid_in_full_on"]) for row in read["payments"]) == sorted(
        (row["iso3"], row["assessed_usd"], row["paid_in_full_on"]) for row in payments)
    shares = json.loads(run_cli("finance", "apportion", "--fiscal-year", "2019/20", "--amount", "1000000000",
                                "--format", "json", url=finance_url).stdout)
    assert read["apportionment"] == shares
    arrears = json.loads(run_cli("finance", "arrears", "--year", "2019", "--format", "json", url=finance_url).stdout)
    assert read["arrears"] == arrears


def test_export_refuses_bad_input(run_cli, finance_url, tmp_path):
    result = run_cli("finance", "export", "--format", "xlsx", url=finance_url)
    assert result.exit_code != 0 and "needs --output" in result.output
    result = run_cli("finance", "export", "--format", "json", "--from", "2020", "--to", "2010", url=finance_url)
    assert result.exit_code != 0 and "first year comes after the last" in result.output
    result = run_cli("finance", "export", "--format", "json", "--fiscal-year", "2019/20", url=finance_url)
    assert result.exit_code != 0 and "needs the amount" in result.output
    result = run_cli("finance", "export", "--format", "json", "--country", "XXX", url=finance_url)
    assert result.exit_code != 0 and "no assessments for XXX" in result.output
    result = run_cli("finance", "export", "--output", str(tmp_path / "missing" / "f.xlsx"), url=finance_url)
    assert result.exit_code != 0 and "No such file" in result.output


@pytest.fixture(scope="module")
def headers(finance_url):
    found = {}
    with session_scope(engine_for(finance_url)) as session:
        for username, role, state in (("export-gha", "state-delegate", "GHA"), ("export-fo", "finance-officer", None)):
            code = accounts.delegation(session, state).code if state else "UN-DPO"
            if accounts.active_user(session, username) is None:
                accounts.create_user(session, username=username, password=PASSWORD, organization_code=code, roles=[role], actor="t")
            token, _ = accounts.create_token(session, username=username, name="t", actor="t")
            found[username] = {"Authorization": f"Bearer {token}"}
    return found


def test_xlsx_download_from_the_api_within_the_finance_scope(api, headers):
    answer = api.get("/api/v1/finance/export.xlsx", params={"year_from": 2019, "year_to": 2020}, headers=headers["export-gha"])
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "pko-finance-GHA-2019-2020.xlsx" in answer.headers["content-disposition"]
    own = _sheets(io.BytesIO(answer.content))
    assert {row["iso3"] for name in ("assessments", "payments", "arrears") for row in own[name]} == {"GHA"}
    assert "arrears by year" not in own
    assert api.get("/api/v1/finance/export.xlsx", params={"country": "NGA"}, headers=headers["export-gha"]).status_code == 404
    every = _sheets(io.BytesIO(api.get("/api/v1/finance/export.xlsx", params={"year_from": 2024, "year_to": 2024},
                                       headers=headers["export-fo"]).content))
    assert len(every["assessments"]) == 193 and every["arrears by year"][0]["year"] == 2024
    assert api.get("/api/v1/finance/export.xlsx").status_code == 401
    bad = api.get("/api/v1/finance/export.xlsx", params={"fiscal_year": "2019/20"}, headers=headers["export-fo"])
    assert bad.status_code == 422 and "needs the amount" in bad.text
