"""`pko contributions total` explains a gap between the gender file's published total and the sum of its rows."""

from __future__ import annotations

import json


def test_the_89_of_2010_06_are_the_usas_personnel_not_split_by_sex(run_cli, loaded_url):
    result = run_cli("contributions", "total", "--date", "2010-06-30", "--format", "json", url=loaded_url)
    assert result.exit_code == 0, result.output
    figures = {figure["source"]: figure for figure in json.loads(result.output)}
    assert figures["ipi-gender"]["total"] == 100_556 and figures["ipi-gender-published"]["total"] == 100_645
    note = figures["ipi-gender-published"]["note"]
    assert "89 more than the sum of its contributor x mission rows (100,556)" in note
    assert "89 of the published total are not split by sex (male + female = 100,556)" in note
    assert "no figures by sex in the gender file: United States of America (USA) 89" in note
    assert "not explained" not in note
    table = " ".join(run_cli("contributions", "total", "--date", "2010-06-30", url=loaded_url).output.split())
    assert "United States of America (USA) 89" in table


def test_no_gap_no_explanation(run_cli, loaded_url):
    figures = json.loads(run_cli("contributions", "total", "--date", "2013-12-31", "--format", "json", url=loaded_url).output)
    published = next(figure for figure in figures if figure["source"] == "ipi-gender-published")
    assert published["note"] == "the file's Contributor=all, Mission=all row"
