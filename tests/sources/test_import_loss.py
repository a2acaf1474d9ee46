"""A header-only or much shorter copy of a stored file never replaces its rows (unless --allow-shrink)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pko.config import default_data_dir
from pko.db import Base, engine_for, load_models, session_scope
from pko.sources import minusma_qips, owid_year_end, radpko, un_finance_scales, un_member_states, unsc_membership
from pko.sources.importer import import_file
from pko.sources.report import SourceError

DATA = Path(os.environ.get("PKO_DATA_DIR") or default_data_dir())
load_models()
READERS = [un_member_states, unsc_membership, owid_year_end, radpko, minusma_qips, un_finance_scales]


def counts(engine) -> dict[str, int]:
    """Row count of every table."""
    with session_scope(engine) as session:
        return {table.name: session.scalar(select(func.count()).select_from(table)) for table in Base.metadata.sorted_tables}


def _first(reader) -> Path:
    return next(path for pattern in reader.FILES for path in sorted(DATA.glob(pattern)) if path.suffix == ".csv")


def _copy(original: Path, folder: Path, keep) -> Path:
    with open(original, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    copy = folder / original.name
    with open(copy, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([rows[0], *keep(rows[1:])])
    return copy


def _stored(database_url, reader):
    engine = engine_for(database_url)
    if reader is not un_member_states:  # country names come first
        import_file(engine, un_member_states, _first(un_member_states))
    import_file(engine, reader, _first(reader))
    return engine


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.SOURCE)
def test_a_header_only_copy_is_refused_and_the_stored_rows_stay(database_url, reader, tmp_path):
    engine = _stored(database_url, reader)
    before = counts(engine)
    with pytest.raises(SourceError, match="no data rows") as failure:
        import_file(engine, reader, _copy(_first(reader), tmp_path, lambda rows: []))
    assert failure.value.path.name == _first(reader).name
    assert counts(engine) == before


def test_a_copy_with_a_third_of_the_rows_needs_allow_shrink(database_url, tmp_path):
    engine = _stored(database_url, owid_year_end)
    before = counts(engine)
    shorter = _copy(_first(owid_year_end), tmp_path, lambda rows: rows[: len(rows) // 3])
    with pytest.raises(SourceError, match="allow-shrink"):
        import_file(engine, owid_year_end, shorter)
    assert counts(engine) == before
    assert import_file(engine, owid_year_end, shorter, allow_shrink=True).status == "stored"


def test_import_all_names_a_header_only_file_exits_non_zero_and_keeps_the_rows(run_cli, database_url, tmp_path):
    engine = _stored(database_url, un_member_states)
    before = counts(engine)
    folder = tmp_path / "data"
    target = folder / _first(un_member_states).relative_to(DATA).parent
    target.mkdir(parents=True)
    _copy(_first(un_member_states), target, lambda rows: [])
    result = run_cli("import", "all", "--data-dir", str(folder))
    assert result.exit_code == 1
    assert _first(un_member_states).name in result.output and "no data rows" in result.output
    assert counts(engine) == before


def test_a_monthly_file_cut_inside_its_last_number_is_refused(database_url, tmp_path):
    from pko.sources import ipi_world_monthly

    original = DATA / "un_contributions_ipi" / "ipi_data_monthly.csv"
    lines = original.read_bytes().split(b"\n")
    cut = b"\n".join(lines[:160]) + b"\n" + lines[160].rsplit(b",", 1)[0] + b",3"  # the source says 363.685...
    copy = tmp_path / original.name
    copy.write_bytes(cut)
    engine = _stored(database_url, ipi_world_monthly)
    before = counts(engine)
    with pytest.raises(SourceError, match="truncated") as failure:
        import_file(engine, ipi_world_monthly, copy)
    assert (failure.value.path.name, failure.value.row, failure.value.field) == (original.name, 161, "Total Contributions - SD")
    assert counts(engine) == before


def test_a_header_only_fatalities_file_is_refused_by_name(run_cli, tmp_path):
    original = DATA / "un_fatalities" / "dppadposs-fatalities_2023-11-28.csv"
    copy = _copy(original, tmp_path, lambda rows: [])
    result = run_cli("import", "fatalities", str(copy))
    assert result.exit_code == 1
    assert copy.name in result.output and "no data rows" in result.output


def test_an_owid_world_row_without_its_year_names_file_row_and_field(run_cli, tmp_path):
    original = _first(owid_year_end)
    copy = _copy(original, tmp_path, lambda rows: [*rows[:3], ["World", "", "", "", "", "", ""]])
    result = run_cli("import", "contributions", str(copy))
    assert result.exit_code == 1
    assert f"{copy.name}, row 5, field 'Year'" in result.output.replace("\n", " ") and "year missing" in result.output


def test_a_mali_admin_feature_of_another_type_is_refused(database_url, tmp_path):
    import json

    from pko.sources import mali_admin

    original = DATA / "mali_geo" / "mli_admbnda_adm0_1m_dnct_20190802.geojson"
    collection = json.loads(original.read_text(encoding="utf-8-sig"))
    collection["features"][0]["type"] = "Featurez"
    copy = tmp_path / original.name
    copy.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(SourceError, match="expected a Feature, found 'Featurez'") as failure:
        import_file(engine_for(database_url), mali_admin, copy)
    assert failure.value.field == "features[0].type"
