"""A fiscal-year (July-June) budget split per state, each calendar year's months at that year's scale (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

FISCAL_YEAR = re.compile(r"(\d{4})/(\d{2}|\d{4})")


def fiscal_year(text: str) -> tuple[int, int]:
    """'2019/20' or '2019/2020' -> (2019, 2020); anything else is a ValueError."""
    found = FISCAL_YEAR.fullmatch(text.strip())
    if not found:
        raise ValueError(f"'{text}' is not a fiscal year of the form 2019/20")
    first = int(found.group(1))
    second = int(found.group(2)) if len(found.group(2)) == 4 else first + 1 - (first + 1) % 100 + int(found.group(2))
    if second != first + 1:
        raise ValueError(f"'{text}': a fiscal year runs July to June of the next year")
    return first, second


def apportion(amount: float, first: int, scale_of: Callable[[int], Mapping[str, float]]) -> dict[str, float]:
    """Each state's share in dollars: 6/12 of the amount at the scale (percent) of July-December's year,
    6/12 at that of January-June's year. A state on one scale only pays its months."""
    july, january = scale_of(first), scale_of(first + 1)
    half = amount * 6 / 12
    shares: dict[str, float] = {}
    for scale in (july, january):
        for iso3, rate in scale.items():
            shares[iso3] = shares.get(iso3, 0.0) + half * rate / 100
    return shares


UN_SHARE_CAP = 0.75  # Security Council resolution 2719 (2023): up to 75% from UN assessed contributions


def au_operation(budget: float, un_shares: list[float], rates: Mapping[str, float]) -> tuple[dict[str, list[float]], list[float]]:
    """For each scenario share: the UN part of an AU-led operation's budget per state (at the rates given,
    percent) and the remainder left to the AU and partners."""
    for share in un_shares:
        if not 0 <= share <= UN_SHARE_CAP:
            raise ValueError(f"a UN share of {share} is outside 0..{UN_SHARE_CAP} (resolution 2719: up to 75%)")
    per_state = {iso3: [budget * share * rate / 100 for share in un_shares] for iso3, rate in rates.items()}
    return per_state, [budget * (1 - share) for share in un_shares]
