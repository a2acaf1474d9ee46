"""Benchmark of the finance engines over all 193 states and all years, beside a plain pandas implementation.

Reads the public finance files, then times (best of --repeat) each engine computing every year at once:
regular-budget assessments 2000-2026 at each year's derived appropriation and credit pool, the peacekeeping
scale of every period for a level table, and the apportionment of every fiscal year 2016/17-2026/27.
Prints the time per call and the ratio engine / pandas (goal: each call well under a second).
Usage: .venv/bin/python bench/finance.py [--repeat 20] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from pko.config import default_data_dir
from pko.finance import apportionment, assessment, scale
from pko.finance.parameters import PERMANENT_MEMBERS, WITHHELD_CREDIT

LEVELS = "BCDEFGHIJ"


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        clock = time.perf_counter()
        function()
        times.append(time.perf_counter() - clock)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--data-dir", type=Path, default=None)
    options = parser.parse_args()
    folder = (options.data_dir or default_data_dir()) / "un_finance"
    gross = pd.read_csv(folder / "un_regular_budget_assessments_2000-2020_leops95.csv", dtype={"credit_usd": str})
    gross["credit_usd"] = gross["credit_usd"].str.rstrip("b").astype("int64")
    net = pd.read_csv(folder / "un_regular_budget_assessments_2019-2026.csv")
    net = net[net["year"] > 2020]
    years = {}
    for year, group in gross.groupby("year"):
        credited = ~group["iso3"].isin(WITHHELD_CREDIT).to_numpy()
        a, p = assessment.derive_from_gross(group["rate_percent"].to_numpy(), group["gross_assessment_usd"].to_numpy(), group["credit_usd"].to_numpy(), credited)
        years[year] = (group["iso3"].tolist(), group["rate_percent"].to_numpy(), a, p)
    for year, group in net.groupby("year"):
        credited = ~group["iso3"].isin(WITHHELD_CREDIT).to_numpy()
        a, p = assessment.derive_from_net(group["rate_percent"].to_numpy(), group["assessment_usd"].to_numpy(), credited)
        years[year] = (group["iso3"].tolist(), group["rate_percent"].to_numpy(), a, p)
    frame = pd.concat([pd.DataFrame({"year": year, "iso3": iso3, "rate": rate, "appropriation": a, "pool": p})
                       for year, (iso3, rate, a, p) in years.items()], ignore_index=True)

    def engine_assess():
        return [assessment.assess(iso3, rate, a, p, WITHHELD_CREDIT) for iso3, rate, a, p in years.values()]

    def pandas_assess():
        out = frame.assign(gross=(frame["rate"] / 100 * frame["appropriation"]).round())
        credited = ~out["iso3"].isin(WITHHELD_CREDIT)
        out["net"] = (out["rate"] / 100 * (out["appropriation"] - out["pool"])).round().where(credited, out["gross"])
        out["credit"] = out["gross"] - out["net"]
        return out

    engine = engine_assess()
    check = pandas_assess()
    assert np.array_equal(np.concatenate([bill.net for bill in engine]), check["net"].to_numpy().astype("int64"))

    scales = {path.stem[-9:]: pd.read_csv(path) for path in sorted(folder.glob("un_regular_budget_scale_*.csv"))}
    rng = np.random.default_rng(7)
    levels = {iso3: scale.Placement("A") for iso3 in PERMANENT_MEMBERS}
    others = sorted(set(scales["2019-2021"]["iso3"]) - set(PERMANENT_MEMBERS))
    levels |= {iso3: scale.Placement(str(rng.choice(list(LEVELS)))) for iso3 in others}
    rbs = {period: dict(zip(rates["iso3"], rates["rate_percent"])) for period, rates in scales.items()}

    def engine_peacekeeping():
        return {period: scale.peacekeeping_scale(rb, {k: v for k, v in levels.items() if k in rb}) for period, rb in rbs.items()}

    level_frame = pd.DataFrame({"iso3": list(levels), "level": [placement.level for placement in levels.values()]})
    discounts = pd.Series(scale.LEVEL_DISCOUNTS)

    def pandas_peacekeeping():
        out = pd.concat([rates.assign(period=period) for period, rates in scales.items()]).merge(level_frame, on="iso3", how="left")
        out["level"] = out["level"].fillna("B")
        out["discount"] = out["level"].map(discounts).fillna(0.0)
        out["given"] = out["rate_percent"] * out["discount"]
        per = out.groupby("period").agg(given=("given", "sum"))
        per["base"] = out[out["level"] == "A"].groupby("period")["rate_percent"].sum()
        out = out.merge((per["given"] / per["base"]).rename("premium"), left_on="period", right_index=True)
        out["pk"] = np.where(out["level"] == "A", out["rate_percent"] * (1 + out["premium"]), out["rate_percent"] * (1 - out["discount"]))
        return out

    by_year = {year: dict(zip(rates["iso3"], rates["rate_percent"])) for period, rates in scales.items()
               for year in range(int(period[:4]), int(period[5:]) + 1)}
    fiscal_years = range(2016, 2027)

    def engine_apportion():
        return [apportionment.apportion(1e9, first, by_year.__getitem__) for first in fiscal_years]

    long = pd.DataFrame([(year, iso3, rate) for year, rates in by_year.items() for iso3, rate in rates.items()], columns=["year", "iso3", "rate"])

    def pandas_apportion():
        halves = pd.concat([long.assign(fy=long["year"]), long.assign(fy=long["year"] - 1)])
        halves = halves[halves["fy"].isin(fiscal_years)]
        return halves.groupby(["fy", "iso3"])["rate"].sum() * 1e9 * 0.5 / 100

    print(f"{'computation':58} {'engine ms':>10} {'pandas ms':>10} {'ratio':>7}")
    for label, mine, theirs in (
        (f"regular-budget assessment, {len(years)} years x ~193 states", engine_assess, pandas_assess),
        (f"peacekeeping scale, {len(rbs)} periods x 193 states", engine_peacekeeping, pandas_peacekeeping),
        (f"apportionment, {len(fiscal_years)} fiscal years x 193 states", engine_apportion, pandas_apportion),
    ):
        ours, pandas_time = best(mine, options.repeat), best(theirs, options.repeat)
        print(f"{label:58} {ours * 1000:10.2f} {pandas_time * 1000:10.2f} {ours / pandas_time:7.2f}")


if __name__ == "__main__":
    main()
