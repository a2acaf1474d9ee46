"""Fatality rates per 1,000 deployed uniformed personnel per year, from fatality counts and exposure."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2

PER = 1000
EXPOSURE_COLUMNS = ("key", "year", "personnel", "source", "granularity", "complete", "note")


def year_means(monthly: pd.DataFrame) -> pd.DataFrame:
    """Month-end counts (key, month, total) averaged per key and year; `months` says how many months were counted."""
    frame = monthly.assign(year=pd.to_datetime(monthly["month"]).dt.year)
    per_month = frame.groupby(["key", "year", "month"], as_index=False)["total"].sum()
    means = per_month.groupby(["key", "year"], as_index=False).agg(personnel=("total", "mean"), months=("month", "nunique"))
    return means


def poisson_interval(count: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a Poisson mean for each observed count."""
    count = np.asarray(count, dtype=float)
    alpha = 1 - level
    low = np.where(count > 0, chi2.ppf(alpha / 2, 2 * count) / 2, 0.0)
    high = chi2.ppf(1 - alpha / 2, 2 * (count + 1)) / 2
    return low, high


def rates(fatalities: pd.DataFrame, exposure: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Join fatalities (key, year, fatalities) with exposure (EXPOSURE_COLUMNS) and give the rate per 1,000 per year.

    A key-year without exposure, with zero exposure or with exposure flagged incomplete gets no rate
    (None) and a note saying why, instead of a guess; fatalities with no exposure row are kept.
    """
    joined = fatalities.merge(exposure, on=["key", "year"], how="outer")
    joined["fatalities"] = joined["fatalities"].fillna(0).astype(int)
    usable = joined["personnel"].notna() & (joined["personnel"] > 0) & joined["complete"].fillna(False).astype(bool)
    personnel = joined["personnel"].where(usable).astype(float)
    low, high = poisson_interval(joined["fatalities"].to_numpy(), level)
    joined["rate_per_1000"] = (joined["fatalities"] / personnel * PER).round(4)
    joined["rate_low"] = (low / personnel * PER).round(4)
    joined["rate_high"] = (high / personnel * PER).round(4)
    joined["source"] = joined["source"].astype(object).where(joined["source"].notna(), None)
    joined["granularity"] = joined["granularity"].astype(object).where(joined["granularity"].notna(), None)
    missing = joined["personnel"].isna()
    joined["note"] = joined["note"].astype(object).where(~missing, "no exposure: no contributions record covers this year")
    joined["complete"] = joined["complete"].astype(object).where(~missing, None)
    columns = ["key", "year", "fatalities", "personnel", "rate_per_1000", "rate_low", "rate_high",
               "source", "granularity", "complete", "note"]
    out = joined[columns].sort_values(["year", "fatalities", "key"], ascending=[True, False, True], kind="stable")
    out = out.astype(object).where(out.notna(), None)
    out["personnel"] = [None if value is None else round(float(value), 1) for value in out["personnel"]]
    return out.reset_index(drop=True)
