"""The 2001-2008 credit anomalies: rate and gross right, net = gross - credit, only the credit short by a
state-specific deduction (the evidence docs/finance-assessment.md gives for tax equalization)."""

from __future__ import annotations

import json


def _year(run_cli, url, year):
    years = {row["year"]: row for row in json.loads(run_cli("finance", "years", "--format", "json", url=url).stdout)}
    result = run_cli("finance", "assess", "--year", str(year), "--amount", str(years[year]["gross_appropriation_usd"]),
                     "--format", "json", url=url)
    assert result.exit_code == 0, result.output
    return {row["iso3"]: row for row in json.loads(result.stdout)}


def test_only_the_credit_of_the_anomalous_states_is_short(run_cli, finance_url):
    shortfall = {}
    for year, states in ((2001, ["TUR"]), (2004, ["TUR", "SYR", "ERI"]), (2006, ["TUR", "ERI"]), (2007, ["TUR", "ERI"])):
        rows = _year(run_cli, finance_url, year)
        for iso3 in states:
            row = rows[iso3]
            assert abs(row["gross_usd"] - row["published_gross_usd"]) <= 1
            assert row["published_net_usd"] == row["published_gross_usd"] - row["published_credit_usd"]
            shortfall[(iso3, year)] = row["credit_usd"] - row["published_credit_usd"]
            assert shortfall[(iso3, year)] > 100
        others = [row for iso3, row in rows.items() if iso3 not in states and iso3 != "USA"]
        assert sum(abs(row["credit_usd"] - row["published_credit_usd"]) > 1 for row in others) == 0
    # more than Eritrea's whole credit: a negative credit, so not a share of the credit pool
    assert all(shortfall[("ERI", year)] > _year(run_cli, finance_url, year)["ERI"]["credit_usd"] for year in (2004, 2006))
    # Türkiye's deduction more than doubles from 2001 to 2007 while its rate falls (0.443 to 0.381)
    assert shortfall[("TUR", 2007)] > 2 * shortfall[("TUR", 2001)]
