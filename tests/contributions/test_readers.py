"""Readers of the contribution files: repairs and skips counted, bad files refused with file/row/field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pko.contributions.models import Contribution, MissionMonth, PublishedGrandTotal, YearAverage
from pko.db import session_scope
from pko.sources import corinnee_country_year, ipi_gender, ipi_missions, un_member_states
from pko.sources.importer import import_file
from pko.sources.report import ImportReport, SourceError

GENDER = "un_contributions_ipi/ipi_full_gender_data_2009-11_to_2014-08.csv"
MISSIONS = "un_contributions_ipi/ipi_data_mission_1990-11_to_2017-03.csv"


@pytest.fixture
def states(engine, data_dir):
    """A database with the member states, which contributor names resolve against."""
    import_file(engine, un_member_states, data_dir / un_member_states.FILES[0])
    return engine


def _count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def _excerpt(source: Path, target: Path, lines: int, edit=None) -> Path:
    """The header and first data lines of a file, optionally edited."""
    text = source.read_text(encoding="utf-8").splitlines()[: lines + 1]
    if edit:
        text = edit(text)
    target.write_text("\n".join(text) + "\n", encoding="utf-8")
    return target


def test_gender_file_repairs_and_skips_are_counted(states, data_dir):
    run = import_file(states, ipi_gender, data_dir / GENDER).run
    assert run.repairs["stray trailing apostrophe removed"] == 8054
    assert run.skips["exact duplicate after repair dropped"] == 4599
    assert run.skips["aggregate row (Mission=all, one contributor's subtotal) skipped"] == 6033
    assert run.skips["aggregate row (Contributor=all, Mission=all) kept as the published grand total"] == 52
    assert any("2014-04, 2014-05, 2014-06, 2014-07, 2014-08" in note for note in run.notes)
    assert any("published total is not male + female" in note for note in run.notes)
    with session_scope(states) as session:
        assert session.scalar(select(func.count()).where(Contribution.contributor.endswith("'"))) == 0
        assert session.scalar(select(func.count()).where(Contribution.iso3.is_(None))) == 0
        assert session.scalar(select(func.count()).where(Contribution.total_matches.is_(False))) > 0
        # Egypt in UNMIS, Nov 2009: 1,220 men and 15 women, published total 1,234 - kept as published.
        egypt = session.scalars(select(Contribution).where(
            Contribution.iso3 == "EGY", Contribution.mission == "UNMIS", Contribution.category == "troops",
            Contribution.month == date(2009, 11, 30))).one()
        assert (egypt.male, egypt.female, egypt.total, egypt.total_matches) == (1220, 15, 1234, False)
        grand = session.scalars(select(PublishedGrandTotal.month).where(PublishedGrandTotal.category == "all")).all()
        assert len(grand) == 52 and max(grand).isoformat() == "2014-02-28"


def test_reimporting_the_same_file_changes_nothing(states, data_dir):
    import_file(states, ipi_gender, data_dir / GENDER)
    before = _count(states, Contribution)
    again = import_file(states, ipi_gender, data_dir / GENDER)
    assert again.status == "unchanged"
    assert _count(states, Contribution) == before


def test_mission_file_coordinates_are_repaired(states, data_dir):
    run = import_file(states, ipi_missions, data_dir / MISSIONS).run
    assert run.repairs["HQ coordinates given in the opposite order to the HQ's other rows swapped back"] == 9
    assert any("ONUCI -> UNOCI" in note for note in run.notes)
    with session_scope(states) as session:
        bamako = set(session.execute(select(MissionMonth.hq_latitude, MissionMonth.hq_longitude).where(MissionMonth.mission == "MINUSMA")).all())
        assert bamako == {(12.65, -8.0)}
        phnom_penh = session.execute(select(MissionMonth.hq_latitude, MissionMonth.hq_longitude).where(MissionMonth.mission == "UNTAC")).first()
        assert phnom_penh == (11.55, 104.917)
        assert session.scalar(select(func.max(func.abs(MissionMonth.hq_latitude)))) <= 90


def test_yearly_averages_drop_padding_and_flag_incomplete_years(states, data_dir):
    run = import_file(states, corinnee_country_year, data_dir / corinnee_country_year.FILES[0]).run
    assert run.skips["zero padding row (female, male and total all 0) dropped"] == 51210
    flagged = next(note for note in run.notes if "flagged incomplete" in note)
    for year in ("2010", "2012", "2017", "2021"):
        assert f"{year} (" in flagged
    assert "2018 (" not in flagged
    assert _count(states, YearAverage) == 6215


def test_renamed_column_is_refused(states, data_dir, tmp_path):
    bad = _excerpt(data_dir / GENDER, tmp_path / "gender.csv", 20, lambda lines: [lines[0].replace("Troops_Female", "Troops_Women"), *lines[1:]])
    with pytest.raises(SourceError) as error:
        ipi_gender.read(bad, ImportReport(ipi_gender.SOURCE, bad), names=None)
    assert (error.value.path.name, error.value.row, error.value.field) == ("gender.csv", 1, "Troops_Female")


def test_bad_date_is_refused_and_leaves_the_database_as_it_was(states, data_dir, tmp_path):
    import_file(states, ipi_gender, data_dir / GENDER)
    before = _count(states, Contribution)
    bad = _excerpt(data_dir / GENDER, tmp_path / "gender.csv", 20, lambda lines: [*lines[:5], lines[5].replace("2009-11-30", "2009-11-31"), *lines[6:]])
    with pytest.raises(SourceError) as error:
        import_file(states, ipi_gender, bad)
    assert (error.value.row, error.value.field) == (6, "Date")
    assert "2009-11-31" in error.value.reason
    assert _count(states, Contribution) == before


def test_unknown_mission_in_the_gender_file_is_refused(states, data_dir, tmp_path):
    def edit(lines):
        lines[7] = lines[7].replace(",UNFICYP,", ",UNKNOWNMISSION,")
        return lines

    source = (data_dir / GENDER).read_text(encoding="utf-8").splitlines()
    assert ",UNFICYP," in source[7]
    bad = _excerpt(data_dir / GENDER, tmp_path / "gender.csv", 20, edit)
    with pytest.raises(SourceError) as error:
        import_file(states, ipi_gender, bad)
    assert (error.value.row, error.value.field) == (8, "Mission")
    assert "UNKNOWNMISSION" in str(error.value)


def test_contributors_need_member_states_first(engine, data_dir):
    with pytest.raises(SourceError, match="import member-states first"):
        import_file(engine, ipi_gender, data_dir / GENDER)
