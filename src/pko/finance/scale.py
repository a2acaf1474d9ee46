"""The peacekeeping scale from a regular-budget scale and a level table (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pko.finance.parameters import LEVEL_DISCOUNTS


class LevelError(ValueError):
    """A level table that cannot be applied."""


@dataclass(frozen=True)
class Placement:
    """A state's level; during a transition it moves from `previous` to `level` in `steps` equal steps."""

    level: str
    previous: str | None = None
    steps: int = 1
    step: int = 1


@dataclass(frozen=True)
class Effective:
    """A state's peacekeeping rate with how it was reached."""

    iso3: str
    level: str
    rb_rate: float
    discount: float
    rate: float


def discount_of(placement: Placement) -> float:
    """The discount of a placement, a transition moving in equal steps from the previous level's discount."""
    target = LEVEL_DISCOUNTS[placement.level]
    if placement.previous is None or placement.step >= placement.steps:
        return target
    start = 0.0 if placement.previous == "A" else LEVEL_DISCOUNTS[placement.previous]
    return start + (target - start) * placement.step / placement.steps


def peacekeeping_scale(rb: Mapping[str, float], levels: Mapping[str, Placement],
                       exceptional: Mapping[str, float] | None = None) -> list[Effective]:
    """Discounts for levels C-J (and exceptional ones), paid by the level-A states pro rata to their
    regular-budget rates; a state the table omits is at level B (no discount)."""
    unknown = sorted(set(levels) - set(rb))
    if unknown:
        raise LevelError(f"not in the regular-budget scale: {', '.join(unknown)}")
    for iso3, placement in levels.items():
        for level in (placement.level, placement.previous):
            if level is not None and level != "A" and level not in LEVEL_DISCOUNTS:
                raise LevelError(f"{iso3}: '{level}' is not a level A-J")
        if placement.steps < 1 or not 1 <= placement.step <= placement.steps:
            raise LevelError(f"{iso3}: step {placement.step} of {placement.steps} is not a valid transition step")
    premium_payers = [iso3 for iso3, placement in levels.items() if placement.level == "A"]
    if not premium_payers:
        raise LevelError("no level-A state to pay the premium")
    exceptional = exceptional or {}
    discounts = {}
    for iso3 in rb:
        placement = levels.get(iso3, Placement("B"))
        discounts[iso3] = 0.0 if placement.level == "A" else exceptional.get(iso3, discount_of(placement))
    total_discount = sum(rb[iso3] * discounts[iso3] for iso3 in rb)
    base = sum(rb[iso3] for iso3 in premium_payers)
    if base <= 0:
        raise LevelError("the level-A states have no regular-budget rate to carry the premium")
    premium = total_discount / base
    rows = []
    for iso3, rate in rb.items():
        level = levels.get(iso3, Placement("B")).level
        share = -premium if level == "A" else discounts[iso3]
        rows.append(Effective(iso3, level, rate, share, rate * (1 - share)))
    return rows
