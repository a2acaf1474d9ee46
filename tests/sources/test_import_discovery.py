"""`pko import all` finds files whatever the case of their names, and lists those no reader takes."""

from __future__ import annotations

import shutil

from fatality_releases import NEWER, write_newer_release
from sqlalchemy import select

from pko.db import session_scope
from pko.safety.models import Fatality
from pko.sources.importer import discover, unread


def test_a_release_named_the_uns_way_is_imported_and_strays_are_listed(run_cli, engine, data_dir, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir / "un_member_states", folder / "un_member_states")
    write_newer_release(data_dir, folder)
    (folder / "un_fatalities" / "notes.txt").write_text("read me\n", encoding="utf-8")
    (folder / "elsewhere").mkdir()
    (folder / "elsewhere" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    found = [path.name for _, path in discover(folder)]
    assert f"DPPADPOSS-FATALITIES_{NEWER}.csv" in found
    assert [path.relative_to(folder).as_posix() for path in unread(folder)] == [
        "un_fatalities/notes.txt", "un_member_states/un-regional-groups_openclimatedata.csv"]
    result = run_cli("import", "all", "--data-dir", str(folder))
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "not imported: no reader for this file un_fatalities/notes.txt" in output
    assert "elsewhere/x.csv" not in output  # a folder no reader knows is not PKO's to judge
    with session_scope(engine) as session:
        releases = set(session.scalars(select(Fatality.release).distinct()))
    assert {day.isoformat() for day in releases} == {NEWER}
