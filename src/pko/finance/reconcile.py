"""What the honour roll's "total contributions" of 2025-2026 are made of (pure).

Each state's figure divided by its rate, k = amount / rate, is not one number as a net assessment's would be:
it takes a few values, one per peacekeeping level. A published amount is therefore read as

    amount = rate x (A - P)  +  rate x (1 - discount) x X      (rate x A + ... where the credit is withheld)

A: gross appropriation at the regular-budget scale, P: staff-assessment credit pool, X: a component assessed at
the peacekeeping scale (1 - discount is the state's peacekeeping rate over its regular-budget rate; the permanent
members pay 1 + premium). Anchors: the lowest k among states with rates precise enough (level J, 1 - 0.9) and the
k of the largest credited contributor outside the permanent members (level B, 1 - 0).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

PRECISE_RATE = 0.01  # percent: below it a whole-dollar amount no longer pins k down to the level
NO_COMPONENT = 100_000.0  # USD: a smaller X is rounding, not a component (net assessments give a few thousand)


@dataclass(frozen=True)
class Decomposition:
    """The components of a year's published figures and each state's fit."""

    appropriation_net: float  # A - P
    appropriation_gross: float | None  # A, from the states whose credit is withheld
    peacekeeping_component: float  # X
    permanent_ratio: float  # measured 1 + premium of the permanent members
    premium_from_levels: float  # 1 + premium computed from the other states' discounts
    rows: list[dict]


def decompose(iso3: Sequence[str], rate_percent: np.ndarray, amount: np.ndarray, discounts: Mapping[str, float],
              withheld: frozenset[str] | set[str], permanent: Sequence[str]) -> Decomposition:
    """Split each state's published amount into a regular-budget part and a peacekeeping-scale part."""
    codes = np.asarray(iso3)
    rate = np.asarray(rate_percent, dtype="float64") / 100
    amount = np.asarray(amount, dtype="float64")
    credited, p5 = ~np.isin(codes, list(withheld)), np.isin(codes, list(permanent))
    usable = credited & ~p5 & (rate * 100 >= PRECISE_RATE)
    if usable.sum() < 2:
        raise ValueError("too few credited states with precise rates to find the components")
    k = amount / np.where(rate > 0, rate, np.nan)
    ratios = np.array(sorted({1 - value for value in discounts.values()}))
    lowest, highest = ratios[0], ratios[-1]
    k_low = float(np.nanmin(k[usable]))
    k_high = float(k[usable][np.argmax(rate[usable])])
    component = (k_high - k_low) / (highest - lowest)
    net = k_low - lowest * component
    if component < NO_COMPONENT:
        return _single(codes, rate, amount, credited)
    ratio = (k - net) / component
    permanent_ratio = float(np.median(ratio[credited & p5])) if (credited & p5).any() else float("nan")
    nearest = ratios[np.abs(ratio[:, None] - ratios[None, :]).argmin(axis=1)]
    # Refit A - P and X by least squares over the states that sit on a level, their levels now known.
    on_level = usable & (np.abs(ratio - nearest) * rate * component < 0.01 * rate * component + 1)
    columns = np.column_stack([rate[on_level], rate[on_level] * nearest[on_level]])
    (net, component), *_ = np.linalg.lstsq(columns, amount[on_level], rcond=None)
    net, component = float(net), float(component)
    ratio = (k - net) / component
    permanent_ratio = float(np.median(ratio[credited & p5])) if (credited & p5).any() else float("nan")
    fitted = np.where(p5, permanent_ratio, nearest)
    gross = None
    if (~credited).any():
        outside = ~credited
        gross = float(np.median(k[outside] - np.where(p5[outside], permanent_ratio, fitted[outside]) * component))
        ratio = np.where(credited, ratio, (k - gross) / component)
    base = np.where(credited, net, gross if gross is not None else net)
    regular = np.rint(rate * base)
    at_level = np.rint(rate * fitted * component)
    measured = np.where(p5, permanent_ratio, ratio)
    discount_given = float(np.sum(np.where(p5, 0.0, rate * (1 - measured))))
    premium = 1 + discount_given / float(np.sum(rate[p5])) if p5.any() else float("nan")
    rows = [{"iso3": str(codes[i]), "rate_percent": float(rate_percent[i]), "published_usd": int(amount[i]),
             "regular_budget_usd": int(regular[i]), "peacekeeping_scale_usd": int(at_level[i]),
             "peacekeeping_ratio": round(float(ratio[i]), 6), "level_ratio": round(float(fitted[i]), 6),
             "deviation_usd": int(amount[i] - regular[i] - at_level[i])} for i in range(len(codes))]
    return Decomposition(net, gross, component, permanent_ratio, premium, rows)


def _single(codes: np.ndarray, rate: np.ndarray, amount: np.ndarray, credited: np.ndarray) -> Decomposition:
    """Figures with no component at the peacekeeping scale: one appropriation and one credit pool for all."""
    columns = np.column_stack([rate, -rate * credited])
    (gross, pool), *_ = np.linalg.lstsq(columns, amount, rcond=None)
    regular = np.rint(rate * np.where(credited, gross - pool, gross))
    rows = [{"iso3": str(codes[i]), "rate_percent": float(rate[i] * 100), "published_usd": int(amount[i]),
             "regular_budget_usd": int(regular[i]), "peacekeeping_scale_usd": 0, "peacekeeping_ratio": None, "level_ratio": None,
             "deviation_usd": int(amount[i] - regular[i])} for i in range(len(codes))]
    return Decomposition(float(gross - pool), float(gross) if (~credited).any() else None, 0.0, float("nan"), float("nan"), rows)
