"""The life of a partnership and the capability it fed (pure): agreed -> delivered -> evaluated."""

from __future__ import annotations

from datetime import date

from pko.forcegen.units import ReadinessLevel

NEXT = {"agreed": "delivered", "delivered": "evaluated", "evaluated": None}


def check_step(status: str, step: str, last_on: date, taken_on: date) -> None:
    """Refuse a step out of order, or dated before the step it follows."""
    if NEXT.get(status) != step:
        expected = NEXT.get(status)
        raise ValueError(f"a partnership {status} cannot be {step}; next step: {expected or 'none (evaluated)'}")
    if taken_on < last_on:
        raise ValueError(f"{step} on {taken_on} cannot come before {status} on {last_on}")


def readiness_after(levels: list[tuple[str, date]], delivered_on: date | None) -> dict:
    """The PCRS level a unit held when support was delivered, its level now, and the first level it reached after."""
    ordered = sorted(levels, key=lambda pair: ReadinessLevel(pair[0]).rank)
    now = ordered[-1][0] if ordered else None
    if delivered_on is None:
        return {"level_at_delivery": None, "level_now": now, "raised": None, "raised_to": None, "raised_on": None}
    before = [level for level, day in ordered if day <= delivered_on]
    after = [(level, day) for level, day in ordered if day > delivered_on]
    at = before[-1] if before else None
    higher = [(level, day) for level, day in after
              if at is None or ReadinessLevel(level).rank > ReadinessLevel(at).rank]
    first = higher[0] if higher else (None, None)
    return {"level_at_delivery": at, "level_now": now, "raised": bool(higher), "raised_to": first[0], "raised_on": first[1]}
