"""The incident page in real headless Chromium: sign in, record an incident with the form, see incidents and hotspot
hexagons on the map; nothing errs and nothing leaves 127.0.0.1."""

from __future__ import annotations

import numpy as np
import pytest

from browser import chromium, serve, watch
from pko.auth import service as accounts
from pko.db import session_scope

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def server(engine, database_url, tmp_path, run_cli):
    """uvicorn over a database holding a safety officer and 200 generated incidents around Gao and Timbuktu."""
    rng = np.random.default_rng(11)
    lines = ["source,source_event_id,incident_type,incident_date,latitude,longitude,mission"]
    for i in range(200):
        lat, lon = (16.27, -0.04) if i % 2 else (16.77, -3.0)
        lines.append(f"generated,G{i},explosive-device,2018-0{1 + i % 9}-15,{lat + rng.normal(0, 0.05):.5f},"
                     f"{lon + rng.normal(0, 0.05):.5f},MINUSMA")
    lines += [f"generated,U{i},ambush,2017-05-01,{lat:.4f},{lon:.4f},MINUSMA"
              for i, (lat, lon) in enumerate(zip(rng.uniform(14, 18, 100), rng.uniform(-5, 1, 100)))]
    (tmp_path / "generated.csv").write_text("\n".join(lines) + "\n")
    assert run_cli("incidents", "import", "csv", str(tmp_path / "generated.csv")).exit_code == 0
    with session_scope(engine) as session:
        accounts.create_user(session, username="sam", password=PASSWORD, organization_code="UN-DOS",
                             roles=["safety-officer"], actor="test")
    with serve(database_url) as base:
        yield base


def test_record_an_incident_and_see_the_map(server):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1440, "height": 1000}, base_url=server).new_page()
        errors, hosts = watch(page)
        page.goto("/login?next=/incidents", wait_until="networkidle")
        page.fill("input[name=username]", "sam")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.wait_for_selector("#incident-map[data-ready=true]")
        assert int(page.get_attribute("#incident-map", "data-markers")) == 300
        assert int(page.get_attribute("#incident-map", "data-hexagons")) > 3
        assert page.locator("path.leaflet-interactive").count() > 300
        assert "Getis-Ord Gi*" in page.inner_text("#hotspot-method")

        form = page.locator("#incident-form")
        form.locator("select[name=incident_type]").select_option("indirect-fire")
        form.locator("input[name=incident_date]").fill("2019-01-10")
        form.locator("input[name=latitude]").fill("16.7735")
        form.locator("input[name=longitude]").fill("-3.0074")
        form.locator("input[name=location]").fill("Timbuktu camp")
        form.locator("input[name=source]").fill("JOC")
        with page.expect_navigation():
            form.locator("button").click()
        page.wait_for_selector("#incident-map[data-ready=true]")
        assert "Timbuktu camp" in page.inner_text("#incident-table")
        assert int(page.get_attribute("#incident-map", "data-markers")) == 301
    assert errors == [] and hosts == {"127.0.0.1"}
