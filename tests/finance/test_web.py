"""The finance page: scales over time, predictability, and a state's bill."""

from __future__ import annotations

import json
import re


def test_finance_page_shows_scales_and_a_states_bill(api):
    html = api.get("/finance").text
    assert "<h1>Finance</h1>" in html and "Not available yet</span></h1>" not in html
    charts = [json.loads(spec.replace("&#34;", '"').replace("&#39;", "'")) for spec in re.findall(r"data-chart='([^']+)'", html)]
    scales = charts[0]
    assert scales["labels"][0] == "2000" and scales["labels"][-1] == "2027"
    usa = next(dataset for dataset in scales["datasets"] if dataset["label"] == "USA")
    assert usa["data"][scales["labels"].index("2019")] == 22.0
    assert "Choose a member state" in html
    bill = api.get("/finance", params={"state": "GHA"}).text
    row_2019 = re.search(r"<tr><td class=\"num\">2019</td>(.*?)</tr>", bill).group(1)
    assert "0.015" in row_2019 and "paid" in row_2019
    assert api.get("/finance", params={"state": "XXX"}).status_code == 200
