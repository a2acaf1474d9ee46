"""A synthetic fatalities release newer than 2023-11-28, written for tests into their own folder."""

from __future__ import annotations

import csv

RELEASE_2023 = "un_fatalities/dppadposs-fatalities_2023-11-28.csv"
NEWER = "2025-04-04"
RECLASSIFIED = 10  # 2017 malicious-act deaths the synthetic newer release turns into accidents


def write_newer_release(data_dir, folder):
    """A newer release named the UN's way: the 2023 rows, some 2017 malicious acts reclassified, dated NEWER."""
    with open(data_dir / RELEASE_2023, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    changed = 0
    for row in rows:
        row["last_update"] = NEWER
        uniformed = row["casualty_personnel_type"] in {"Military", "Police", "Military Observer"}
        if changed < RECLASSIFIED and row["incident_date"].startswith("2017") and row["type_of_incident"] == "Malicious Act" and uniformed:
            row["type_of_incident"] = "Accident"
            changed += 1
    path = folder / "un_fatalities" / f"DPPADPOSS-FATALITIES_{NEWER}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path
