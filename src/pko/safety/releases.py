"""What changed between two releases of the fatalities data set: records added, removed, reclassified."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

# Fields whose change between releases counts as a reclassification of the same casualty.
COMPARED = ("incident_date", "mission", "casualty_type", "personnel_type", "incident_type",
            "gender", "nationality", "iso3", "m49")


@dataclass
class Change:
    """One casualty that differs between two releases; `fields` maps each changed field to (before, after)."""

    casualty_id: str
    change: str  # "added", "removed" or "reclassified"
    incident_date: Any
    mission: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def carried(frame: pd.DataFrame) -> set[str]:
    """The compared fields a release carries at all (the 2021 schema has no gender)."""
    return {name for name in COMPARED if name in frame.columns and frame[name].notna().any()}


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def diff(before: pd.DataFrame, after: pd.DataFrame) -> list[Change]:
    """Compare two releases (one row per casualty_id each); fields only one release carries are not compared."""
    old, new = before.set_index("casualty_id"), after.set_index("casualty_id")
    changes = [
        Change(cid, "added", _plain(new.at[cid, "incident_date"]), new.at[cid, "mission"])
        for cid in new.index.difference(old.index)
    ]
    changes += [
        Change(cid, "removed", _plain(old.at[cid, "incident_date"]), old.at[cid, "mission"])
        for cid in old.index.difference(new.index)
    ]
    common = old.index.intersection(new.index)
    compared = [name for name in COMPARED if name in carried(before) & carried(after)]
    a, b = old.loc[common, compared], new.loc[common, compared]
    differs = ~((a == b) | (a.isna() & b.isna()))
    for cid in common[differs.any(axis=1).to_numpy()]:
        fields = {name: (_plain(a.at[cid, name]), _plain(b.at[cid, name])) for name in compared if differs.at[cid, name]}
        changes.append(Change(cid, "reclassified", _plain(b.at[cid, "incident_date"]) if "incident_date" in compared
                              else None, new.at[cid, "mission"], fields))
    order = {"added": 0, "removed": 1, "reclassified": 2}
    changes.sort(key=lambda change: (order[change.change], str(change.incident_date), change.casualty_id))
    return changes
