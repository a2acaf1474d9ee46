"""The life of a mandate (pure): draft -> adopted -> renewed/amended (any number of times) -> closed."""

from __future__ import annotations

import re

STATUSES = ("draft", "adopted", "renewed", "amended", "closed")
NEXT = {
    "draft": ("adopted", "closed"),
    "adopted": ("renewed", "amended", "closed"),
    "renewed": ("renewed", "amended", "closed"),
    "amended": ("renewed", "amended", "closed"),
    "closed": (),
}
# Security Council resolution symbols as the UN writes them: "S/RES/2100 (2013)".
RESOLUTION = re.compile(r"S/RES/\d{1,4} \((19[4-9]\d|2\d{3})\)")


def allowed_steps(status: str) -> tuple[str, ...]:
    """The steps a mandate in this status may take next."""
    return NEXT[status]


def check_step(status: str, step: str) -> None:
    """Refuse a step the lifecycle does not allow from this status."""
    if step not in NEXT.get(status, ()):
        allowed = ", ".join(NEXT.get(status, ())) or "none (closed)"
        raise ValueError(f"a {status} mandate cannot be {step}; next steps: {allowed}")


def check_resolution(symbol: str) -> str:
    """A resolution symbol in the UN's form, or an error saying the form."""
    symbol = symbol.strip()
    if not RESOLUTION.fullmatch(symbol):
        raise ValueError(f"'{symbol}' is not a Security Council resolution symbol like 'S/RES/2100 (2013)'")
    return symbol
