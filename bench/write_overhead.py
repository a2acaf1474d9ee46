"""Benchmark of what the permission check and the audit write add to a write route.

Times PATCH /api/v1/mandates/{id} (If-Match, a bearer token) in process, alternating rounds with the
check and the audit on and with both switched off (the permission dependency overridden by a fixed
grant, the audit write replaced by nothing), in the same run on the same database.
Goal: at most 20% added to the p50. Usage: .venv/bin/python bench/write_overhead.py [--requests 400]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from pko.audit import service as audit
from pko.auth import service as accounts
from pko.auth.permissions import Access, Principal, api_routes
from pko.auth.roles import Scope
from pko.config import default_data_dir, get_settings
from pko.db import engine_for, session_scope, upgrade
from pko.missions.mandates import service as mandates
from pko.missions.mandates.schemas import MandateCreate
from pko.sources import un_member_states
from pko.sources.importer import import_file

GOAL = 1.20


def prepare(folder: Path, data_dir: Path) -> tuple[str, str, int]:
    """A database with the member states, one administrator with a token, and one mandate."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    engine = engine_for(url)
    import_file(engine, un_member_states, data_dir / "un_member_states/un_member_states_193.csv")
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password="correct horse battery", organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="bench")
        token, _ = accounts.create_token(session, username="ada", name="bench", actor="bench")
        mandate = mandates.create_mandate(session, data=MandateCreate(mission="MINUSMA", resolution="S/RES/2100 (2013)"),
                                          actor="bench")
    return url, token, mandate.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("PKO_DATA_DIR") or default_data_dir()))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, token, mandate_id = prepare(Path(folder), args.data_dir)
        os.environ["PKO_DATABASE_URL"] = url
        get_settings.cache_clear()
        from pko.app import create_app

        app = create_app()
        client = TestClient(app)
        path = f"/api/v1/mandates/{mandate_id}"
        checks = [dependant.call for route in api_routes(app.routes) if route.path == "/api/v1/mandates/{mandate_id}"
                  and "PATCH" in route.methods for dependant in route.dependant.dependencies
                  if getattr(dependant.call, "permission", None)]
        granted = Access(Principal("ada", ("secretariat-admin",)), "record", "write", Scope.all)
        real_record = audit.record
        times = {"on": [], "off": []}
        version = 1
        for round_number in range(args.requests):
            mode = "on" if round_number % 2 == 0 else "off"
            if mode == "off":
                app.dependency_overrides = {check: (lambda: granted) for check in checks}
                audit.record = lambda *a, **k: None
            else:
                app.dependency_overrides = {}
                audit.record = real_record
            started = time.perf_counter()
            answer = client.patch(path, json={"military_ceiling": round_number}, headers={
                "Authorization": f"Bearer {token}", "If-Match": f'"{version}"'})
            times[mode].append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
            version += 1
        audit.record = real_record
    on, off = statistics.median(times["on"]), statistics.median(times["off"])
    print(f"PATCH {path}: {args.requests // 2} requests each way, SQLite, in process")
    print(f"p50 with permission check and audit   {on:7.2f} ms")
    print(f"p50 with both switched off            {off:7.2f} ms")
    print(f"ratio {on / off:.2f}x (goal <= {GOAL:.2f}x: {'met' if on / off <= GOAL else 'MISSED'})")


if __name__ == "__main__":
    main()
