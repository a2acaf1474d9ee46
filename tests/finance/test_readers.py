"""Finance readers: published totals checked, defects counted, bad files refused with file/row/field."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pko.db import engine_for, session_scope
from pko.finance.models import AssessedContribution, Assessment, Payment, ScaleRate
from pko.sources import un_finance_assessments_2000, un_finance_assessments_2019, un_finance_payments, un_finance_scales
from pko.sources.importer import import_file, reader_for
from pko.sources.models import ImportRun
from pko.sources.report import ImportReport, SourceError

SCALE = "un_finance/un_regular_budget_scale_2019-2021.csv"
GROSS = "un_finance/un_regular_budget_assessments_2000-2020_leops95.csv"
NET = "un_finance/un_regular_budget_assessments_2019-2026.csv"
PAYMENTS = "un_finance/un_regular_budget_payments_2000-2020_leops95.csv"


def _run(session, source: str, scope: str = "all") -> ImportRun:
    return session.scalars(select(ImportRun).where(ImportRun.source == source, ImportRun.scope == scope, ImportRun.current.is_(True))).one()


def test_each_scale_sums_to_100_with_the_published_rates(finance_url):
    with session_scope(engine_for(finance_url)) as session:
        sums = dict(session.execute(select(ScaleRate.period, func.sum(ScaleRate.rate_percent)).group_by(ScaleRate.period)).all())
        counts = dict(session.execute(select(ScaleRate.period, func.count()).group_by(ScaleRate.period)).all())
        rates = dict(session.execute(select(ScaleRate.iso3, ScaleRate.rate_percent).where(ScaleRate.period == "2019-2021")).all())
    assert sorted(sums) == ["2016-2018", "2019-2021", "2022-2024", "2025-2027"]
    assert all(round(total, 3) == 100.0 for total in sums.values())
    assert set(counts.values()) == {193}
    assert rates["USA"] == 22.0 and rates["CHN"] == 12.005


def test_assessment_defects_are_counted_and_reported(finance_url):
    with session_scope(engine_for(finance_url)) as session:
        run = _run(session, un_finance_assessments_2000.SOURCE)
        turkey = session.scalars(select(Assessment).where(Assessment.year == 2007, Assessment.iso3 == "TUR")).one()
        historical = session.scalar(select(func.count()).where(Assessment.iso3.in_(("YUG", "SCG"))))
    assert run.rows_stored == 4026
    assert run.repairs["stray letter after an amount removed"] == 1
    assert run.repairs["row with a historical code (YUG, SCG) kept as published"] == 7 == historical
    assert run.repairs["row of a year whose rates do not sum to 100, kept as published"] == 188 + 191
    assert "rates of 2000 sum to 100.219%, not 100 (a defect of the source)" in run.notes
    assert "rates of 2003 sum to 101.088%, not 100 (a defect of the source)" in run.notes
    assert (turkey.gross_usd, turkey.credit_usd, turkey.net_usd) == (8540753, 861007, 7679746)


def test_contributions_and_payments_are_stored_with_their_kinds(finance_url):
    with session_scope(engine_for(finance_url)) as session:
        kinds = dict(session.execute(select(AssessedContribution.amount_column, func.count()).group_by(AssessedContribution.amount_column)).all())
        china = session.scalars(select(AssessedContribution).where(AssessedContribution.year == 2019, AssessedContribution.iso3 == "CHN")).one()
        payments = session.scalar(select(func.count()).select_from(Payment))
        notes = _run(session, un_finance_payments.SOURCE).notes
    assert kinds == {"Net contributions": 6 * 193, "Total contributions": 2 * 193}
    assert china.amount_usd == 334726585 and china.rate_percent == 12.005
    assert payments == 2820
    assert any("rows 324, 606" in note for note in notes)


def test_the_finance_command_picks_the_reader_by_header(data_dir):
    assert reader_for("finance", data_dir / SCALE) is un_finance_scales
    assert reader_for("finance", data_dir / GROSS) is un_finance_assessments_2000
    assert reader_for("finance", data_dir / NET) is un_finance_assessments_2019
    assert reader_for("finance", data_dir / PAYMENTS) is un_finance_payments


def _edited(source: Path, target: Path, edit) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()
    target.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return target


@pytest.mark.parametrize(("reader", "relative", "edit", "row", "field"), [
    (un_finance_scales, SCALE, lambda lines: [lines[0].replace("rate_percent", "rate")] + lines[1:], 1, "rate_percent"),
    (un_finance_scales, SCALE, lambda lines: lines[:3] + [lines[3].replace(",0.138,", ",0.1x8,")] + lines[4:], 4, "rate_percent"),
    (un_finance_scales, SCALE, lambda lines: lines[:2] + [lines[2].replace("ALB,", "Alb,", 1)] + lines[3:], 3, "iso3"),
    (un_finance_assessments_2000, GROSS, lambda lines: lines[:1] + [lines[1].replace(",31556,", ",31557,")] + lines[2:], 2, "net_assessment_usd"),
    (un_finance_assessments_2000, GROSS, lambda lines: lines[:1] + [lines[1].replace(",4481,", ",44.81,")] + lines[2:], 2, "credit_usd"),
    (un_finance_assessments_2019, NET, lambda lines: lines[:2] + [lines[2].replace("2019-02-15", "15/02/2019", 1)] + lines[3:], 3, "payment_date"),
    (un_finance_assessments_2019, NET, lambda lines: lines[:1] + [lines[1].replace("not_paid_in_full", "unpaid")] + lines[2:], 2, "payment_status"),
    (un_finance_payments, PAYMENTS, lambda lines: lines[:1] + [lines[1].replace(",1,0,", ",yes,0,")] + lines[2:], 2, "paid_within_due_period"),
])
def test_bad_files_are_refused_naming_row_and_field(tmp_path, data_dir, reader, relative, edit, row, field):
    source = data_dir / relative
    path = _edited(source, tmp_path / source.name, edit)
    with pytest.raises(SourceError) as error:
        reader.read(path, ImportReport(reader.SOURCE, path), names=None)
    assert (error.value.path.name, error.value.row, error.value.field) == (source.name, row, field)


def test_a_scale_file_without_its_period_in_the_name_is_refused(tmp_path, data_dir):
    path = tmp_path / "scale.csv"
    path.write_text((data_dir / SCALE).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SourceError, match="scale period"):
        un_finance_scales.read(path, ImportReport("x", path), names=None)


def test_importing_the_same_scale_twice_stores_nothing_new(engine, data_dir):
    first = import_file(engine, un_finance_scales, data_dir / SCALE)
    second = import_file(engine, un_finance_scales, data_dir / SCALE)
    assert (first.status, second.status) == ("stored", "unchanged")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(ScaleRate)) == 193
