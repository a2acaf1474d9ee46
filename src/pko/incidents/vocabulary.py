"""The incident vocabulary (after the UN's SAGE categories) and how ACLED and UCDP event types map onto it (pure)."""

from __future__ import annotations

# Types of incident PKO records; a fixed list so that counts and hotspots compare like with like.
TYPES: dict[str, str] = {
    "explosive-device": "improvised explosive device, mine, suicide bomb or grenade (detonated, found or cleared)",
    "ambush": "an attack from a concealed position on a moving patrol or convoy",
    "indirect-fire": "mortar, rocket, artillery or missile fire from out of sight",
    "direct-attack": "an armed attack or clash with small arms at close range",
    "air-strike": "an attack from an aircraft or drone",
    "hostage-taking": "abduction, kidnapping or detention of persons",
    "demonstration": "a protest, riot or mob gathering",
    "crime": "looting, robbery, carjacking or destruction of property",
    "accident": "a road, air or other accident",
    "other": "any other security incident",
}
# How sure the record is: confirmed by the mission, reported by credible sources, or not verified.
CONFIDENCE = ("confirmed", "reported", "unverified")
# Location precision, from ACLED geo_precision (1-3) and UCDP where_prec (1-7): how close the point is.
PRECISION = {1: "the place itself", 2: "near the place, within its district", 3: "only the region (admin 1) or wider"}

# ACLED sub_event_type -> PKO type. None: not a security incident (ACLED's "Strategic developments" other than
# weapons seized or defused), left out of the log and counted.
ACLED_SUB_EVENTS: dict[str, str | None] = {
    "Remote explosive/landmine/IED": "explosive-device",
    "Suicide bomb": "explosive-device",
    "Grenade": "explosive-device",
    "Disrupted weapons use": "explosive-device",  # an IED or mine found and cleared is a SAGE explosive-device event
    "Shelling/artillery/missile attack": "indirect-fire",
    "Air/drone strike": "air-strike",
    "Chemical weapon": "other",
    "Armed clash": "direct-attack",
    "Government regains territory": "direct-attack",
    "Non-state actor overtakes territory": "direct-attack",
    "Attack": "direct-attack",
    "Abduction/forced disappearance": "hostage-taking",
    "Sexual violence": "other",
    "Peaceful protest": "demonstration",
    "Protest with intervention": "demonstration",
    "Excessive force against protesters": "demonstration",
    "Violent demonstration": "demonstration",
    "Mob violence": "demonstration",
    "Looting/property destruction": "crime",
    "Agreement": None,
    "Arrests": None,
    "Change to group/activity": None,
    "Headquarters or base established": None,
    "Non-violent transfer of territory": None,
    "Other": None,
}
# ACLED event_type -> PKO type, for a sub-event type not in the list above (older or newer codebooks).
ACLED_EVENTS: dict[str, str | None] = {
    "Battles": "direct-attack",
    "Explosions/Remote violence": "explosive-device",
    "Violence against civilians": "direct-attack",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": None,
}
# ACLED has no "ambush" sub-event: an armed clash or attack whose notes say ambush is recorded as one.
AMBUSH_WORDS = ("ambush", "embuscade")
AMBUSH_FROM = ("direct-attack",)

# UCDP GED type_of_violence (1 state-based, 2 non-state, 3 one-sided): all are lethal attacks; GED codes
# no weapon, so each is a direct attack.
UCDP_VIOLENCE = {1: "direct-attack", 2: "direct-attack", 3: "direct-attack"}
UCDP_VIOLENCE_NAMES = {1: "state-based violence", 2: "non-state violence", 3: "one-sided violence"}


def incident_type(label: str) -> str:
    """The PKO type named by a label (any case, spaces or underscores for hyphens); ValueError otherwise."""
    key = label.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in TYPES:
        raise ValueError(f"'{label}' is not an incident type (one of: {', '.join(TYPES)})")
    return key


def acled_type(event_type: str, sub_event_type: str, notes: str | None) -> str | None:
    """The PKO type of an ACLED event; None when it is not a security incident; KeyError when unknown."""
    if sub_event_type in ACLED_SUB_EVENTS:
        found = ACLED_SUB_EVENTS[sub_event_type]
    else:
        found = ACLED_EVENTS[event_type]
    if found in AMBUSH_FROM and notes and any(word in notes.lower() for word in AMBUSH_WORDS):
        return "ambush"
    return found


def ucdp_precision(where_prec: int) -> int:
    """UCDP where_prec (1 exact place ... 7 country or international waters) on ACLED's 1-3 scale."""
    return 1 if where_prec == 1 else 2 if where_prec <= 3 else 3
