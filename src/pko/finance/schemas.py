"""Finance API shapes."""

from __future__ import annotations

from pydantic import BaseModel


class ParameterOut(BaseModel):
    name: str
    key: str
    value: float | None
    unit: str
    start: str
    until: str | None
    source: str
    status: str
    note: str | None


class RateOut(BaseModel):
    iso3: str
    member_state: str
    rate_percent: float


class YearOut(BaseModel):
    year: int
    gross_appropriation_usd: int
    credit_pool_usd: int
    published: str
    rate_sum_percent: float
    max_net_deviation_usd: int
    max_net_deviation_share: float
    max_gross_deviation_usd: int | None = None
    max_credit_deviation_usd: int | None = None
    states_off_by_more_than_1_usd: int
    states_off: str | None = None
    note: str | None = None


class BillOut(BaseModel):
    iso3: str
    rate_percent: float
    gross_usd: int
    credit_usd: int
    net_usd: int
    published_gross_usd: int | None = None
    published_credit_usd: int | None = None
    published_net_usd: int | None = None


class AssessmentOut(BaseModel):
    year: int
    gross_appropriation_usd: float
    credit_pool_usd: float
    rates: str
    published: str | None
    rows: list[BillOut]
    sources: list[str]


class ShareOut(BaseModel):
    iso3: str
    share_usd: float


class ApportionmentOut(BaseModel):
    fiscal_year: str
    amount_usd: float
    scales: dict[str, str]
    note: str
    rows: list[ShareOut]
    sources: list[str]


class LevelIn(BaseModel):
    iso3: str
    level: str
    previous_level: str | None = None
    steps: int = 1
    step: int = 1


class PeacekeepingRateOut(BaseModel):
    iso3: str
    level: str
    rb_rate_percent: float
    discount: float
    peacekeeping_rate_percent: float
