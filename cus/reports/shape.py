"""The shape of a monthly funder report's figures (``ReportRun.data``): the contract between the
computation (``cus/reports/figures.py``) and the renderers (``cus/reports/rendering/``).

Everything is JSON: money and units are decimal strings, dates ISO strings, counts integers.
A *breakdown* counts participants by the ESF+ common output indicators (DOMAIN.md), each split by gender.
"""

from __future__ import annotations

from typing import TypedDict


class ByGender(TypedDict):
    female: int
    male: int
    other: int
    total: int


class Breakdown(TypedDict):
    """Participants counted at entry (snapshots in clients.Participation), each indicator by gender."""

    total: ByGender
    unemployed: ByGender  # incl. long-term unemployed
    long_term_unemployed: ByGender
    inactive: ByGender
    employed: ByGender  # incl. self-employed
    age_below_18: ByGender
    age_18_29: ByGender
    age_30_54: ByGender
    age_55_plus: ByGender
    isced_0_2: ByGender
    isced_3_4: ByGender
    isced_5_8: ByGender
    with_disabilities: ByGender
    third_country_nationals: ByGender
    foreign_background: ByGender
    minorities: ByGender
    homeless_or_housing_exclusion: ByGender
    rural_areas: ByGender


class Results(TypedDict):
    """Result indicators of the participants who left in the month (exit snapshots)."""

    job_searching: ByGender
    in_education_or_training: ByGender
    gained_qualification: ByGender
    in_employment: ByGender
    followup_in_employment: ByGender  # six months after leaving, of those whose follow-up is recorded
    followup_improved_situation: ByGender


class Participants(TypedDict):
    new: Breakdown  # entered in the month
    active: Breakdown  # in the project on any day of the month
    leaving: Breakdown  # left in the month
    cumulative: Breakdown  # entered from the project start to the month's end
    results: Results


class ProjectFigures(TypedDict):
    funding_source_id: str
    name: str
    project_code: str
    funder: str
    participants: Participants


class ServiceRow(TypedDict):
    service_type: str  # code
    name: str  # in the centre's language
    unit: str
    units_planned: str  # planned for the month by active plans' services of the type
    units_contracted: str  # contract lines' monthly capacity for the type (sum), "" when none set
    units_delivered: str  # in-force delivered logs (outcome delivered) in the month
    hours: str  # delivered minutes / 60, two decimals
    clients: int  # distinct clients with a delivered log
    cost: str


class ContractLineRow(TypedDict):
    contract_id: str
    contract_number: str
    provider: str
    service_type: str
    funding_source: str
    unit_price: str
    budget: str  # "" when the line has no budget
    units_delivered_month: str
    amount_spent_month: str
    amount_spent_to_date: str  # from the contract start to the month's end
    amount_remaining: str  # "" when the line has no budget
    budget_used_percent: str  # "" when the line has no budget


class VolunteerFigures(TypedDict):
    volunteers: int  # with verified hours in the month
    minutes: int
    hours: str
    in_kind_value: str  # hours times the centre's hourly in-kind rate


class PlanFigures(TypedDict):
    opened: int  # activated in the month
    reviewed: int  # reviews dated in the month
    closed: int
    goals_achieved: int
    active_at_month_end: int


class WaitingList(TypedDict):
    count: int  # planned services without a provider at the month's end
    clients: int
    median_wait_days: str  # "" when nobody waits


class Change(TypedDict):
    """A figure that differs from the report frozen when this month (or an earlier one) was closed."""

    month: str
    path: str  # dotted path into the figures, e.g. "services.home_care.units_delivered"
    was: str
    now: str


class ParticipantRow(TypedDict):
    """One participation in a funded project, pseudonymised, for the funder's participant-level export.

    Never a name, national ID, address or birth date: ``pseudonym`` is the centre's keyed hash of the client
    (``cus/reports/pseudonyms.py``). The attributes are the entry snapshot; the results the exit snapshot.
    One row per participation active on any day of the month (a client in two projects has two rows).
    """

    pseudonym: str
    project_code: str  # the funding source's project code
    entry_date: str  # ISO date
    exit_date: str  # ISO date, "" while in the project
    exit_reason: str  # clients.ClosureReason value, "" while in the project
    sex: str  # clients.Sex value at entry
    age_at_entry: int
    labour_market_status: str  # clients.LabourMarketStatus value at entry, "" unknown
    education_level: str  # clients.EducationLevel value at entry, "" unknown
    with_disabilities: bool | None  # None: unknown
    third_country_national: bool | None
    foreign_background: bool | None
    minority: bool | None
    homeless_or_housing_exclusion: bool | None
    rural_area: bool | None
    job_searching: bool | None  # exit results: None while in the project or not recorded
    in_education_or_training: bool | None
    gained_qualification: bool | None
    in_employment: bool | None
    followup_in_employment: bool | None  # six months after leaving: None until recorded
    followup_improved_situation: bool | None


class ReportData(TypedDict):
    centre: dict[str, str]  # name, code, municipality, country, language, currency
    month: str  # YYYY-MM
    period_start: str
    period_end: str
    cut_off_at: str  # ISO 8601: only rows recorded up to here are counted
    version: int
    funder_header: dict[str, str]  # programme, project(s), beneficiary: what the funder requires on top
    projects: list[ProjectFigures]  # one per ESF+ (or other) funding source with participations
    participants: Participants  # all projects together
    services: list[ServiceRow]
    contracts: list[ContractLineRow]
    volunteers: VolunteerFigures
    plans: PlanFigures
    waiting_list: WaitingList
    changes_since_close: list[Change]
    participant_rows: list[ParticipantRow]  # for the pseudonymised participants CSV only; not in the PDF
