"""Which mission served where and when: the rule that gives an imported event its mission (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Deployment:
    """A mission deployed in a country from `start` to `end` (None: still deployed); `admin1`, when set,
    limits it to the first-level areas whose name contains that text (UNAMID in Darfur, UNISFA in Abyei)."""

    mission: str
    iso3: str
    start: date
    end: date | None
    admin1: str | None = None


# From the start of operations to the end of the mandate (or of withdrawal), as the UN's mission pages
# date them. Only missions whose area is a country (or a named part of one) are listed.
DEPLOYMENTS: tuple[Deployment, ...] = (
    Deployment("AFISMA", "MLI", date(2013, 1, 17), date(2013, 6, 30)),
    Deployment("MINUSMA", "MLI", date(2013, 7, 1), date(2023, 12, 31)),
    Deployment("MISCA", "CAF", date(2013, 12, 19), date(2014, 9, 14)),
    Deployment("MINUSCA", "CAF", date(2014, 9, 15), None),
    Deployment("MINURCAT", "TCD", date(2007, 9, 25), date(2010, 12, 31)),
    Deployment("MONUC", "COD", date(1999, 11, 30), date(2010, 6, 30)),
    Deployment("MONUSCO", "COD", date(2010, 7, 1), None),
    Deployment("UNMIS", "SDN", date(2005, 3, 24), date(2011, 7, 9)),
    Deployment("UNAMID", "SDN", date(2007, 7, 31), date(2020, 12, 31), admin1="darfur"),
    Deployment("UNISFA", "SDN", date(2011, 6, 27), None, admin1="abyei"),
    Deployment("UNISFA", "SSD", date(2011, 6, 27), None, admin1="abyei"),
    Deployment("UNMISS", "SSD", date(2011, 7, 9), None),
    Deployment("UNIFIL", "LBN", date(1978, 3, 19), None),
    Deployment("UNDOF", "SYR", date(1974, 5, 31), None),
    Deployment("UNFICYP", "CYP", date(1964, 3, 27), None),
    Deployment("MINUSTAH", "HTI", date(2004, 6, 1), date(2017, 10, 15)),
    Deployment("MINUJUSTH", "HTI", date(2017, 10, 16), date(2019, 10, 15)),
    Deployment("UNMIL", "LBR", date(2003, 10, 1), date(2018, 3, 30)),
    Deployment("UNOCI", "CIV", date(2004, 4, 4), date(2017, 6, 30)),
    Deployment("UNAMSIL", "SLE", date(1999, 10, 22), date(2005, 12, 31)),
    Deployment("UNMEE", "ERI", date(2000, 7, 31), date(2008, 7, 31)),
    Deployment("UNMEE", "ETH", date(2000, 7, 31), date(2008, 7, 31)),
    Deployment("AMISOM", "SOM", date(2007, 3, 1), date(2022, 3, 31)),
    Deployment("ATMIS", "SOM", date(2022, 4, 1), date(2024, 12, 31)),
    Deployment("AUSSOM", "SOM", date(2025, 1, 1), None),
)

# Country names as ACLED and UCDP GED write them, for the states where a mission above served.
COUNTRIES: dict[str, str] = {
    "mali": "MLI", "central african republic": "CAF", "chad": "TCD",
    "democratic republic of congo": "COD", "democratic republic of the congo": "COD", "dr congo (zaire)": "COD",
    "sudan": "SDN", "south sudan": "SSD", "lebanon": "LBN", "syria": "SYR", "cyprus": "CYP", "haiti": "HTI",
    "liberia": "LBR", "ivory coast": "CIV", "cote d'ivoire": "CIV", "côte d'ivoire": "CIV", "sierra leone": "SLE",
    "eritrea": "ERI", "ethiopia": "ETH", "somalia": "SOM",
}


def country_iso3(name: str | None) -> str | None:
    """The ISO3 code of a host country as ACLED or UCDP names it (None when not a host country listed)."""
    return COUNTRIES.get(name.strip().lower()) if name else None


def mission_at(iso3: str | None, day: date, admin1: str | None = None) -> tuple[str | None, str]:
    """The mission deployed in a country on a day, and why: "deployed", "none deployed" or "several deployed".

    A mission limited to named areas (UNAMID, UNISFA) wins inside them; elsewhere only country-wide
    missions count. When several country-wide missions overlap, no mission is guessed.
    """
    if iso3 is None:
        return None, "none deployed"
    present = [d for d in DEPLOYMENTS if d.iso3 == iso3 and d.start <= day and (d.end is None or day <= d.end)]
    area = (admin1 or "").lower()
    local = [d for d in present if d.admin1 and d.admin1 in area]
    found = {d.mission for d in local} or {d.mission for d in present if d.admin1 is None}
    if len(found) == 1:
        return found.pop(), "deployed"
    return None, "several deployed" if found else "none deployed"
