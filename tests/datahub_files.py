"""Small files in the layouts of the UN Data Hub's DPO-UCHISTORICAL and DPO-UCLATEST and of the IPI gender file,
with the defects such exports have, written by the tests themselves."""

from __future__ import annotations

import csv
from pathlib import Path

HUB_HEADER = ["contribution_id", "contributing_country", "isocode3", "m49_code", "mission_acronym", "personnel_type",
              "female_personnel", "male_personnel", "last_reporting_date"]
# (month, name, isocode3 cell, m49_code cell, mission, type, female, male); the export writes the M49 number
# (as a decimal) in `isocode3` and the letters in `m49_code`, except where noted.
HUB_ROWS = [
    ("2013-12-31", "Ghana", "288.0", "GHA", "UNIFIL", "Troops", 60, 810),
    ("2013-12-31", "France", "250.0", "FRA", "UNIFIL", "Troops", 40, 760),
    ("2013-12-31", "France", "250.0", "FRA", "UNIFIL", "Staff Officer", 2, 30),
    ("2013-12-31", "India", "356.0", "IND", "MONUSCO", "Troops", 0, 3700),
    ("2013-12-31", "Ghana", "288.0", "GHA", "UNIFIL", "Individual Police", 0, 0),  # a zero row
    ("2014-01-31T00:00:00", "Ghana", "288.0", "GHA", "UNIFIL", "Troops", 61, 812),
    ("2014-01-31T00:00:00", "", "250.0", "FRA", "UNIFIL", "Troops", 40, 762),  # a blank name
    ("2014-01-31T00:00:00", "France", "FRA", "250", "UNIFIL", "Staff Officer", 2, 30),  # codes the right way round
    ("2014-01-31T00:00:00", "Republic of India", "356.0", "IND", "MONUSCO", "Troops", 20, 3700),  # a variant name
    # 2014-02 is missing from the export
    ("2014-03-31", "India", "356.0", "IND", "MONUSCO", "Troops", 25, 3800),
    ("2014-03-31", "Ghana", "288.0", "GHA", "UNIFIL", "Troops", 62, 820),
    ("2014-03-31", "France", "250.0", "FRA", "UNIFIL", "Troops", 41, 700),
    ("2014-03-31", "India", "356.0", "IND", "UNIFIL", "Formed Police Units", 10, 130),
]
# What each source says per month and contributor (all missions), to check answers against by hand.
HUB_MARCH_TOP = [("IND", 3800 + 25 + 10 + 130), ("GHA", 820 + 62), ("FRA", 700 + 41)]

LATEST_HEADER = ["id", "contributing_country", "isocode3", "m49_code", "female_personnel", "male_personnel",
                 "total_uniformed_personnel", "personnel_contribution_rank", "last_reporting_date"]
LATEST_ROWS = [
    (1, "India", "356.0", "IND", 40, 3990, 4030, 1, "2014-04-30"),
    (2, "Ghana", "288.0", "GHA", 62, 830, 892, 2, "2014-04-30"),
    (3, "France", "250.0", "FRA", 41, 705, 746, 3, "2014-04-30"),
]

IPI_CATEGORIES = ("Individual_Police", "Formed_Police_Units", "Experts_on_Mission", "Troops", "Total")
IPI_HEADER = ["Date", "Contributor", "Contributor_ISO-3", "Mission"] + [f"{c}_{s}" for c in IPI_CATEGORIES for s in ("Male", "Female", "Total")]
# (month, name, iso3, mission, troops male, troops female): the IPI file counts staff officers among troops.
IPI_ROWS = [
    ("2013-12-31", "Ghana", "GHA", "UNIFIL", 810, 60),
    ("2013-12-31", "France", "FRA", "UNIFIL", 790, 42),
    ("2013-12-31", "India", "IND", "MONUSCO", 3700, 0),
    ("2014-01-31", "Ghana", "GHA", "UNIFIL", 812, 61),
    ("2014-01-31", "France", "FRA", "UNIFIL", 792, 42),
    ("2014-01-31", "India", "IND", "MONUSCO", 3700, 0),  # the Data Hub has 3,720 (20 women): the one disagreement
    ("2014-02-28", "Ghana", "GHA", "UNIFIL", 815, 61),
    ("2014-02-28", "France", "FRA", "UNIFIL", 795, 42),
    ("2014-02-28", "India", "IND", "MONUSCO", 3750, 5),
]


def write_hub(path: Path, rows=HUB_ROWS, total_row: bool = True) -> Path:
    """A DPO-UCHISTORICAL export, with its trailing total row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HUB_HEADER)
        for number, row in enumerate(rows, start=1):
            writer.writerow([number, *row[1:], row[0]] if len(row) == 8 else row)
        if total_row:
            writer.writerow(["", "Total", "", "", "", "", sum(r[6] for r in rows), sum(r[7] for r in rows), ""])
    return path


def write_latest(path: Path, rows=LATEST_ROWS) -> Path:
    """A DPO-UCLATEST export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(LATEST_HEADER)
        writer.writerows(rows)
    return path


def write_ipi(path: Path, rows=IPI_ROWS) -> Path:
    """An IPI gender file with troops only, and its grand total rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(IPI_HEADER)
        months = sorted({row[0] for row in rows})
        for month in months:
            chosen = [row for row in rows if row[0] == month]
            for _, name, iso3, mission, male, female in chosen:
                writer.writerow([month, name, iso3, mission] + ["NA"] * 9 + [male, female, male + female] * 2)
            male, female = sum(r[4] for r in chosen), sum(r[5] for r in chosen)
            writer.writerow([month, "all", "all", "all"] + ["NA"] * 9 + [male, female, male + female] * 2)
    return path
