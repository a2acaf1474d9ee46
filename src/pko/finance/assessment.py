"""Regular-budget assessment as the Secretariat computes it: gross, staff-assessment credit, net (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Bill:
    """Whole-dollar gross, credit and net per state, in the order of the rates given."""

    iso3: list[str]
    rate_percent: np.ndarray
    gross: np.ndarray
    credit: np.ndarray
    net: np.ndarray


def assess(iso3: Sequence[str], rate_percent: np.ndarray, appropriation: float, credit_pool: float,
           withheld: set[str] | frozenset[str] = frozenset({"USA"})) -> Bill:
    """gross = rate x appropriation; net = rate x (appropriation - credit pool), or gross where the credit is
    withheld; credit = gross - net. Each rounded to the dollar (the circulars round gross and net)."""
    rate = np.asarray(rate_percent, dtype="float64") / 100
    credited = ~np.isin(np.asarray(iso3), list(withheld))
    gross = np.rint(rate * appropriation)
    net = np.where(credited, np.rint(rate * (appropriation - credit_pool)), gross)
    return Bill(list(iso3), np.asarray(rate_percent, dtype="float64"), gross.astype("int64"), (gross - net).astype("int64"), net.astype("int64"))


def derive_from_gross(rate_percent: np.ndarray, gross: np.ndarray, credit: np.ndarray, credited: np.ndarray) -> tuple[float, float]:
    """The appropriation (total gross / total rate) and credit pool that a year's published figures imply.

    The pool is the rate-weighted median of credit / rate over credited states, so that the few states whose
    published credit carries its own adjustment (Türkiye, Eritrea, Syria in some years) do not pull it.
    """
    rate = np.asarray(rate_percent, dtype="float64") / 100
    appropriation = float(np.sum(gross) / np.sum(rate))
    shared = credited & (rate > 0)
    ratio, weight = np.asarray(credit, dtype="float64")[shared] / rate[shared], rate[shared]
    order = np.argsort(ratio)
    cumulative = np.cumsum(weight[order])
    pool = float(ratio[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return appropriation, pool


def derive_from_net(rate_percent: np.ndarray, net: np.ndarray, credited: np.ndarray) -> tuple[float, float]:
    """The appropriation and credit pool that a year's published net contributions imply (least squares on
    net = rate x appropriation - credited x rate x pool)."""
    rate = np.asarray(rate_percent, dtype="float64") / 100
    columns = np.column_stack([rate, -rate * credited])
    (appropriation, pool), *_ = np.linalg.lstsq(columns, np.asarray(net, dtype="float64"), rcond=None)
    return float(appropriation), float(pool)
