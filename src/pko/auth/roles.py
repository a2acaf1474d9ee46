"""Roles and what they may do, as data: role -> (resource, action) -> scope (pure: no database)."""

from __future__ import annotations

from enum import Enum


class Scope(str, Enum):
    """How far a permission reaches; wider scopes come later."""

    own_user = "own-user"
    own_state = "own-state"
    own_organization = "own-organization"
    all = "all"


WIDTH = {Scope.own_user: 0, Scope.own_state: 1, Scope.own_organization: 1, Scope.all: 2}
ACTIONS = ("read", "write")

# What each resource holds. "record" is the published shared record: member states, the Council,
# organizations, missions and mandates, contributions, fatalities, locations and import runs.
RESOURCES = {
    "record": "published aggregates: states, Council, missions, mandates, contributions, fatalities, locations",
    "imports": "loading public data files",
    "pledges": "units pledged by a state, their readiness and caveats (confidential to the state and the Secretariat)",
    "requirements": "unit requirements of missions and the force-generation plans that fill them",
    "incidents": "the incident log and threat analytics",
    "finance": "assessments, payments and bills of member states",
    "consultations": "meetings among the Council, contributors, the Secretariat and the AU: agendas, packs, minutes, decisions",
    "actions": "action items with their owner organization, AU-UN support requests and joint reviews, notifications",
    "footprint": "mission footprint plans: where sites go, what they reach, drawdown order (Secretariat work)",
    "partnerships": "capability needs of contributing countries and the offers of partners that meet them",
    "users": "accounts, roles and tokens",
    "audit": "the log of every change",
}

READ, WRITE = "read", "write"
ALL, STATE, ORG, SELF = Scope.all, Scope.own_state, Scope.own_organization, Scope.own_user
EVERYONE_SIGNED_IN = {("record", READ): ALL, ("users", READ): SELF, ("actions", READ): ORG}
SECRETARIAT = {("consultations", READ): ALL, ("actions", READ): ALL, ("actions", WRITE): ALL, ("footprint", READ): ALL}

ROLES: dict[str, dict[tuple[str, str], Scope]] = {
    "public": {("record", READ): ALL},
    "secretariat-admin": {(resource, action): ALL for resource in RESOURCES for action in ACTIONS},
    "force-generation-officer": {
        **EVERYONE_SIGNED_IN, **SECRETARIAT, ("pledges", READ): ALL, ("pledges", WRITE): ALL,
        ("requirements", READ): ALL, ("requirements", WRITE): ALL, ("consultations", WRITE): ALL,
        ("partnerships", READ): ALL, ("partnerships", WRITE): ALL,
    },
    "safety-officer": {**EVERYONE_SIGNED_IN, **SECRETARIAT, ("incidents", READ): ALL, ("incidents", WRITE): ALL},
    "finance-officer": {**EVERYONE_SIGNED_IN, **SECRETARIAT, ("finance", READ): ALL, ("finance", WRITE): ALL},
    "state-delegate": {
        **EVERYONE_SIGNED_IN, ("pledges", READ): STATE, ("pledges", WRITE): STATE,
        ("finance", READ): STATE, ("audit", READ): STATE, ("consultations", READ): STATE, ("actions", WRITE): ORG,
        ("partnerships", READ): STATE, ("partnerships", WRITE): STATE,
    },
    "council-delegate": {
        **EVERYONE_SIGNED_IN, ("requirements", READ): ALL, ("incidents", READ): ALL, ("consultations", READ): ALL,
        ("actions", WRITE): ORG,
    },
    "au-officer": {
        **EVERYONE_SIGNED_IN, ("requirements", READ): ALL, ("incidents", READ): ALL, ("consultations", READ): ALL,
        ("consultations", WRITE): ORG, ("actions", WRITE): ORG, ("partnerships", READ): ALL,
    },
}


def scope_of(roles: list[str] | tuple[str, ...], resource: str, action: str) -> Scope | None:
    """The widest scope any of the roles grants on (resource, action), or None."""
    if resource not in RESOURCES or action not in ACTIONS:
        raise ValueError(f"unknown permission {resource}:{action}")
    granted = [ROLES[role][(resource, action)] for role in roles if (resource, action) in ROLES.get(role, {})]
    return max(granted, key=WIDTH.__getitem__, default=None)


def matrix() -> list[dict[str, str]]:
    """One row per role: each resource:action with its scope, '-' where nothing is granted."""
    return [
        {"role": role, **{f"{resource}:{action}": (grants[(resource, action)].value if (resource, action) in grants else "-")
                          for resource in RESOURCES for action in ACTIONS}}
        for role, grants in ROLES.items()
    ]
