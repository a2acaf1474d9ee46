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


class StateArrearsOut(BaseModel):
    """A state's year: assessed, paid, and the arrears upper bound at the honour-roll date (USD)."""

    year: int
    iso3: str
    assessed_usd: int
    paid_in_full: bool
    paid_usd: float | None
    paid_beyond_assessment_usd: float | None
    unpaid_of_year_usd: int
    arrears_carried_in_usd: int
    arrears_upper_bound_usd: int
    complete: bool


class YearArrearsOut(BaseModel):
    """A year's arrears over every state, with what makes the figure uncertain."""

    year: int
    states_not_paid_in_full: int
    unpaid_of_year_usd: int
    arrears_upper_bound_usd: int
    states_uncertain: int
    caveat: str | None


class StatePaymentOut(BaseModel):
    """A state's assessment and payment in one year."""

    iso3: str
    assessed_usd: int
    paid_on_time: bool
    paid_in_full_on: str | None
    days_to_pay: int | None


class ContributionSplitOut(BaseModel):
    """A state's published contribution split into the regular budget and the peacekeeping-scale component."""

    iso3: str
    rate_percent: float
    published_usd: int
    regular_budget_usd: int
    peacekeeping_scale_usd: int
    peacekeeping_ratio: float | None
    level_ratio: float | None
    deviation_usd: int


class TotalContributionsOut(BaseModel):
    """A year's published contributions split into the regular budget and a component at the peacekeeping scale."""

    year: int
    published: str
    published_total_usd: int
    appropriation_net_usd: int
    appropriation_gross_usd: int | None
    credit_pool_usd: int | None
    regular_budget_part_usd: int
    peacekeeping_scale_component_usd: int
    above_regular_budget_usd: int
    above_regular_budget_share: float | None
    permanent_member_ratio: float | None
    premium_ratio_from_levels: float | None
    max_deviation_on_level_usd: int
    states_between_levels: str | None
    rows: list[ContributionSplitOut]
    definition: str
    sources: list[str]
