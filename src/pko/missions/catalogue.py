"""Every mission the public data names: official name, kind, country, and the spellings sources use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PEACEKEEPING = "peacekeeping operation"
POLITICAL = "special political mission"
AU_LED = "AU-led operation"
HYBRID = "hybrid"
OTHER = "other"
KINDS = (PEACEKEEPING, POLITICAL, AU_LED, HYBRID, OTHER)


@dataclass(frozen=True)
class CatalogueEntry:
    """A mission as PKO names it; `country_iso3` is the state it serves in (None when several or none)."""

    acronym: str
    name: str
    kind: str
    country_iso3: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None


def _m(acronym: str, name: str, kind: str, iso3: str | None = None, *aliases: str, note: str | None = None) -> CatalogueEntry:
    return CatalogueEntry(acronym, name, kind, iso3, tuple(aliases), note)


# Computed from the mission columns of every file in the public data folder (fatalities both schemas,
# IPI, corinnee, Geo-PKO v1 and v2.3, RADPKO, audited expenditure), then named from UN lists.
ENTRIES: tuple[CatalogueEntry, ...] = (
    _m("BINUB", "United Nations Integrated Office in Burundi", POLITICAL, "BDI"),
    _m("BINUH", "United Nations Integrated Office in Haiti", POLITICAL, "HTI"),
    _m("BNUB", "United Nations Office in Burundi", POLITICAL, "BDI"),
    _m("BONUCA", "United Nations Peacebuilding Support Office in the Central African Republic", POLITICAL, "CAF"),
    _m("IPTF", "International Police Task Force (Bosnia and Herzegovina)", PEACEKEEPING, "BIH",
       note="the police component of UNMIBH; sources list it on its own"),
    _m("MICAH", "International Civilian Support Mission in Haiti", POLITICAL, "HTI"),
    _m("MINUCI", "United Nations Mission in Côte d'Ivoire", PEACEKEEPING, "CIV"),
    _m("MINUGUA", "United Nations Verification Mission in Guatemala", PEACEKEEPING, "GTM"),
    _m("MINUJUSTH", "United Nations Mission for Justice Support in Haiti", PEACEKEEPING, "HTI"),
    _m("MINURCA", "United Nations Mission in the Central African Republic", PEACEKEEPING, "CAF"),
    _m("MINURCAT", "United Nations Mission in the Central African Republic and Chad", PEACEKEEPING, "TCD"),
    _m("MINURSO", "United Nations Mission for the Referendum in Western Sahara", PEACEKEEPING, None,
       note="Western Sahara is not a UN member state"),
    _m("MINUSCA", "United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic", PEACEKEEPING, "CAF"),
    _m("MINUSMA", "United Nations Multidimensional Integrated Stabilization Mission in Mali", PEACEKEEPING, "MLI"),
    _m("MINUSTAH", "United Nations Stabilization Mission in Haiti", PEACEKEEPING, "HTI"),
    _m("MIPONUH", "United Nations Civilian Police Mission in Haiti", PEACEKEEPING, "HTI"),
    _m("MONUA", "United Nations Observer Mission in Angola", PEACEKEEPING, "AGO"),
    _m("MONUC", "United Nations Organization Mission in the Democratic Republic of the Congo", PEACEKEEPING, "COD"),
    _m("MONUSCO", "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo", PEACEKEEPING, "COD"),
    _m("ONUB", "United Nations Operation in Burundi", PEACEKEEPING, "BDI"),
    _m("ONUC", "United Nations Operation in the Congo", PEACEKEEPING, "COD"),
    _m("ONUCA", "United Nations Observer Group in Central America", PEACEKEEPING, None),
    _m("ONUMOZ", "United Nations Operation in Mozambique", PEACEKEEPING, "MOZ"),
    _m("ONUSAL", "United Nations Observer Mission in El Salvador", PEACEKEEPING, "SLV"),
    _m("OSESGY", "Office of the Special Envoy of the Secretary-General for Yemen", POLITICAL, "YEM"),
    _m("OSESyria", "Office of the Special Envoy of the Secretary-General for Syria", POLITICAL, "SYR", "OSE-Syria"),
    _m("RSCE", "Regional Service Centre in Entebbe", OTHER, "UGA"),
    _m("UNAMA", "United Nations Assistance Mission in Afghanistan", POLITICAL, "AFG"),
    _m("UNAMET", "United Nations Mission in East Timor", POLITICAL, "TLS"),
    _m("UNAMI", "United Nations Assistance Mission for Iraq", POLITICAL, "IRQ"),
    _m("UNAMIC", "United Nations Advance Mission in Cambodia", PEACEKEEPING, "KHM"),
    _m("UNAMID", "African Union-United Nations Hybrid Operation in Darfur", HYBRID, "SDN"),
    _m("UNAMIR", "United Nations Assistance Mission for Rwanda", PEACEKEEPING, "RWA"),
    _m("UNAMSIL", "United Nations Mission in Sierra Leone", PEACEKEEPING, "SLE"),
    _m("UNAVEM", "United Nations Angola Verification Mission", PEACEKEEPING, "AGO",
       note="the sources use it for UNAVEM I-III without telling them apart, beside 'UNAVEM II' and 'UNAVEM III'"),
    _m("UNAVEM II", "United Nations Angola Verification Mission II", PEACEKEEPING, "AGO"),
    _m("UNAVEM III", "United Nations Angola Verification Mission III", PEACEKEEPING, "AGO"),
    _m("UNCRO", "United Nations Confidence Restoration Operation in Croatia", PEACEKEEPING, "HRV"),
    _m("UNDOF", "United Nations Disengagement Observer Force", PEACEKEEPING, "SYR"),
    _m("UNEF", "United Nations Emergency Force", PEACEKEEPING, "EGY",
       note="the fatalities files use it for UNEF I (1956-1967) and UNEF II (1973-1979)"),
    _m("UNFICYP", "United Nations Peacekeeping Force in Cyprus", PEACEKEEPING, "CYP"),
    _m("UNFOR", "UNFOR (label of the UN monthly reports of Jan-Feb 1996 for forces in Croatia)", OTHER, "HRV",
       note="not an official mission name; listed beside UNPF in the same months"),
    _m("UNGCI", "United Nations Guards Contingent in Iraq", OTHER, "IRQ"),
    _m("UNIFIL", "United Nations Interim Force in Lebanon", PEACEKEEPING, "LBN"),
    _m("UNIIMOG", "United Nations Iran-Iraq Military Observer Group", PEACEKEEPING, None),
    _m("UNIKOM", "United Nations Iraq-Kuwait Observation Mission", PEACEKEEPING, "KWT"),
    _m("UNIOGBIS", "United Nations Integrated Peacebuilding Office in Guinea-Bissau", POLITICAL, "GNB"),
    _m("UNIOSIL", "United Nations Integrated Office in Sierra Leone", POLITICAL, "SLE"),
    _m("UNIPSIL", "United Nations Integrated Peacebuilding Office in Sierra Leone", POLITICAL, "SLE"),
    _m("UNISFA", "United Nations Interim Security Force for Abyei", PEACEKEEPING, None,
       note="Abyei is claimed by Sudan and South Sudan"),
    _m("UNITAMS", "United Nations Integrated Transition Assistance Mission in Sudan", POLITICAL, "SDN"),
    _m("UNLB", "United Nations Logistics Base at Brindisi", OTHER, "ITA", "LBB"),
    _m("UNMA", "United Nations Mission in Angola", POLITICAL, "AGO"),
    _m("UNMAO", "United Nations Mine Action Office", OTHER, None),
    _m("UNMC", "United Nations Mission in Colombia", POLITICAL, "COL"),
    _m("UNMEE", "United Nations Mission in Ethiopia and Eritrea", PEACEKEEPING, None),
    _m("UNMHA", "United Nations Mission to support the Hodeidah Agreement", POLITICAL, "YEM"),
    _m("UNMIBH", "United Nations Mission in Bosnia and Herzegovina", PEACEKEEPING, "BIH"),
    _m("UNMIH", "United Nations Mission in Haiti", PEACEKEEPING, "HTI"),
    _m("UNMIK", "United Nations Interim Administration Mission in Kosovo", PEACEKEEPING, None,
       note="Kosovo is not a UN member state"),
    _m("UNMIL", "United Nations Mission in Liberia", PEACEKEEPING, "LBR"),
    _m("UNMIN", "United Nations Mission in Nepal", POLITICAL, "NPL"),
    _m("UNMIS", "United Nations Mission in the Sudan", PEACEKEEPING, "SDN"),
    _m("UNMISET", "United Nations Mission of Support in East Timor", PEACEKEEPING, "TLS"),
    _m("UNMISS", "United Nations Mission in the Republic of South Sudan", PEACEKEEPING, "SSD"),
    _m("UNMIT", "United Nations Integrated Mission in Timor-Leste", PEACEKEEPING, "TLS"),
    _m("UNMOGIP", "United Nations Military Observer Group in India and Pakistan", PEACEKEEPING, None),
    _m("UNMOP", "United Nations Mission of Observers in Prevlaka", PEACEKEEPING, "HRV"),
    _m("UNMOT", "United Nations Mission of Observers in Tajikistan", PEACEKEEPING, "TJK"),
    _m("UNOA", "United Nations Office in Angola", POLITICAL, "AGO"),
    _m("UNOAU", "United Nations Office to the African Union", POLITICAL, "ETH"),
    # ONUCI is the French acronym; the IPI mission table uses it for May 2005 - Jun 2006 instead of UNOCI.
    _m("UNOCI", "United Nations Operation in Côte d'Ivoire", PEACEKEEPING, "CIV", "ONUCI"),
    _m("UNOHCI", "Office of the United Nations Humanitarian Coordinator for Iraq", OTHER, "IRQ"),
    _m("UNOMIG", "United Nations Observer Mission in Georgia", PEACEKEEPING, "GEO"),
    _m("UNOMIL", "United Nations Observer Mission in Liberia", PEACEKEEPING, "LBR"),
    _m("UNOMSIL", "United Nations Observer Mission in Sierra Leone", PEACEKEEPING, "SLE"),
    _m("UNOMUR", "United Nations Observer Mission Uganda-Rwanda", PEACEKEEPING, "UGA"),
    _m("UNOSOM", "United Nations Operation in Somalia", PEACEKEEPING, "SOM",
       note="the sources use it for UNOSOM I and II without telling them apart, beside 'UNOSOM II'"),
    _m("UNOSOM II", "United Nations Operation in Somalia II", PEACEKEEPING, "SOM"),
    _m("UNOTIL", "United Nations Office in Timor-Leste", POLITICAL, "TLS"),
    _m("UNOWA", "United Nations Office for West Africa", POLITICAL, None),
    _m("UNOWAS", "United Nations Office for West Africa and the Sahel", POLITICAL, None),
    _m("UNPF", "United Nations Peace Forces", PEACEKEEPING, None),
    _m("UNPOS", "United Nations Political Office for Somalia", POLITICAL, "SOM"),
    _m("UNPREDEP", "United Nations Preventive Deployment Force", PEACEKEEPING, "MKD"),
    _m("UNPROFOR", "United Nations Protection Force", PEACEKEEPING, None),
    _m("UNPSG", "United Nations Civilian Police Support Group", PEACEKEEPING, "HRV"),
    _m("UNSCOB", "United Nations Special Committee on the Balkans", OTHER, "GRC"),
    _m("UNSecretariat", "United Nations Secretariat", OTHER, None, "UN Secretariat"),
    _m("UNSMA", "United Nations Special Mission to Afghanistan", POLITICAL, "AFG"),
    _m("UNSMIH", "United Nations Support Mission in Haiti", PEACEKEEPING, "HTI"),
    _m("UNSMIL", "United Nations Support Mission in Libya", POLITICAL, "LBY"),
    _m("UNSMIS", "United Nations Supervision Mission in Syria", PEACEKEEPING, "SYR"),
    _m("UNSOM", "United Nations Assistance Mission in Somalia", POLITICAL, "SOM"),
    _m("UNSOS", "United Nations Support Office in Somalia", OTHER, "SOM",
       note="supports the AU-led operation in Somalia; financed as a peacekeeping account"),
    _m("UNTAC", "United Nations Transitional Authority in Cambodia", PEACEKEEPING, "KHM"),
    _m("UNTAES", "United Nations Transitional Administration for Eastern Slavonia, Baranja and Western Sirmium", PEACEKEEPING, "HRV"),
    _m("UNTAET", "United Nations Transitional Administration in East Timor", PEACEKEEPING, "TLS"),
    _m("UNTAG", "United Nations Transition Assistance Group", PEACEKEEPING, "NAM"),
    _m("UNTMIH", "United Nations Transition Mission in Haiti", PEACEKEEPING, "HTI"),
    _m("UNTSO", "United Nations Truce Supervision Organization", PEACEKEEPING, None),
    _m("UNVMC", "United Nations Verification Mission in Colombia", POLITICAL, "COL"),
    # AU-led operations: not in the public files, known so that partners can record them.
    _m("AMIB", "African Union Mission in Burundi", AU_LED, "BDI"),
    _m("AMIS", "African Union Mission in Sudan", AU_LED, "SDN"),
    _m("AMISOM", "African Union Mission in Somalia", AU_LED, "SOM"),
    _m("ATMIS", "African Union Transition Mission in Somalia", AU_LED, "SOM"),
    _m("AUSSOM", "African Union Support and Stabilization Mission in Somalia", AU_LED, "SOM"),
    _m("MISCA", "African-led International Support Mission to the Central African Republic", AU_LED, "CAF"),
    _m("AFISMA", "African-led International Support Mission in Mali", AU_LED, "MLI"),
)

# Source labels that are not missions (aggregate rows); readers skip them, canonical() says None.
AGGREGATES = frozenset({"ALL", "OTHER", "TOTAL"})

_BY_ACRONYM: dict[str, CatalogueEntry] = {}
_BY_KEY: dict[str, str] = {}


# The day each closed operation's mandate ended, as the UN's list of past peacekeeping operations gives it.
# Data files keep naming a mission after that (liquidation, locations files), so the last month seen is no closing date.
CLOSED: dict[str, date] = {
    "MINUSMA": date(2023, 12, 31), "UNAMID": date(2020, 12, 31), "MINUJUSTH": date(2019, 10, 15),
    "UNMIL": date(2018, 3, 30), "MINUSTAH": date(2017, 10, 15), "UNOCI": date(2017, 6, 30),
    "UNMIT": date(2012, 12, 31), "UNMIS": date(2011, 7, 9), "MINURCAT": date(2010, 12, 31),
    "MONUC": date(2010, 6, 30), "UNMEE": date(2008, 7, 31), "ONUB": date(2006, 12, 31),
    "UNAMSIL": date(2005, 12, 31), "MINUCI": date(2004, 4, 4),
}


def closed_on(acronym: str) -> date | None:
    """The day a closed mission's mandate ended, or None where the catalogue records no closing."""
    found = canonical(acronym)
    return CLOSED.get(found or acronym)


def key(label: str) -> str:
    """The matching key of a label: upper case without spaces, hyphens, dots or apostrophes."""
    return re.sub(r"[\s\-.'\u2019_]", "", label).upper()


def register(entry: CatalogueEntry) -> CatalogueEntry:
    """Add (or replace) a mission, e.g. an AU-led or hybrid operation, with its aliases."""
    if entry.kind not in KINDS:
        raise ValueError(f"kind '{entry.kind}' is not one of {', '.join(KINDS)}")
    for label in (entry.acronym, *entry.aliases):
        taken = _BY_KEY.get(key(label))
        if taken is not None and taken != entry.acronym:
            raise ValueError(f"'{label}' already names {taken}")
    _BY_ACRONYM[entry.acronym] = entry
    for label in (entry.acronym, *entry.aliases):
        _BY_KEY[key(label)] = entry.acronym
    return entry


for _entry in ENTRIES:
    register(_entry)


def canonical(acronym: str | None) -> str | None:
    """The canonical acronym for a label met in a source, or None if it names no known mission."""
    if acronym is None:
        return None
    return _BY_KEY.get(key(acronym.strip()))


def entry(acronym: str) -> CatalogueEntry | None:
    """The catalogue entry of a mission label (any known spelling)."""
    found = canonical(acronym)
    return _BY_ACRONYM[found] if found else None


def entries() -> list[CatalogueEntry]:
    """Every mission known, by acronym."""
    return sorted(_BY_ACRONYM.values(), key=lambda e: e.acronym.upper())
