"""Files in the ACLED and UCDP GED formats, written by the tests (PKO ships no such data), with their real defects."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

# The columns of an ACLED export, in the order of the ACLED codebook.
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
# The columns of a UCDP GED CSV release (GED codebook).
UCDP_COLUMNS = ["id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
                "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
                "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
                "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
                "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
                "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
                "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"]
JNIM = "JNIM: Group for Support of Islam and Muslims"
MINUSMA_ACTOR = "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)"


def acled_row(event_id: str, day: str, year: int, event_type: str, sub_type: str, *, country: str = "Mali",
              admin1: str = "", admin2: str = "", location: str = "", lat: str = "", lon: str = "",
              actor1: str = JNIM, actor2: str = "", notes: str = "", fatalities: int = 0, timestamp: int = 1600000000,
              precision: int = 1) -> dict:
    """One ACLED event as an export writes it."""
    return {"event_id_cnty": event_id, "event_date": day, "year": str(year), "time_precision": "1",
            "disorder_type": "Political violence", "event_type": event_type, "sub_event_type": sub_type,
            "actor1": actor1, "assoc_actor_1": "", "inter1": "2", "actor2": actor2, "assoc_actor_2": "", "inter2": "8",
            "interaction": "28", "civilian_targeting": "", "iso": "466", "region": "Western Africa", "country": country,
            "admin1": admin1, "admin2": admin2, "admin3": "", "location": location, "latitude": lat, "longitude": lon,
            "geo_precision": str(precision), "source": "AFP; Reuters", "source_scale": "International", "notes": notes,
            "fatalities": str(fatalities), "tags": "", "timestamp": str(timestamp)}


def ucdp_row(event_id: str, start: str, end: str, violence: int, *, country: str = "Mali", adm_1: str = "",
             adm_2: str = "", place: str = "", lat: str = "", lon: str = "", best: int = 1, low: int = 1,
             high: int = 1, where_prec: int = 1, side_a: str = "Government of Mali", side_b: str = "JNIM",
             clarity: int = 1) -> dict:
    """One GED event as a CSV release writes it."""
    row = {column: "" for column in UCDP_COLUMNS}
    row.update({"id": event_id, "relid": f"MLI-{event_id}", "year": start[:4], "active_year": "1", "code_status": "Clear",
                "type_of_violence": str(violence), "conflict_name": "Mali: Government", "side_a": side_a, "side_b": side_b,
                "source_article": "\"AFP,2018-01-18,Gao attack\"", "where_prec": str(where_prec),
                "where_coordinates": place, "adm_1": adm_1, "adm_2": adm_2, "latitude": lat, "longitude": lon,
                "country": country, "country_id": "432", "region": "Africa", "event_clarity": str(clarity),
                "date_prec": "1", "date_start": start, "date_end": end, "best": str(best), "high": str(high), "low": str(low)})
    return row


def write(path: Path, columns: list[str], rows: list[dict]) -> Path:
    """Write rows as a CSV with the given header."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def acled_rows() -> list[dict]:
    """Six events of Mali and Niger, with a repeated id (older timestamp), an exact repeat, a text date,
    a missing point, a strategic development and an ambush told only in the notes."""
    ied = acled_row("MLI1001", "12 March 2018", 2018, "Explosions/Remote violence", "Remote explosive/landmine/IED",
                    admin1="Kidal", admin2="Tessalit", location="Tessalit", lat="20.1973", lon="1.0170",
                    actor2=MINUSMA_ACTOR, fatalities=2, timestamp=1521000000)
    shelling = acled_row("MLI1002", "2018-04-14", 2018, "Explosions/Remote violence", "Shelling/artillery/missile attack",
                         admin1="Tombouctou", admin2="Tombouctou", location="Timbuktu", lat="16.7735", lon="-3.0074")
    return [
        ied,
        shelling,
        acled_row("MLI1003", "3 May 2018", 2018, "Battles", "Armed clash", admin1="Mopti", admin2="Tenenkou",
                  location="Dioura", notes="Militants ambushed a FAMa convoy near Dioura.", fatalities=4, precision=2),
        {**ied, "fatalities": "1", "timestamp": "1520000000"},  # an older version of MLI1001
        dict(shelling),  # the same event exported twice
        acled_row("MLI1004", "5 May 2018", 2018, "Strategic developments", "Agreement", location="Bamako",
                  lat="12.6392", lon="-8.0029"),
        acled_row("NIG2001", "20 June 2018", 2018, "Violence against civilians", "Attack", country="Niger",
                  admin1="Tillaberi", location="Ayorou", lat="14.7308", lon="0.9174", fatalities=1),
    ]


def ucdp_rows() -> list[dict]:
    """GED events: datetime and plain dates, one over two days, an exact repeat, a missing point, Darfur and DRC."""
    gao = ucdp_row("212345", "2017-01-18 00:00:00.000", "2017-01-18 00:00:00.000", 3, adm_1="Gao region",
                   adm_2="Gao cercle", place="Gao town", lat="16.2667", lon="-0.0500", best=77, low=60, high=77)
    return [
        gao,
        ucdp_row("212346", "2018-06-29", "2018-06-30", 1, adm_1="Mopti region", place="Sevare town", lat="14.5246",
                 lon="-4.0947", best=3, low=2, high=5),
        dict(gao),
        ucdp_row("212347", "2018-07-02", "2018-07-02", 2, adm_1="Mopti region", where_prec=6, best=5, low=5, high=6),
        ucdp_row("212348", "2015-03-01", "2015-03-01", 1, country="Sudan", adm_1="North Darfur state",
                 lat="13.6333", lon="25.3500", side_b="SLM/A", best=10, low=8, high=12),
        ucdp_row("212349", "2015-04-01", "2015-04-01", 3, country="Sudan", adm_1="Khartoum state",
                 lat="15.5007", lon="32.5599", best=2, low=2, high=2),
        ucdp_row("212350", "2019-08-10", "2019-08-10", 2, country="DR Congo (Zaire)", adm_1="Ituri province",
                 lat="1.5667", lon="30.2500", best=12, low=12, high=15, clarity=2),
    ]


@pytest.fixture
def acled_file(tmp_path) -> Path:
    return write(tmp_path / "acled_mali_2018.csv", ACLED_COLUMNS, acled_rows())


@pytest.fixture
def ucdp_file(tmp_path) -> Path:
    return write(tmp_path / "ged_mali.csv", UCDP_COLUMNS, ucdp_rows())
