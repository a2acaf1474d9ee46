"""Country names as sources spell them, resolved to today's member state (pure: no database)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Spellings and historical names met in the sources. A historical state maps to today's state only
# where that state continues it; a dissolved state maps to None and says why.
ALIASES: dict[str, tuple[str | None, str | None]] = {
    "ussr": ("RUS", "USSR: the Russian Federation continues its membership and seat (letter of 24 Dec 1991)"),
    "union of soviet socialist republics": ("RUS", "USSR: the Russian Federation continues its membership and seat (letter of 24 Dec 1991)"),
    "ukrainian ssr": ("UKR", "Ukrainian SSR: today's Ukraine"),
    "byelorussian ssr": ("BLR", "Byelorussian SSR: today's Belarus"),
    "german fr": ("DEU", "Federal Republic of Germany: unified Germany since 3 Oct 1990"),
    "federal republic of germany": ("DEU", "Federal Republic of Germany: unified Germany since 3 Oct 1990"),
    "german dr": (None, "German Democratic Republic: joined the Federal Republic of Germany on 3 Oct 1990"),
    "czechoslovakia": (None, "Czechoslovakia: dissolved on 1 Jan 1993 into Czechia and Slovakia"),
    "yugoslavia": (None, "Socialist Federal Republic of Yugoslavia: dissolved 1991-1992; no successor continues its seat"),
    "serbia and montenegro": (None, "Serbia and Montenegro: separated in 2006"),
    "united arab republic": ("EGY", "United Arab Republic: Egypt kept the name until 1971 (Syria left in 1961)"),
    "ivory coast": ("CIV", None),
    "cote d ivoire": ("CIV", None),
    "turkey": ("TUR", None),
    "russia": ("RUS", None),
    "usa": ("USA", None),
    "united states": ("USA", None),
    "uk": ("GBR", None),
    "united kingdom": ("GBR", None),
    "great britain": ("GBR", None),
    "iran": ("IRN", None),
    "syria": ("SYR", None),
    "bolivia": ("BOL", None),
    "venezuela": ("VEN", None),
    "tanzania": ("TZA", None),
    "vietnam": ("VNM", None),
    "laos": ("LAO", None),
    "lao pdr": ("LAO", None),
    "south korea": ("KOR", None),
    "korea": ("KOR", None),
    "korea republic of": ("KOR", None),
    "north korea": ("PRK", None),
    "moldova": ("MDA", None),
    "republic of moldova": ("MDA", None),
    "macedonia": ("MKD", None),
    "fyr macedonia": ("MKD", None),
    "the former yugoslav republic of macedonia": ("MKD", None),
    "czech republic": ("CZE", None),
    "swaziland": ("SWZ", None),
    "cape verde": ("CPV", None),
    "brunei": ("BRN", None),
    "micronesia": ("FSM", None),
    "dr congo": ("COD", None),
    "drc": ("COD", None),
    "democratic republic of congo": ("COD", None),
    "congo kinshasa": ("COD", None),
    "republic of congo": ("COG", None),
    "republic of the congo": ("COG", None),
    "congo brazzaville": ("COG", None),
    "the gambia": ("GMB", None),
    "gambia republic of the": ("GMB", None),
    "burma": ("MMR", None),
    "east timor": ("TLS", None),
    "timor leste": ("TLS", None),
    "palestine": (None, "State of Palestine: a non-member observer State"),
    "state of palestine": (None, "State of Palestine: a non-member observer State"),
    "western sahara": (None, "Western Sahara: a Non-Self-Governing Territory, not a UN member state"),
    "libyan arab jamahiriya": ("LBY", "Libyan Arab Jamahiriya: Libya's name until 2011"),
    "u k": ("GBR", None),
    "zz [undetermined]": (None, "nationality undetermined in the source"),
    "unknown": (None, "contributor unknown in the source"),
    "ethiopia eritrea": (None, "two states named together (Ethiopia and Eritrea)"),
    "ireland and scotland": (None, "two contributors named together (Ireland and the United Kingdom)"),
    "kosovo": (None, "Kosovo: not a UN member state"),
    "taiwan": (None, "Taiwan: not a UN member state"),
    "holy see": (None, "Holy See: a non-member observer State"),
}


def normalize(name: str) -> str:
    """Lower-case ASCII words: accents, apostrophes (straight, curly, stray), hyphens and commas removed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[\'`\u2019\u2018,.\-/]", " ", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def without_parenthesis(name: str) -> str:
    """A name without its parenthetical part: 'USSR (Union of ...)' -> 'USSR'."""
    return re.sub(r"\s*\(.*?\)\s*", " ", name).strip()


@dataclass(frozen=True)
class Resolution:
    """A source's name resolved: today's state (or None) and how."""

    iso3: str | None
    rule: str  # "name", "iso3", "alias" or "historical"
    note: str | None = None


class CountryNames:
    """Resolves the names sources use to ISO3 codes of today's member states."""

    def __init__(self, states: Iterable[tuple[str, Iterable[str]]]):
        self._exact: dict[str, str] = {}
        for iso3, names in states:
            self._exact[normalize(iso3)] = iso3
            for name in names:
                if name:
                    self._exact[normalize(name)] = iso3
                    self._exact[normalize(without_parenthesis(name))] = iso3

    def resolve(self, name: str | None) -> Resolution | None:
        """Today's state for a source's name; None when the name is unknown."""
        if name is None or not name.strip():
            return None
        for candidate in (name, without_parenthesis(name)):
            key = normalize(candidate)
            if key in self._exact:
                return Resolution(self._exact[key], "iso3" if len(key) == 3 and key.upper() == self._exact[key] else "name")
            if key in ALIASES:
                iso3, note = ALIASES[key]
                return Resolution(iso3, "historical" if note else "alias", note)
        return None

    def iso3(self, name: str | None) -> str | None:
        """The ISO3 of a name, or None."""
        found = self.resolve(name)
        return found.iso3 if found else None
